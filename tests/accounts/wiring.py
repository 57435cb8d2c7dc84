"""The settings lines the accounts code asks of `khavaran/config/settings.py`, applied on top
of it, so these tests check the behaviour whatever the settings say yet;
`test_settings_wiring.py` checks that the settings say it."""

from __future__ import annotations

from typing import Any

from khavaran.accounts.passwords import PASSWORD_VALIDATORS

ONE_TIME_MIDDLEWARE = "khavaran.web.sessions.OneTimePasswordMiddleware"
AXES_WIRING = {
    "AXES_CLIENT_IP_CALLABLE": "khavaran.web.signin.client_address",
    "AXES_CLIENT_STR_CALLABLE": "khavaran.web.signin.client_str",
}


def wire(settings: Any) -> None:
    settings.AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS
    for name, value in AXES_WIRING.items():
        setattr(settings, name, value)
    if ONE_TIME_MIDDLEWARE not in settings.MIDDLEWARE:
        after = settings.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[:after],
            ONE_TIME_MIDDLEWARE,
            *settings.MIDDLEWARE[after:],
        ]
    if not hasattr(settings, "TRUSTED_PROXIES"):
        settings.TRUSTED_PROXIES = ()


# The password an admin (ada) gave a viewer (vida), and where vida is sent to choose her own.
GIVEN = "given by the admin 1988"
CHOOSE = "/account/password/"


def ada_and_vida(settings: Any) -> None:
    """An admin (ada) with her own password; a viewer (vida) with one ada gave her (`GIVEN`),
    on the wired settings with a fast password hasher."""
    from khavaran.accounts.actions import create_user

    wire(settings)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_user("ada", role="admin", password="ada's own passphrase", actor="test")
    create_user("vida", role="viewer", password=GIVEN, actor="ada", one_time=True)
