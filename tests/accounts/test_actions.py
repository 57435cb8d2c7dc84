"""The account actions: a change takes effect on the web at once (a deactivated user or a
changed password signs out every session), is audited with its reason, never leaves the
organization without an active admin, and is made whole or not at all."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from khavaran.accounts import actions
from khavaran.accounts.actions import (
    UserError,
    activate_user,
    create_user,
    deactivate_user,
    reset_second_factor,
    set_password,
    set_role,
)
from khavaran.accounts.models import User
from khavaran.audit.chain import check_chain
from khavaran.audit.models import AuditEvent
from tests.accounts.wiring import wire

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 1988"
ADMIN = "ada"


@pytest.fixture(autouse=True)
def staff(settings, data_dir) -> None:
    """An admin (ada), an investigator (ines) and a viewer (vida)."""
    wire(settings)
    # A real password hash costs a quarter of a second; only one test here is about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for name, role in ((ADMIN, "admin"), ("ines", "investigator"), ("vida", "viewer")):
        create_user(name, role=role, password=PASSWORD, actor="test")


def signed_in(name: str, password: str = PASSWORD) -> Client:
    """A browser that signed in through the sign-in form."""
    client = Client()
    response = client.post("/login/", {"username": name, "password": password})
    assert response.status_code == 302, f"{name} could not sign in"
    return client


def gets_a_page(client: Client) -> bool:
    response = client.get("/sources/")
    if response.status_code == 302:
        assert response.url.startswith("/login/")
        return False
    assert response.status_code == 200
    return True


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("seq").last()


def test_a_signed_in_user_gets_no_page_once_deactivated() -> None:
    browser = signed_in("ines")
    assert gets_a_page(browser)
    assert deactivate_user("ines", actor=ADMIN, reason="laptop seized") == 1
    assert not Session.objects.exists()
    assert not gets_a_page(browser)


def test_a_deactivated_user_cannot_sign_in_again() -> None:
    deactivate_user("ines", actor=ADMIN, reason="laptop seized")
    response = Client().post("/login/", {"username": "ines", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_reactivating_does_not_reopen_the_session_on_a_seized_laptop() -> None:
    seized = signed_in("ines")
    deactivate_user("ines", actor=ADMIN, reason="laptop seized")
    activate_user("ines", actor=ADMIN, reason="new laptop")
    assert not gets_a_page(seized)
    assert gets_a_page(signed_in("ines"))


def test_deactivating_ends_only_that_users_sessions() -> None:
    ines, vida = signed_in("ines"), signed_in("vida")
    deactivate_user("ines", actor=ADMIN, reason="laptop seized")
    assert not gets_a_page(ines)
    assert gets_a_page(vida)


def test_a_new_password_ends_every_session_and_only_it_signs_in() -> None:
    phone, laptop = signed_in("vida"), signed_in("vida")
    ended = set_password("vida", "a brand new passphrase", actor=ADMIN, reason="leaked")
    assert ended == 2
    assert not gets_a_page(phone) and not gets_a_page(laptop)
    refused = Client().post("/login/", {"username": "vida", "password": PASSWORD})
    assert refused.status_code == 200
    # The admin knows the new password: it opens only the page to choose one's own.
    first_page = signed_in("vida", "a brand new passphrase").get("/sources/")
    assert first_page["Location"] == "/account/password/?next=%2Fsources%2F"


def test_a_new_password_is_checked_like_a_first_one() -> None:
    with pytest.raises(UserError, match="at least 10 characters"):
        set_password("vida", "short", actor=ADMIN, reason="rotation")
    assert User.objects.get(username="vida").check_password(PASSWORD)


def test_no_password_or_hash_reaches_the_audit_log(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    set_password("vida", "a brand new passphrase", actor=ADMIN, reason="leaked")
    stored = User.objects.get(username="vida").password
    assert stored.startswith("argon2")
    logged = json.dumps(list(AuditEvent.objects.values("before", "after", "reason")))
    assert "a brand new passphrase" not in logged
    assert stored.split("$")[-1] not in logged


def test_set_role_records_the_role_before_and_after_and_the_reason() -> None:
    ines = set_role("ines", "analyst", actor=ADMIN, reason="moved to the statistics team")
    assert User.objects.get(pk=ines.pk).role == "analyst"
    event = last_event()
    assert (event.actor, event.action, event.model, event.object_id) == (
        ADMIN,
        "set_role",
        "accounts.User",
        str(ines.pk),
    )
    assert event.reason == "moved to the statistics team"
    assert account_fields(event.before) == {
        "username": "ines",
        "role": "investigator",
        "is_active": True,
    }
    assert account_fields(event.after) == {"username": "ines", "role": "analyst", "is_active": True}


def test_a_new_role_applies_to_a_signed_in_user_on_the_next_request() -> None:
    browser = signed_in("vida")
    assert browser.get("/new/claim/").status_code == 403
    set_role("vida", "investigator", actor=ADMIN, reason="joins the investigation")
    assert browser.get("/new/claim/").status_code == 200


def test_only_admins_are_staff() -> None:
    set_role("vida", "admin", actor=ADMIN, reason="deputy")
    set_role(ADMIN, "viewer", actor="vida", reason="stepping down")
    staff = dict(User.objects.values_list("username", "is_staff"))
    assert staff == {ADMIN: False, "ines": False, "vida": True}


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted() -> None:
    with pytest.raises(UserError, match="ada is the last active admin"):
        deactivate_user(ADMIN, actor=ADMIN, reason="leaving")
    with pytest.raises(UserError, match="ada is the last active admin"):
        set_role(ADMIN, "investigator", actor=ADMIN, reason="leaving")
    ada = User.objects.get(username=ADMIN)
    assert (ada.role, ada.is_active) == ("admin", True)


def test_a_deactivated_admin_does_not_count_as_another_admin() -> None:
    set_role("ines", "admin", actor=ADMIN, reason="deputy")
    deactivate_user("ines", actor=ADMIN, reason="on leave")
    with pytest.raises(UserError, match="last active admin"):
        deactivate_user(ADMIN, actor=ADMIN, reason="leaving")
    # A deactivated admin may be demoted: it is not the one who keeps the organization in.
    set_role("ines", "viewer", actor=ADMIN, reason="left")


def test_an_admin_may_leave_while_another_admin_is_active() -> None:
    set_role("ines", "admin", actor=ADMIN, reason="deputy")
    deactivate_user(ADMIN, actor="ines", reason="leaving")
    assert not User.objects.get(username=ADMIN).is_active


CHANGES: dict[str, Callable[[str, str], object]] = {
    "set_role": lambda name, why: set_role(name, "analyst", actor=ADMIN, reason=why),
    "deactivate": lambda name, why: deactivate_user(name, actor=ADMIN, reason=why),
    "activate": lambda name, why: activate_user(name, actor=ADMIN, reason=why),
    "set_password": lambda name, why: set_password(name, PASSWORD * 2, actor=ADMIN, reason=why),
    "reset_second_factor": lambda name, why: reset_second_factor(name, actor=ADMIN, reason=why),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_refuses_an_unknown_account(change: str) -> None:
    with pytest.raises(UserError, match=r"^no account named 'nobody'$"):
        CHANGES[change]("nobody", "a reason")


@pytest.mark.parametrize("reason", ["", " \n"])
@pytest.mark.parametrize("change", CHANGES)
def test_every_change_refuses_an_empty_reason(change: str, reason: str) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(UserError, match="give a reason"):
        CHANGES[change]("vida", reason)
    assert AuditEvent.objects.count() == before


def test_a_role_that_is_not_in_the_vocabulary_is_refused() -> None:
    with pytest.raises(UserError, match="'boss' is not a role"):
        set_role("vida", "boss", actor=ADMIN, reason="promotion")


def test_reset_second_factor_removes_every_device_and_the_password_alone_signs_in() -> None:
    vida = User.objects.get(username="vida")
    TOTPDevice.objects.create(user=vida, name="phone", confirmed=True)
    refused = Client().post("/login/", {"username": "vida", "password": PASSWORD})
    assert refused.status_code == 200  # the form asks for the code
    assert reset_second_factor("vida", actor=ADMIN, reason="phone lost") == 1
    assert not TOTPDevice.objects.filter(user=vida).exists()
    assert gets_a_page(signed_in("vida"))
    assert (last_event().action, last_event().reason) == ("reset_second_factor", "phone lost")


def test_a_change_that_cannot_be_audited_is_not_made(monkeypatch: pytest.MonkeyPatch) -> None:
    browser = signed_in("ines")

    def broken(**fields: object) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(actions, "append", broken)
    with pytest.raises(RuntimeError):
        deactivate_user("ines", actor=ADMIN, reason="laptop seized")
    assert User.objects.get(username="ines").is_active
    assert gets_a_page(browser)


def test_every_change_keeps_the_audit_chain_intact() -> None:
    TOTPDevice.objects.create(user=User.objects.get(username="vida"), confirmed=True)
    done = ["set_role", "deactivate", "set_password", "reset_second_factor", "activate"]
    for change in done:
        CHANGES[change]("vida", f"because of {change}")
    assert list(check_chain()) == []
    events = AuditEvent.objects.filter(model="accounts.User", action__in=done).order_by("seq")
    assert [(e.action, e.reason) for e in events] == [(c, f"because of {c}") for c in done]


def account_fields(state: dict) -> dict:
    """The account fields of an audited state (it also holds digests for `verify`)."""
    return {key: state[key] for key in ("username", "role", "is_active")}
