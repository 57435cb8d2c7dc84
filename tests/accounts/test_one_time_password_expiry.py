"""A one-time password (one an admin gave: `user add`, `user password`) signs in for
settings.ONE_TIME_PASSWORD_HOURS from its issue, then no longer: a password sent by chat or mail
long ago must not still open the account. The sign-in page says what it says of a wrong password,
the log says why, an admin's reset gives a fresh window, and choosing one's own clears it all.
A session it opened just before the expiry is signed out at its next request after it, and
chooses no password.

Time is moved the way the other sign-in tests move it: the stored issue time is dated back."""

from __future__ import annotations

import logging
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from click.testing import CliRunner
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.utils import timezone

from khavaran.accounts.actions import OneTimePasswordExpired, change_own_password, set_password
from khavaran.accounts.models import User
from khavaran.audit.models import AuditEvent
from khavaran.cli.main import cli
from khavaran.verify import verify_all
from tests.accounts.wiring import CHOOSE, GIVEN, ONE_TIME_MIDDLEWARE, ada_and_vida

pytestmark = pytest.mark.django_db

CHOSEN = "vida's own long passphrase"


@pytest.fixture(autouse=True)
def staff(settings, data_dir) -> None:
    ada_and_vida(settings)


def issued_ago(hours: float, name: str = "vida") -> None:
    issued = timezone.now() - timedelta(hours=hours)
    User.objects.filter(username=name).update(one_time_password_issued_at=issued)


def sign_in(password: str, name: str = "vida") -> tuple[Client, object]:
    client = Client()
    return client, client.post("/login/", {"username": name, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def refusal(response: object) -> list[str]:
    return list(response.context["form"].non_field_errors())  # type: ignore[attr-defined]


def test_a_one_time_password_older_than_the_limit_no_longer_signs_in() -> None:
    issued_ago(72)
    client, response = sign_in(GIVEN)
    assert response.status_code == 200 and not signed_in(client)


def test_a_one_time_password_within_the_limit_signs_in_to_choose_ones_own() -> None:
    issued_ago(71.9)
    client, response = sign_in(GIVEN)
    assert response.status_code == 302 and signed_in(client)
    assert client.get("/sources/")["Location"].startswith(CHOOSE)


def test_the_limit_is_the_setting(settings) -> None:
    settings.ONE_TIME_PASSWORD_HOURS = 2
    issued_ago(2.1)
    assert not signed_in(sign_in(GIVEN)[0])
    settings.ONE_TIME_PASSWORD_HOURS = 3
    assert signed_in(sign_in(GIVEN)[0])


def test_the_refusal_says_no_more_than_a_wrong_password_does() -> None:
    # Whoever holds an old message must not learn that the account exists, or that the
    # password was once right.
    issued_ago(100)
    _, expired = sign_in(GIVEN)
    _, wrong = sign_in("a wrong guess", name="ada")
    assert refusal(expired) == refusal(wrong)
    assert "one-time" not in expired.content.decode()


def test_the_log_says_why_the_sign_in_was_refused_never_the_password(caplog) -> None:
    issued_ago(100)
    issued = User.objects.get(username="vida").one_time_password_issued_at
    with caplog.at_level(logging.WARNING):
        sign_in(GIVEN)
    [line] = [r.getMessage() for r in caplog.records if r.name == "khavaran.signin"]
    assert line.startswith('sign-in refused for account "vida" from 127.0.0.1: its one-time ')
    assert f"(issued {issued:%Y-%m-%d %H:%M} UTC) is older than 72 hours" in line
    assert line.endswith("give a new one with `khavaran user password vida`")
    assert GIVEN not in caplog.text


def test_an_expired_one_time_password_counts_as_a_failed_sign_in() -> None:
    issued_ago(100)
    sign_in(GIVEN)
    assert AccessAttempt.objects.get(username="vida").failures_since_start == 1


def test_a_wrong_password_is_not_logged_as_an_expired_one(caplog) -> None:
    issued_ago(100)
    with caplog.at_level(logging.WARNING):
        sign_in("a wrong guess")
    assert "one-time password" not in caplog.text


def test_a_one_time_password_whose_issue_time_is_unknown_counts_as_expired() -> None:
    # Only a write outside Khavaran leaves one without its time.
    User.objects.filter(username="vida").update(one_time_password_issued_at=None)
    assert not signed_in(sign_in(GIVEN)[0])


def test_an_admins_reset_gives_a_fresh_window() -> None:
    issued_ago(100)
    set_password("vida", "a reset passphrase 2024", actor="ada", reason="hers expired")
    vida = User.objects.get(username="vida")
    assert timezone.now() - vida.one_time_password_issued_at < timedelta(minutes=1)
    client, response = sign_in("a reset passphrase 2024")
    assert response.status_code == 302 and signed_in(client)


def test_choosing_ones_own_password_clears_the_issue_time_and_it_never_expires() -> None:
    vida = User.objects.get(username="vida")
    change_own_password(vida, GIVEN, CHOSEN)
    assert vida.one_time_password_issued_at is None
    assert User.objects.get(username="vida").one_time_password_issued_at is None
    issued_ago(1000)  # a stray time left behind would not matter either
    assert signed_in(sign_in(CHOSEN)[0])


def test_an_account_made_with_its_users_own_password_has_no_issue_time() -> None:
    assert User.objects.get(username="ada").one_time_password_issued_at is None


def test_the_audit_log_records_when_a_one_time_password_was_issued() -> None:
    set_password("vida", "a reset passphrase 2024", actor="ada", reason="forgotten")
    issued = User.objects.get(username="vida").one_time_password_issued_at
    event = AuditEvent.objects.order_by("seq").last()
    assert event.after["one_time_password_issued_at"] == issued.isoformat(timespec="seconds")
    change_own_password(User.objects.get(username="vida"), "a reset passphrase 2024", CHOSEN)
    event = AuditEvent.objects.order_by("seq").last()
    assert event.after["one_time_password_issued_at"] is None
    assert verify_all().ok


def test_verify_finds_an_issue_time_moved_behind_the_log(data_dir: Path) -> None:
    # Moved forward, an old password would sign in again.
    User.objects.filter(username="vida").update(
        one_time_password_issued_at=timezone.now() + timedelta(days=30)
    )
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "verify"])
    assert result.exit_code != 0
    assert (
        "one_time_password_issued_at differs from what the audit log last recorded" in result.output
    )


