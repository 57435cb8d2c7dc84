"""`khavaran ingest --keep-unread`: what Khavaran cannot read (an e-mail, an archive, a file
cut short or encrypted) is still evidence: stored without text, hashed, in custody, never
offered by the public site. Without the option such a file is refused, as before."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from khavaran.evidence.models import Source
from khavaran.verify import verify_all

pytestmark = pytest.mark.django_db

EMAIL = (
    b"From: witness@example.org\r\nTo: ngo@example.org\r\nSubject: Evin 1988\r\n\r\n"
    b"My brother was taken in August.\r\n"
)
UNREAD = [
    ("message.eml", EMAIL, "unsupported", "message/rfc822"),
    ("bundle.zip", b"PK\x03\x04" + bytes(range(60)), "unsupported", "application/zip"),
    ("cut.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "PDF", "application/pdf"),
    ("binary.txt", bytes(range(256)) * 8, "binary", "text/plain"),
]


@pytest.mark.parametrize(("name", "content", "why", "media_type"), UNREAD)
def test_a_file_it_cannot_read_is_kept_hashed_and_in_custody(
    khavaran: Any, tmp_path: Path, name: str, content: bytes, why: str, media_type: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    refused = khavaran("ingest", str(path))
    assert refused.exit_code == 1 and not Source.objects.exists()
    kept = khavaran("ingest", str(path), "--keep-unread", "--collected-by", "Field officer")
    assert kept.exit_code == 0, kept.output
    assert "1 ingested" in kept.output and "stored without text" in kept.output
    source = Source.objects.get()
    assert source.sha256 == hashlib.sha256(content).hexdigest() and source.text == ""
    assert why.lower() in source.metadata["not_read"].lower()
    assert source.media_type == media_type and source.original_filename == name
    assert source.custody.get().actor == "Field officer"
    assert verify_all().ok
