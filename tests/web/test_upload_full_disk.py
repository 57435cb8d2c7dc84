"""An upload that finds the disk full (or the quota used up) wherever it is written: Django's
spool, the original in the store, the database's row. The user reads, in their language, that
the server has no room and nothing was saved (507 Insufficient Storage); nothing half-written
stays; the log says it in one line, without the file's name."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import IO, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import CustodyEvent, Source
from khavaran.evidence.storage import ContentStore
from khavaran.web.uploads import PrivateTemporaryFileUploadHandler

pytestmark = pytest.mark.django_db

NAME = "testimony-of-witness-Maryam.txt"
NO_ROOM = "The server has no room left to keep this file, so nothing of it was saved."


def full(code: int = errno.ENOSPC) -> OSError:
    return OSError(code, os.strerror(code))


def upload(client: Any, **headers: Any) -> Any:
    testimony = SimpleUploadedFile(NAME, b"Evin prison, summer 1988. " * 40, "text/plain")
    form = {"file": testimony, "confidentiality": "confidential", "title": "Testimony"}
    return client.post("/sources/upload/", form, **headers)


def store_fills_up(monkeypatch: Any, code: int = errno.ENOSPC) -> None:
    """The store's write fails part-way, as on a full disk, after some bytes reached its tmp."""

    def write_part(
        self: ContentStore, stream: IO[bytes], tmp_path: Path, max_bytes: int
    ) -> tuple[str, int]:
        with tmp_path.open("xb") as out:
            out.write(stream.read(16))
        raise full(code)

    monkeypatch.setattr(ContentStore, "_write_tmp", write_part)


def store_files() -> set[Path]:
    """The store's files: originals, half-written ones and writers' markers (an empty shard
    folder an abandoned original leaves holds nothing)."""
    store = get_store()
    folders = (store.objects, store.tmp, store.pending)
    return {p for folder in folders for p in folder.rglob("*") if not p.is_dir()}


@pytest.fixture
def before(client_as: Any) -> dict[str, Any]:
    """What the data dir and the database hold before the upload."""
    return {
        "files": store_files(),
        "custody": CustodyEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def nothing_kept(before: dict[str, Any]) -> None:
    assert store_files() == before["files"]
    assert not Source.objects.filter(title="Testimony").exists()
    assert CustodyEvent.objects.count() == before["custody"]
    assert AuditEvent.objects.count() == before["audit"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_store_that_fills_up_is_507_saying_so_and_keeps_nothing(
    client_as: Any, before: dict[str, Any], monkeypatch: Any, code: int
) -> None:
    store_fills_up(monkeypatch, code)
    response = upload(client_as("investigator"))
    assert response.status_code == 507
    page = response.content.decode()
    assert NO_ROOM in page and "tell the administrator" in page
    assert "Traceback" not in page and NAME not in page
    nothing_kept(before)


def test_the_log_says_it_in_one_line_without_the_files_name(
    client_as: Any, before: dict[str, Any], monkeypatch: Any, caplog: Any
) -> None:
    store_fills_up(monkeypatch)
    with caplog.at_level(logging.INFO):
        upload(client_as("investigator"))
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    said = line.getMessage()
    assert "No space left on device" in said and "nothing of it was kept" in said
    assert NAME not in said and "Testimony" not in said and "\n" not in said
    assert line.exc_info is None


def test_an_htmx_upload_is_sent_back_to_its_page_with_the_message(
    client_as: Any, before: dict[str, Any], monkeypatch: Any
) -> None:
    store_fills_up(monkeypatch)
    client = client_as("investigator")
    response = upload(client, HTTP_HX_REQUEST="true")
    assert response.status_code == 507
    assert response["HX-Redirect"] == "/sources/upload/"
    assert NO_ROOM in client.get("/sources/upload/").content.decode()
    nothing_kept(before)


@pytest.mark.parametrize(
    "driver_error",
    [
        sqlite3.OperationalError("database or disk is full"),
        pytest.param("postgresql", id="postgresql-disk-full"),
    ],
)
def test_a_database_that_fills_up_is_507_and_its_original_is_removed(
    client_as: Any, before: dict[str, Any], monkeypatch: Any, driver_error: Any
) -> None:
    if driver_error == "postgresql":
        import psycopg.errors

        driver_error = psycopg.errors.DiskFull('could not extend file "base/16384/2619"')

    def row_refused(*args: Any, **kwargs: Any) -> None:
        raise OperationalError(str(driver_error)) from driver_error

    monkeypatch.setattr("khavaran.ingest.pipeline.add_source", row_refused)
    response = upload(client_as("investigator"))
    assert response.status_code == 507
    assert NO_ROOM in response.content.decode()
    nothing_kept(before)


def test_a_spool_that_fills_up_is_507_and_leaves_no_spool_file(
    client_as: Any, before: dict[str, Any], monkeypatch: Any, settings: Any, tmp_path: Path
) -> None:
    spool = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # spooled to disk from the first byte
    spooled: list[Path] = []

    def write_part(self: Any, raw_data: bytes, start: int) -> None:
        spooled.append(Path(self.file.temporary_file_path()))
        self.file.write(raw_data[:16])
        raise full()

    monkeypatch.setattr(PrivateTemporaryFileUploadHandler, "receive_data_chunk", write_part)
    response = upload(client_as("investigator"))
    assert response.status_code == 507
    assert NO_ROOM in response.content.decode()
    assert spooled and list(spool.iterdir()) == []
    nothing_kept(before)


def test_a_failure_that_is_not_a_full_disk_is_still_the_files_own(
    client_as: Any, before: dict[str, Any], monkeypatch: Any
) -> None:
    def refused(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(ContentStore, "_write_tmp", refused)
    response = upload(client_as("investigator"))
    assert response.status_code == 400
    assert "Not ingested: permission denied" in response.content.decode()
    nothing_kept(before)


def test_someone_not_signed_in_is_not_told_the_disk_is_full(
    client_as: Any, monkeypatch: Any, settings: Any, tmp_path: Path, caplog: Any
) -> None:
    # The public is told nothing of the server's storage (as `/health` tells it nothing): the
    # request goes on with an empty form, to the sign-in page; the log still says it.
    spool = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0

    def write_part(self: Any, raw_data: bytes, start: int) -> None:
        self.file.write(raw_data[:16])
        raise full()

    monkeypatch.setattr(PrivateTemporaryFileUploadHandler, "receive_data_chunk", write_part)
    with caplog.at_level(logging.INFO):
        response = upload(client_as(None))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert list(spool.iterdir()) == []
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "No space left on device" in line.getMessage()
