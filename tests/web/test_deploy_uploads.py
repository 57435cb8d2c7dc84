"""Uploads are spooled inside the private data dir, and a file over KHAVARAN_MAX_FILE_BYTES is
refused as soon as the body says or shows it, never spooled whole."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import RequestFactory

from khavaran.evidence.models import Source
from khavaran.web.uploads import private_temporary_folder, remove_leftovers

pytestmark = pytest.mark.django_db

KIB = 1024


class Received(FileUploadHandler):
    """Sits behind the limit and counts the bytes of a file that would be spooled."""

    counted: ClassVar[list[int]] = []

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        Received.counted.append(0)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        Received.counted[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def spool(settings: Any, tmp_path: Path) -> Path:
    """Uploads spooled to disk from the first byte, into this test's upload folder, through
    the settings' handlers with `Received` right behind the limit."""
    folder = tmp_path / "data" / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    settings.FILE_UPLOAD_HANDLERS = [handlers[0], f"{__name__}.Received", *handlers[1:]]
    Received.counted.clear()
    return folder


def upload(client: Any, size: int, **headers: Any) -> Any:
    testimony = SimpleUploadedFile("testimony-of-a-witness.txt", b"r" * size, "text/plain")
    form = {"file": testimony, "confidentiality": "confidential", "title": "Testimony"}
    return client.post("/sources/upload/", form, **headers)


def test_a_body_declared_too_large_is_refused_before_any_of_the_file_is_read(
    client_as: Any, settings: Any, spool: Path
) -> None:
    settings.MAX_FILE_BYTES = 1 * KIB
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1 * KIB
    response = upload(client_as("investigator"), 60 * KIB)
    assert response.status_code == 413
    assert Received.counted == []  # no handler behind the limit saw the file
    assert not Source.objects.filter(title="Testimony").exists()


def test_a_file_is_refused_at_the_chunk_that_crosses_the_limit(
    client_as: Any, settings: Any, spool: Path
) -> None:
    # The body's size alone passes: the form's other fields may take up to Django's cap.
    settings.MAX_FILE_BYTES = 100 * KIB
    response = upload(client_as("investigator"), 300 * KIB)
    assert response.status_code == 413
    assert Received.counted and Received.counted[0] <= settings.MAX_FILE_BYTES
    assert not Source.objects.filter(title="Testimony").exists()
    assert list(spool.iterdir()) == []  # what was spooled went with the refusal


def test_the_refusal_is_one_clear_sentence_naming_the_limit(
    client_as: Any, settings: Any, spool: Path
) -> None:
    settings.MAX_FILE_BYTES = 1 * KIB
    page = upload(client_as("investigator"), 60 * KIB).content.decode()
    assert "larger than 1.0\xa0KB" in page and "Nothing of it was kept" in page
    assert "KHAVARAN_MAX_FILE_BYTES" in page and "Traceback" not in page


def test_an_htmx_upload_is_sent_back_to_its_page_with_the_refusal(
    client_as: Any, settings: Any, spool: Path
) -> None:
    settings.MAX_FILE_BYTES = 1 * KIB
    client = client_as("investigator")
    response = upload(client, 60 * KIB, HTTP_HX_REQUEST="true")
    assert response.status_code == 413
    assert response["HX-Redirect"] == "/sources/upload/"
    assert "larger than 1.0\xa0KB" in client.get("/sources/upload/").content.decode()


def test_a_file_within_the_limit_is_still_ingested(
    client_as: Any, settings: Any, spool: Path
) -> None:
    settings.MAX_FILE_BYTES = 100 * KIB
    response = upload(client_as("investigator"), 90 * KIB)
    assert response.status_code == 302
    assert Received.counted == [90 * KIB]
    assert Source.objects.filter(title="Testimony").exists()


def test_an_upload_is_spooled_privately_inside_the_data_dir(settings: Any, spool: Path) -> None:
    recording = SimpleUploadedFile("testimony-of-a-witness.wav", b"r" * 10 * KIB, "audio/wav")
    request = RequestFactory().post("/", {"file": recording})
    spooled = Path(request.FILES["file"].temporary_file_path())
    assert spooled.parent == spool
    assert "witness" not in spooled.name
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    assert stat.S_IMODE(spooled.stat().st_mode) == 0o600


def test_an_uploads_folder_for_the_pipeline_is_inside_the_data_dir(spool: Path) -> None:
    with private_temporary_folder() as folder:
        assert Path(folder).parent == spool
        assert stat.S_IMODE(Path(folder).stat().st_mode) == 0o700
    assert not Path(folder).exists()


def test_leftovers_older_than_a_day_are_removed_and_younger_ones_kept(spool: Path) -> None:
    spool.mkdir(parents=True)
    old_file, old_folder, running = spool / "tmpab.upload.wav", spool / "ingest-x", spool / "tmpcd"
    old_folder.mkdir()
    (old_folder / "testimony-of-a-witness.wav").write_bytes(b"partial")
    old_file.write_bytes(b"partial")
    running.write_bytes(b"still arriving")
    day_ago = time.time() - 25 * 3600
    for path in (old_file, old_folder):
        os.utime(path, (day_ago, day_ago))
    assert sorted(remove_leftovers()) == sorted([old_file, old_folder])
    assert [p.name for p in spool.iterdir()] == ["tmpcd"]
