"""Wrong passwords behind a reverse proxy: django-axes locks a name from the client's own
address (the one the trusted proxy forwards), so an attacker locks out only themselves; a name
guessed from many addresses is slowed, not locked; the log names the account and the address;
an admin unlocks (`user unlock`, `user password`), audited."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from click.testing import CliRunner
from django.conf import settings as django_settings
from django.test import Client

from khavaran.accounts.actions import UserError, create_user, set_password, unlock_user
from khavaran.audit.models import AuditEvent
from khavaran.cli.main import cli
from khavaran.verify import verify_all
from khavaran.web import signin
from tests.accounts.wiring import wire

pytestmark = pytest.mark.django_db

PASSWORD = "vida's long passphrase"
PROXY = "10.0.0.1"
ATTACKER, VIDA = "203.0.113.66", "198.51.100.7"


@pytest.fixture(autouse=True)
def staff(settings, data_dir) -> None:
    """An admin (ada) and a viewer (vida), behind a reverse proxy at 10.0.0.1."""
    wire(settings)
    settings.TRUSTED_PROXIES = (PROXY,)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_user("ada", role="admin", password="ada's long passphrase", actor="test")
    create_user("vida", role="viewer", password=PASSWORD, actor="test")


def from_(address: str) -> Client:
    """A browser whose requests reach the app through the proxy, forwarded for `address`."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, password: str, name: str = "vida") -> int:
    return client.post("/login/", {"username": name, "password": password}).status_code


def fail(client: Client, times: int | None = None, name: str = "vida") -> None:
    for _ in range(times or django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, "a wrong guess", name)


def test_wrong_passwords_through_the_proxy_lock_out_only_the_address_they_came_from() -> None:
    attacker = from_(ATTACKER)
    fail(attacker)
    assert sign_in(attacker, PASSWORD) == 429
    assert sign_in(from_(VIDA), PASSWORD) == 302


def test_a_client_that_is_no_trusted_proxy_cannot_claim_another_address() -> None:
    spoofing = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.1")
    fail(spoofing)
    dodge = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert sign_in(dodge, PASSWORD) == 429


def test_a_name_guessed_from_many_addresses_is_slowed_not_locked() -> None:
    for n in range(signin.SLOW_AFTER_ADDRESSES + 1):
        fail(from_(f"203.0.113.{n + 1}"))
    slowed = from_(VIDA).post("/login/", {"username": "vida", "password": PASSWORD})
    assert slowed.status_code == 429
    assert "wait" in slowed.content.decode() and "_auth_user_id" not in slowed.client.session
    pause_passes()
    assert sign_in(from_(VIDA), PASSWORD) == 302


def test_one_locked_address_cannot_keep_a_name_slowed_on_its_own() -> None:
    attacker = from_(ATTACKER)
    fail(attacker)
    for n in range(signin.SLOW_AFTER_ADDRESSES - 1):
        fail(from_(f"203.0.113.{n + 1}"))
    fail(from_("203.0.113.99"), times=1)  # one more than the ceiling: the name is slowed
    pause_passes()
    fail(attacker, times=4 * django_settings.AXES_FAILURE_LIMIT)
    assert sign_in(attacker, PASSWORD) == 429
    assert sign_in(from_(VIDA), PASSWORD) == 302


def pause_passes() -> None:
    """SLOW_SECONDS pass without a try."""
    earlier = timedelta(seconds=signin.SLOW_SECONDS)
    for pk, at in AccessAttempt.objects.values_list("pk", "attempt_time"):
        AccessAttempt.objects.filter(pk=pk).update(attempt_time=at - earlier)


def test_the_log_names_the_account_and_the_address_of_a_lockout_never_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        fail(from_(ATTACKER))
    lockouts = [r.getMessage() for r in caplog.records if "Locking out" in r.getMessage()]
    assert lockouts == [
        f'AXES: Locking out {{account: "vida", address: {ATTACKER}}} after repeated login failures.'
    ]
    assert "a wrong guess" not in caplog.text


