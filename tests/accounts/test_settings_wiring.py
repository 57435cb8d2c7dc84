"""The project's settings use the password rules, confine a one-time password to choosing a
new one, and tell django-axes the client's address behind a proxy and how to log an attempt."""

from __future__ import annotations

from django.conf import settings

from tests.accounts.wiring import AXES_WIRING, ONE_TIME_MIDDLEWARE


def test_the_settings_apply_the_password_rules() -> None:
    from khavaran.accounts.passwords import PASSWORD_VALIDATORS

    assert settings.AUTH_PASSWORD_VALIDATORS == PASSWORD_VALIDATORS


def test_the_settings_check_one_time_passwords_after_the_user_is_known() -> None:
    middleware = settings.MIDDLEWARE
    assert ONE_TIME_MIDDLEWARE in middleware
    signed_in = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware.index(ONE_TIME_MIDDLEWARE) > signed_in


def test_the_settings_give_axes_the_clients_address_and_a_log_naming_the_account() -> None:
    assert {name: getattr(settings, name, None) for name in AXES_WIRING} == AXES_WIRING
    # One attacker's address locks only itself out of a name, never the name everywhere.
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
