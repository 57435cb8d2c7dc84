"""Passwords on the web: a password an admin gave (and so knows) opens only the page to choose
one's own; every signed-in user may change theirs (current password, new one twice), which is
audited without the hash, ends their other sessions and keeps `verify` all intact."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from khavaran.accounts.actions import set_password
from khavaran.accounts.models import User
from khavaran.audit.chain import check_chain
from khavaran.audit.models import AuditEvent
from khavaran.verify import verify_all
from tests.accounts.wiring import CHOOSE, GIVEN, ada_and_vida

pytestmark = pytest.mark.django_db

CHOSEN = "my own long passphrase"


@pytest.fixture(autouse=True)
def staff(settings, data_dir) -> None:
    ada_and_vida(settings)


def signed_in(name: str, password: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": name, "password": password}).status_code == 302
    return client


def choose(client: Client, current: str, new: str, again: str | None = None, **extra) -> object:
    form = {"current": current, "new": new, "again": new if again is None else again}
    return client.post(CHOOSE, {**form, **extra})


def test_a_one_time_password_opens_only_the_page_to_choose_ones_own() -> None:
    vida = signed_in("vida", GIVEN)
    for page in ("/sources/", "/people/", "/cases/", "/account/totp/", "/"):
        response = vida.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(f"{CHOOSE}?next="), page
    assert vida.post("/new/claim/", {})["Location"].startswith(CHOOSE)
    htmx = vida.get("/sources/", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(CHOOSE)
    page = vida.get(CHOOSE).content.decode()
    assert "Choose your password" in page and "one-time password" in page
    # Signing out and the language switch still work.
    assert vida.post("/language/", {"language": "fa", "next": "/"}).status_code == 302
    assert vida.post("/logout/").status_code == 302


def test_choosing_a_password_opens_the_workspace_and_is_audited_without_the_hash() -> None:
    vida = signed_in("vida", GIVEN)
    response = choose(vida, GIVEN, CHOSEN, next="/people/")
    assert (response.status_code, response["Location"]) == (302, "/people/")
    assert vida.get("/sources/").status_code == 200
    account = User.objects.get(username="vida")
    assert account.check_password(CHOSEN) and not account.must_change_password
    event = AuditEvent.objects.order_by("seq").last()
    assert (event.actor, event.action, event.object_id) == (
        "vida",
        "change_password",
        str(account.pk),
    )
    assert event.reason == "chose their own password in place of a one-time password"
    assert (event.before["must_change_password"], event.after["must_change_password"]) == (
        True,
        False,
    )
    logged = json.dumps([event.before, event.after, event.reason])
    assert CHOSEN not in logged and account.password not in logged
    assert list(check_chain()) == [] and verify_all().ok
    assert signed_in("vida", CHOSEN).get("/sources/").status_code == 200


def test_the_one_time_password_no_longer_signs_in_once_replaced() -> None:
    choose(signed_in("vida", GIVEN), GIVEN, CHOSEN)
    refused = Client().post("/login/", {"username": "vida", "password": GIVEN})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session


@pytest.mark.parametrize(
    ("current", "new", "again", "refusal"),
    [
        (GIVEN, GIVEN, None, "the new password must differ from the current one"),
        (GIVEN, "qwertyuiop", None, "the password is on the list of common passwords"),
        (GIVEN, "short one", None, "the password must have at least 10 characters"),
        (GIVEN, CHOSEN, CHOSEN + "!", "the two new passwords differ"),
        ("not the one given", CHOSEN, None, "the current password is not right"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(current, new, again, refusal) -> None:
    vida = signed_in("vida", GIVEN)
    events = AuditEvent.objects.count()
    response = choose(vida, current, new, again)
    assert response.status_code == 200
    assert refusal in response.content.decode()
    account = User.objects.get(username="vida")
    assert account.check_password(GIVEN) and account.must_change_password
    assert AuditEvent.objects.count() == events
    assert vida.get("/sources/")["Location"].startswith(CHOOSE)


def test_the_refusal_is_in_the_readers_language() -> None:
    vida = signed_in("vida", GIVEN)
    vida.post("/language/", {"language": "fa", "next": "/"})
    page = choose(vida, GIVEN, "1234567890").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "list of common passwords" not in page and "all digits" not in page


def test_every_signed_in_user_may_change_their_password_which_ends_their_other_sessions() -> None:
    laptop, phone = (
        signed_in("ada", "ada's own passphrase"),
        signed_in("ada", "ada's own passphrase"),
    )
    vida = signed_in("vida", GIVEN)
    assert laptop.get(CHOOSE).status_code == 200
    assert "Change your password" in laptop.get(CHOOSE).content.decode()
    response = choose(laptop, "ada's own passphrase", "ada's newer passphrase")
    assert response.status_code == 302
    assert laptop.get("/sources/").status_code == 200
    assert phone.get("/sources/")["Location"].startswith("/login/")
    assert vida.get(CHOOSE).status_code == 200  # another user's session is untouched
    ada = User.objects.get(username="ada")
    mine = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(ada.pk)]
    assert len(mine) == 1
    event = AuditEvent.objects.order_by("seq").last()
    assert (event.actor, event.action, event.reason) == (
        "ada",
        "change_password",
        "chose their own password",
    )


def test_an_admins_reset_makes_the_password_one_time_again() -> None:
    choose(signed_in("vida", GIVEN), GIVEN, CHOSEN)
    set_password("vida", "a reset passphrase", actor="ada", reason="forgotten")
    vida = signed_in("vida", "a reset passphrase")
    assert vida.get("/sources/")["Location"].startswith(CHOOSE)
    assert verify_all().ok


def test_an_account_made_with_its_users_own_password_is_not_asked_to_change_it() -> None:
    assert signed_in("ada", "ada's own passphrase").get("/sources/").status_code == 200


def test_the_change_page_goes_back_only_to_a_page_of_this_site() -> None:
    vida = signed_in("vida", GIVEN)
    response = choose(vida, GIVEN, CHOSEN, next="https://evil.example/")
    assert response["Location"] == "/"