def test_the_upgrade_counts_a_one_time_password_already_held_as_issued_at_the_upgrade() -> None:
    # Before the upgrade no account had an issue time.
    User.objects.update(one_time_password_issued_at=None)
    migration = import_module("khavaran.accounts.migrations.0003_one_time_password_issued_at")
    state = MigrationLoader(connection).project_state(
        ("accounts", "0003_one_time_password_issued_at")
    )
    before = timezone.now()
    migration.issue_held_one_time_passwords_now(state.apps, None)
    vida = User.objects.get(username="vida")
    assert before <= vida.one_time_password_issued_at <= timezone.now()
    assert User.objects.get(username="ada").one_time_password_issued_at is None
    # Nobody is locked out by the upgrade itself.
    assert signed_in(sign_in(GIVEN)[0])


# A session opened with a one-time password shortly before it expired: the expiry ends the
# password's power, so the session may no longer choose a password, nor open anything else.
SIGNED_OUT = "Your one-time password has expired, so you were signed out before choosing your own."


def signed_in_just_before_the_expiry() -> Client:
    issued_ago(71.9)
    client, response = sign_in(GIVEN)
    assert response.status_code == 302 and signed_in(client)
    return client


def still_holds_the_one_time_password() -> bool:
    vida = User.objects.get(username="vida")
    return vida.must_change_password and vida.check_password(GIVEN)


