"""The public download of a web page says no more of who made or saved it than its public page."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from khavaran.evidence.models import Source
from khavaran.ingest.pipeline import IngestOptions, ingest_file
from khavaran.public_ids import public_id
from tests.ingest.test_extraction_media import make_image
from tests.web.public_reader import page_at

pytestmark = pytest.mark.django_db

SAVED = (
    '<!doctype html><html><head><meta charset="utf-8"><title>Testimony of Maryam Rezaei</title>'
    '</head><body data-author="Maryam Rezaei"><header>Signed in as maryam.rezaei</header>'
    '<p>The grave at Khavaran.</p><img src="data:image/jpeg;base64,{jpeg}"></body></html>'
)


def _public_page(client_as: Any, tmp_path: Path, title: str | None = None) -> tuple[Source, str]:
    jpeg = make_image(tmp_path, "grave.jpg", "JPEG", exif=True).read_bytes()
    path = tmp_path / "saved.html"
    path.write_text(SAVED.format(jpeg=base64.b64encode(jpeg).decode()), encoding="utf-8")
    options = IngestOptions(actor="tester", confidentiality="public", title=title)
    source = Source.objects.get(pk=ingest_file(path, options).source_id)
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    return source, public_id("source", source.pk)


def _download(client_as: Any, token: str) -> bytes:
    response = client_as(None).get(f"/public/sources/{token}/original/")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(served)
    return served


def test_a_saved_page_is_downloaded_under_its_public_title_without_who_saved_it(
    client_as: Any, tmp_path: Path
) -> None:
    source, token = _public_page(client_as, tmp_path)
    assert source.title == "Testimony of Maryam Rezaei" and not source.title_given
    public_page = page_at(client_as(None), f"/public/sources/{token}/")
    assert "Maryam" not in public_page and "maryam" not in public_page
    served = _download(client_as, token)
    assert b"Maryam" not in served and b"maryam" not in served
    assert f"<title>Source {token[:6]}</title>".encode() in served
    assert b"<p>The grave at Khavaran.</p>" in served
    # The photograph inside the page is there, without the position it was taken at.
    found = re.search(rb"base64,([A-Za-z0-9+/=]+)", served)
    assert found is not None
    with Image.open(io.BytesIO(base64.b64decode(found[1]))) as picture:
        assert picture.getexif() == {} and picture.size == (64, 48)


def test_a_title_a_person_gave_is_the_downloaded_page_s_title(
    client_as: Any, tmp_path: Path
) -> None:
    _source, token = _public_page(client_as, tmp_path, title="Letter from Evin, 1988")
    served = _download(client_as, token)
    assert b"<title>Letter from Evin, 1988</title>" in served and b"Maryam" not in served