def test_a_name_that_is_no_account_is_not_repeated_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        fail(from_(ATTACKER), name="vida's long passphrase")
    assert "passphrase" not in caplog.text
    assert f"(a name that is no account), address: {ATTACKER}" in caplog.text


def test_an_admin_unlocks_a_name_everywhere_audited_with_the_reason() -> None:
    fail(from_(ATTACKER))
    fail(from_(VIDA))
    assert unlock_user("vida", actor="ada", reason="she called; the lockout was not her") == 2
    assert sign_in(from_(VIDA), PASSWORD) == 302
    event = AuditEvent.objects.order_by("seq").last()
    assert (event.actor, event.action, event.reason) == (
        "ada",
        "unlock",
        "she called; the lockout was not her",
    )
    assert event.before == event.after
    assert verify_all().ok


def test_unlock_refuses_a_name_with_no_wrong_password_and_an_empty_reason() -> None:
    with pytest.raises(
        UserError, match=r"^no wrong password is recorded for vida: nothing to unlock$"
    ):
        unlock_user("vida", actor="ada", reason="just in case")
    fail(from_(ATTACKER))
    with pytest.raises(UserError, match="give a reason"):
        unlock_user("vida", actor="ada", reason=" ")
    assert AccessAttempt.objects.filter(username="vida").exists()


def test_a_new_password_from_an_admin_also_unlocks() -> None:
    fail(from_(VIDA))
    set_password("vida", "a reset passphrase", actor="ada", reason="locked out and forgotten")
    assert sign_in(from_(VIDA), "a reset passphrase") == 302


def test_user_unlock_on_the_command_line(data_dir: Path) -> None:
    fail(from_(ATTACKER))
    run = CliRunner()
    base = ["--data-dir", str(data_dir)]
    done = run.invoke(cli, [*base, "--as", "ada", "user", "unlock", "vida", "--reason", "called"])
    assert (done.exit_code, done.output) == (
        0,
        "unlocked vida; cleared the wrong passwords of 1 address\n",
    )
    again = run.invoke(cli, [*base, "--as", "ada", "user", "unlock", "vida", "--reason", "again"])
    assert (again.exit_code, again.output) == (
        1,
        "Error: no wrong password is recorded for vida: nothing to unlock\n",
    )
    fail(from_(ATTACKER))
    refused = run.invoke(cli, [*base, "--as", "vida", "user", "unlock", "vida", "--reason", "me"])
    assert (refused.exit_code, refused.output) == (1, "Error: only an admin may manage accounts\n")
    assert AccessAttempt.objects.filter(username="vida").exists()


def test_a_name_that_is_no_account_is_kept_only_as_a_digest_and_still_locks() -> None:
    # A witness's name, or a password typed into the name box, must not sit in the database.
    attacker = from_(ATTACKER)
    fail(attacker, name="Zahra Karimi witness")
    kept = list(AccessAttempt.objects.values_list("username", flat=True))
    assert kept and not any("Zahra" in name for name in kept)
    assert kept[0].startswith("(no account ")
    assert sign_in(attacker, "anything", name="Zahra Karimi witness") == 429
    # An account's own name is kept as it is, for `user unlock`.
    fail(from_(VIDA), times=1)
    assert AccessAttempt.objects.filter(username="vida").exists()


def test_a_sign_in_forgets_addresses_older_than_the_retention_and_expired_sessions() -> None:
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    old = timezone.now() - timedelta(days=signin.SIGN_IN_RECORDS_DAYS + 1)
    fail(from_(ATTACKER), times=1)
    AccessAttempt.objects.update(attempt_time=old)
    assert sign_in(from_(VIDA), PASSWORD) == 302
    AccessLog.objects.update(attempt_time=old)
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=old)
    assert sign_in(from_(VIDA), PASSWORD) == 302
    assert not AccessAttempt.objects.exists()
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["vida"]  # today's
    assert not Session.objects.filter(session_key="x" * 32).exists()
