"""A form that finds the database's disk full, on any page: a signed-in user reads, in their
language and the page's frame, that the server has no room and nothing was saved (507
Insufficient Storage); nothing half-written stays; the public is told nothing of the server's
storage; the log says it in one line, with the path and never the form's content."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client
from django.utils.http import urlencode

from khavaran.audit.models import AuditEvent
from khavaran.records.models import Person

pytestmark = pytest.mark.django_db

NO_ROOM = "The server has no room left to save this, so nothing of it was saved."
NO_ROOM_SENTENCE = f"{NO_ROOM} Please tell the administrator that the server's disk is full."
PERSIAN = {
    NO_ROOM_SENTENCE: "سرور دیگر جایی برای ذخیرهٔ این ندارد، پس چیزی از آن ذخیره نشد. "
    "لطفاً به مدیر سامانه بگویید که دیسک سرور پر است.",
    "The server's disk is full": "دیسک سرور پر است",
}
SECRET = "lives at 12 Golshan Street"
FORM = "application/x-www-form-urlencoded"


def sqlite_full() -> BaseException:
    return sqlite3.OperationalError("database or disk is full")


def postgresql_full() -> BaseException:
    import psycopg.errors

    return psycopg.errors.DiskFull('could not extend file "base/16384/2619"')


def refused_by(driver_error: BaseException) -> Any:
    """A model's save as it fails on a full disk: Django's error, raised from the driver's."""

    def save(*args: Any, **kwargs: Any) -> None:
        raise OperationalError(str(driver_error)) from driver_error

    return save


def audit_full(monkeypatch: Any, driver_error: BaseException | None = None) -> None:
    """The audit event, written after the record's own row, finds the disk full."""
    monkeypatch.setattr(AuditEvent, "save", refused_by(driver_error or sqlite_full()))


def edit(client: Client, person: Person, **headers: Any) -> Any:
    """Sent as a browser sends a form without a file (a multipart one is an upload's)."""
    form = {
        "father_name": "",
        "gender": "male",
        "notes": SECRET,
        "confidentiality": person.confidentiality,
        "reason": f"his daughter {SECRET}",
    }
    return client.post(f"/edit/person/{person.pk}/", urlencode(form), FORM, **headers)


@pytest.mark.parametrize("driver_error", [sqlite_full, postgresql_full])
def test_an_edit_that_finds_the_database_full_is_507_saying_so_and_saves_nothing(
    client_as: Any, case: dict[str, Any], monkeypatch: Any, driver_error: Any
) -> None:
    raisi = case["raisi"]
    before = (raisi.gender, raisi.notes, AuditEvent.objects.count())
    audit_full(monkeypatch, driver_error())
    response = edit(client_as("investigator"), raisi)
    assert response.status_code == 507
    page = response.content.decode()
    assert NO_ROOM in page and "tell the administrator" in page
    assert "<h1>The server's disk is full</h1>" in page and '<main id="content"' in page
    assert "Traceback" not in page and "OperationalError" not in page and SECRET not in page
    raisi.refresh_from_db()
    assert (raisi.gender, raisi.notes, AuditEvent.objects.count()) == before


@pytest.fixture
def persian_words() -> Any:
    """`persian_words({msgid: msgstr})`: Persian for new msgids, for this test only (the
    shipped catalog gets them when the catalogue is made again)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("fa")._catalog
    added = [msgid for msgid in PERSIAN if msgid not in catalog]
    for msgid in added:
        catalog[msgid] = PERSIAN[msgid]
    yield
    for msgid in added:
        for part in catalog._catalogs:
            part.pop(msgid, None)


def test_a_persian_reader_reads_it_in_persian(
    client_as: Any, case: dict[str, Any], monkeypatch: Any, persian_words: None
) -> None:
    audit_full(monkeypatch)
    client = client_as("investigator")
    client.cookies["django_language"] = "fa"
    page = edit(client, case["raisi"]).content.decode()
    assert PERSIAN[NO_ROOM_SENTENCE] in page and "<h1>دیسک سرور پر است</h1>" in page
    assert "no room" not in page


def test_the_log_says_it_in_one_line_with_the_path_and_not_the_form(
    client_as: Any, case: dict[str, Any], monkeypatch: Any, caplog: Any
) -> None:
    audit_full(monkeypatch)
    with caplog.at_level(logging.INFO):
        edit(client_as("investigator"), case["raisi"])
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    said = line.getMessage()
    assert line.levelno == logging.ERROR and line.exc_info is None and "\n" not in said
    assert f"POST /edit/person/{case['raisi'].pk}/" in said
    assert "the database's disk is full (database or disk is full)" in said
    assert SECRET not in said


def test_an_htmx_form_reloads_its_page_which_says_so(
    client_as: Any, case: dict[str, Any], monkeypatch: Any
) -> None:
    audit_full(monkeypatch)
    client = client_as("investigator")
    response = edit(client, case["raisi"], HTTP_HX_REQUEST="true")
    assert response.status_code == 507 and response["HX-Refresh"] == "true"
    assert NO_ROOM in client.get(f"/people/{case['raisi'].pk}/").content.decode()


def test_someone_not_signed_in_gets_the_sites_error_page_and_is_not_told(
    cast: dict[str, Any], password: str, monkeypatch: Any, caplog: Any
) -> None:
    # Signing in writes a session; the public learns nothing of the server's storage.
    monkeypatch.setattr(Session, "save", refused_by(sqlite_full()))
    with caplog.at_level(logging.INFO):
        sign_in = urlencode({"username": "vida", "password": password})
        response = Client().post("/login/", sign_in, FORM)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "disk" not in page and "room" not in page and "Traceback" not in page
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "POST /login/" in line.getMessage() and line.exc_info is None


def test_a_session_that_cannot_be_saved_does_not_cost_the_page(
    client_as: Any, case: dict[str, Any], monkeypatch: Any, caplog: Any
) -> None:
    # A fresh sign-in has never been renewed: this page renews the session, and the save fails.
    client = client_as("viewer")
    monkeypatch.setattr(Session, "save", refused_by(sqlite_full()))
    with caplog.at_level(logging.INFO):
        response = client.get(f"/people/{case['raisi'].pk}/")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"] and "sessionid" not in response.cookies
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    said = line.getMessage()
    assert f"GET /people/{case['raisi'].pk}/" in said and "session was not saved" in said
    assert line.exc_info is None


def test_a_database_error_that_is_not_a_full_disk_is_still_a_failure(
    client_as: Any, case: dict[str, Any], monkeypatch: Any
) -> None:
    audit_full(monkeypatch, sqlite3.OperationalError("database is locked"))
    client = client_as("investigator")
    client.raise_request_exception = False
    response = edit(client, case["raisi"])
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