def test_a_session_whose_one_time_password_expired_cannot_open_the_page_to_choose_one() -> None:
    client = signed_in_just_before_the_expiry()
    issued_ago(72)
    response = client.get(CHOOSE)
    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert not signed_in(client)
    page = client.get("/login/").content.decode()
    assert SIGNED_OUT in page and "Ask an administrator to give you a new one." in page


def test_a_form_opened_before_the_expiry_and_sent_after_it_chooses_nothing() -> None:
    client = signed_in_just_before_the_expiry()
    assert client.get(CHOOSE).status_code == 200
    issued_ago(72)
    form = {"current": GIVEN, "new": CHOSEN, "again": CHOSEN}
    response = client.post(CHOOSE, form, follow=True)
    assert response.redirect_chain == [("/login/", 302)]
    assert SIGNED_OUT in response.content.decode() and not signed_in(client)
    assert still_holds_the_one_time_password()
    assert not AuditEvent.objects.filter(action="change_password").exists()


def test_the_sign_out_flushes_the_session() -> None:
    client = signed_in_just_before_the_expiry()
    session = client.session
    session["left behind"] = "by the expired session"
    session.save()
    issued_ago(72)
    client.get(CHOOSE)
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert "left behind" not in client.session


def test_every_other_page_signs_out_a_session_whose_one_time_password_expired() -> None:
    for page in ("/sources/", "/"):
        client = signed_in_just_before_the_expiry()
        issued_ago(72)
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, "/login/"), page
        assert not signed_in(client), page
    client = signed_in_just_before_the_expiry()
    issued_ago(72)
    htmx = client.get("/sources/", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == "/login/" and not signed_in(client)


def test_an_open_page_goes_on_but_signed_out() -> None:
    # The sign-in page itself: it says why, and a new sign-in is possible at once.
    client = signed_in_just_before_the_expiry()
    issued_ago(72)
    response = client.get("/login/")
    assert response.status_code == 200 and SIGNED_OUT in response.content.decode()
    assert not signed_in(client)


def test_the_log_says_the_expired_session_was_signed_out_never_the_password(caplog) -> None:
    client = signed_in_just_before_the_expiry()
    issued_ago(72)
    issued = User.objects.get(username="vida").one_time_password_issued_at
    with caplog.at_level(logging.WARNING):
        client.post(CHOOSE, {"current": GIVEN, "new": CHOSEN, "again": CHOSEN})
    [line] = [r.getMessage() for r in caplog.records if r.name == "khavaran.signin"]
    assert line.startswith(
        'session signed out before it chose a password for account "vida" from 127.0.0.1: '
    )
    assert f"(issued {issued:%Y-%m-%d %H:%M} UTC) is older than 72 hours" in line
    assert line.endswith("give a new one with `khavaran user password vida`")
    assert GIVEN not in caplog.text and CHOSEN not in caplog.text


def test_the_choosing_itself_refuses_an_expired_one_time_password() -> None:
    # Whatever calls it: a request that passed the page's check a moment before the expiry.
    issued_ago(72)
    with pytest.raises(OneTimePasswordExpired, match="an administrator must give a new one"):
        change_own_password(User.objects.get(username="vida"), GIVEN, CHOSEN)
    assert still_holds_the_one_time_password()


def test_the_page_signs_out_a_session_whose_password_expired_past_the_middleware(
    settings,
) -> None:
    client = signed_in_just_before_the_expiry()
    issued_ago(72)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != ONE_TIME_MIDDLEWARE]
    response = client.post(CHOOSE, {"current": GIVEN, "new": CHOSEN, "again": CHOSEN})
    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert not signed_in(client) and still_holds_the_one_time_password()


def test_a_one_time_password_expires_its_hours_after_its_issue(settings) -> None:
    settings.ONE_TIME_PASSWORD_HOURS = 5
    vida = User.objects.get(username="vida")
    assert vida.one_time_password_expires_at() == (
        vida.one_time_password_issued_at + timedelta(hours=5)
    )
    change_own_password(vida, GIVEN, CHOSEN)
    assert vida.one_time_password_expires_at() is None
