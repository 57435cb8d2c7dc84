"""The web side of files stored unread (`khavaran ingest --keep-unread`): the upload form keeps
one when asked, the source page says why it has no text, the public site never offers it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from khavaran.evidence.models import Source
from khavaran.ingest.pipeline import IngestOptions, ingest_file
from khavaran.public_ids import public_id
from tests.cli.test_ingest_keep_unread import EMAIL

pytestmark = pytest.mark.django_db


def test_a_kept_unread_file_is_never_offered_on_the_public_site(
    client_as: Any, tmp_path: Path
) -> None:
    path = tmp_path / "message.eml"
    path.write_bytes(EMAIL)
    options = IngestOptions(actor="tester", confidentiality="public", keep_unread=True)
    source = Source.objects.get(pk=ingest_file(path, options).source_id)
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )
    staff = client_as("investigator").get(f"/sources/{source.pk}/").content.decode()
    assert "Stored without text" in staff


def test_the_upload_form_keeps_an_unreadable_file_when_asked(client_as: Any) -> None:
    def upload(**extra: str) -> Any:
        sent = SimpleUploadedFile("message.eml", EMAIL, "message/rfc822")
        form = {"file": sent, "confidentiality": "restricted", **extra}
        return client_as("investigator").post("/sources/upload/", form)

    emails = Source.objects.filter(original_filename="message.eml")
    assert upload().status_code == 400 and not emails.exists()
    assert upload(keep_unread="on").status_code == 302
    assert emails.get().metadata["not_read"]
