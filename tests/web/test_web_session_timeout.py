"""The session's idle timeout (WCAG 2.2.1): every staff page carries a warning that comes
before it ends and a keep-alive that renews it (a signed-in POST with its CSRF token); a
request whose session has ended is told so on the sign-in page (and whether what it sent was
lost), and htmx gets 401 so the page keeps what was typed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from khavaran.web.sessions import _KEY

pytestmark = pytest.mark.django_db


def end_session(client: Client) -> None:
    """The session ends on the server, as 30 minutes without activity end it."""
    Session.objects.filter(session_key=client.session.session_key).delete()


def test_every_staff_page_carries_the_warning_with_the_time_left(client_as: Any) -> None:
    page = client_as("investigator").get("/sources/").content.decode()
    dialog = re.search(r'<dialog id="session-warning".*?</dialog>', page, re.S)
    assert dialog, "no session warning"
    left = int(re.search(r'data-seconds-left="(\d+)"', dialog.group(0)).group(1))
    assert settings.SESSION_COOKIE_AGE - 60 <= left <= settings.SESSION_COOKIE_AGE
    assert 'data-warn-seconds="120"' in dialog.group(0)
    assert 'data-keep-alive="/session/keep-alive/"' in dialog.group(0)
    assert "Stay signed in" in dialog.group(0)


def test_the_sign_in_page_and_the_public_site_have_no_warning(client_as: Any) -> None:
    assert "session-warning" not in client_as(None).get("/login/").content.decode()


def test_the_warning_counts_in_persian_digits_on_a_persian_page(client_as: Any) -> None:
    client = client_as("investigator")
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    dialog = client.get("/sources/").content.decode().split('<dialog id="session-warning"')[1]
    assert "۲" in dialog and "۳۰" in dialog


def test_keep_alive_renews_the_session(client_as: Any) -> None:
    client = client_as("investigator")
    session = client.session
    session[_KEY] = 1
    session.save()
    answer = client.post("/session/keep-alive/")
    assert answer.status_code == 200
    left = answer.json()["seconds_left"]
    assert settings.SESSION_COOKIE_AGE - 1 <= left <= settings.SESSION_COOKIE_AGE
    assert client.session[_KEY] > 1


def test_keep_alive_needs_a_signed_in_post_with_its_csrf_token(cast: dict[str, Any]) -> None:
    anonymous = Client().post("/session/keep-alive/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["viewer"])
    assert client.get("/session/keep-alive/").status_code == 405
    assert client.post("/session/keep-alive/").status_code == 403
    token = re.search(
        r'name="csrf-token" content="([^"]+)"', client.get("/sources/").content.decode()
    )
    assert token
    kept = client.post("/session/keep-alive/", HTTP_X_CSRFTOKEN=token.group(1))
    assert kept.status_code == 200


def test_a_form_sent_after_the_session_ended_is_told_it_was_not_saved(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    end_session(client)
    sent = client.post(f"/people/{case['raisi'].pk}/merge/", {"other": "1", "reason": "typed"})
    assert sent.status_code == 302
    assert sent["Location"] == f"/login/?next=/people/{case['raisi'].pk}/merge/&expired=sent"
    page = client.get(sent["Location"]).content.decode()
    assert 'id="session-ended" role="alert"' in page
    assert "Your session ended" in page and "what you sent was not saved" in page


def test_a_page_opened_after_the_session_ended_says_why_sign_in_is_asked(
    client_as: Any,
) -> None:
    client = client_as("investigator")
    end_session(client)
    opened = client.get("/people/")
    assert opened["Location"] == "/login/?next=/people/&expired=1"
    page = client.get(opened["Location"]).content.decode()
    assert "Your session ended" in page and "not saved" not in page


def test_someone_never_signed_in_is_not_told_of_an_ended_session(client_as: Any) -> None:
    opened = client_as(None).get("/people/")
    assert opened["Location"] == "/login/?next=/people/"
    assert "session-ended" not in client_as(None).get(opened["Location"]).content.decode()


def test_an_htmx_request_after_the_end_gets_401_and_the_page_keeps_its_content(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    end_session(client)
    answer = client.post("/review/proposals/1/accept/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 401
    assert answer["HX-Trigger"] == "khavaranSessionEnded"


def test_a_form_refused_for_an_ended_session_may_be_sent_again_after_signing_in(
    client_as: Any, case: dict[str, Any], password: str
) -> None:
    client = client_as("investigator")
    end_session(client)
    form = {"other": "", "reason": "typed", "_once": "abcdefghij.1"}
    client.post(f"/people/{case['raisi'].pk}/merge/", form)
    signed_in = client.post("/login/", {"username": "ines", "password": password})
    assert signed_in.status_code == 302
    again = client.post(f"/people/{case['raisi'].pk}/merge/", form)
    # Not "this form was already sent": the first sending did nothing.
    assert again.status_code == 400 and "already sent" not in again.content.decode()


def _page_account(client: Client) -> str:
    found = re.search(
        r'<body[^>]* data-account="([0-9a-f]+)"', client.get("/sources/").content.decode()
    )
    assert found, "no account on the page"
    return found.group(1)


def test_keep_alive_says_whose_session_it_is_as_the_page_does(
    client_as: Any, cast: dict[str, Any]
) -> None:
    # A page held over the end sends its form again only into its own account's session.
    ines, vida = client_as("investigator"), client_as("viewer")
    marks = {
        "ines": (_page_account(ines), ines.post("/session/keep-alive/").json()["account"]),
        "vida": (_page_account(vida), vida.post("/session/keep-alive/").json()["account"]),
    }
    assert marks["ines"][0] == marks["ines"][1] and marks["vida"][0] == marks["vida"][1]
    assert marks["ines"][0] != marks["vida"][0]
    # Opaque: neither the name nor the row id is in it.
    for role, name in (("investigator", "ines"), ("viewer", "vida")):
        mark = marks[name][0]
        assert name not in mark and mark != str(cast[role].pk) and len(mark) == 32


def test_another_account_signed_in_answers_with_its_own_mark(client_as: Any, password: str) -> None:
    client = client_as("investigator")
    page_made_for = _page_account(client)
    end_session(client)
    assert client.post("/login/", {"username": "vida", "password": password}).status_code == 302
    answer = client.post("/session/keep-alive/").json()
    assert answer["account"] != page_made_for and answer["seconds_left"] > 0


def test_the_public_site_and_the_sign_in_page_carry_no_account(client_as: Any) -> None:
    client = client_as("investigator")
    assert "data-account" not in client.get("/public/").content.decode()
    assert "data-account" not in client_as(None).get("/login/").content.decode()


def test_the_warning_can_say_another_account_is_signed_in_and_offer_a_reload(
    client_as: Any,
) -> None:
    page = client_as("investigator").get("/sources/").content.decode()
    dialog = page.split('<dialog id="session-warning"')[1].split("</dialog>")[0]
    assert 'data-other="Another account is signed in"' in dialog
    assert "what you typed is still on this page" in dialog.split('data-other="')[2]
    assert "data-session-reload hidden>Reload this page</button>" in dialog
