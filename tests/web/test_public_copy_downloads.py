"""Public downloads: streamed from a copy on disk, never held in memory, gone with publication."""

from __future__ import annotations

import hashlib
import tarfile
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from khavaran.evidence.actions import set_confidentiality
from khavaran.evidence.backup import backup
from khavaran.evidence.integrity import verify
from khavaran.evidence.models import Source
from khavaran.evidence.public_copy import without_metadata
from khavaran.evidence.public_copy.sweep import remove_copies_of_protected_sources
from khavaran.public_ids import public_id
from tests.evidence.test_public_copy_copies import _tagged_wav
from tests.web.test_web_sources import _published

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def _download_peak(client: Any, url: str) -> tuple[int, str]:
    """The most memory Python held while serving the download, and the download's hash."""
    digest = hashlib.sha256()
    tracemalloc.start()
    try:
        response = client.get(url)
        for chunk in response.streaming_content:
            digest.update(chunk)
        return tracemalloc.get_traced_memory()[1], digest.hexdigest()
    finally:
        tracemalloc.stop()


def test_a_public_download_takes_no_more_memory_for_a_larger_recording(
    client_as: Any, tmp_path: Path
) -> None:
    # 2 MiB and 16 MiB: each copy is made from the original mapped and streamed from disk.
    peaks = []
    for seconds in (64, 512):
        original = _tagged_wav(tmp_path, seconds=seconds, name=f"testimony-{seconds}.wav")
        source = _published(client_as, original)
        peak, served = _download_peak(
            client_as(None), f"/public/sources/{public_id('source', source.pk)}/original/"
        )
        expected = without_metadata(original.read_bytes(), "audio/wav")
        assert served == hashlib.sha256(expected).hexdigest()
        peaks.append(peak)
    assert max(peaks) < 2 * MIB, peaks


def test_copies_are_neither_evidence_nor_backed_up(client_as: Any, tmp_path: Path) -> None:
    source = _published(client_as, _tagged_wav(tmp_path, seconds=1))
    before = verify().problems
    download = client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/original/")
    copy = hashlib.sha256(b"".join(download.streaming_content)).hexdigest()
    assert copy != source.sha256
    assert list((Path(settings.DATA_DIR) / "public_copies").glob(f"*/*/{source.sha256}.wav"))
    assert verify().problems == before  # not a stray original
    backup(tmp_path / "backup.tar")
    with tarfile.open(tmp_path / "backup.tar") as archive:
        names = archive.getnames()
    assert f"originals/{source.sha256}" in names
    assert not [name for name in names if copy in name or "public_copies" in name]


def _copies_of(source: Any) -> list[Path]:
    return list((Path(settings.DATA_DIR) / "public_copies").glob(f"*/*/{source.sha256}.*"))


def test_a_source_made_confidential_takes_its_public_copy_off_the_disk(
    client_as: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    source = _published(client_as, _tagged_wav(tmp_path, seconds=1))
    kept = _published(client_as, _tagged_wav(tmp_path, seconds=2, name="other.wav"))
    for each in (source, kept):
        assert (
            client_as(None)
            .get(f"/public/sources/{public_id('source', each.pk)}/original/")
            .status_code
            == 200
        )
    assert _copies_of(source) and _copies_of(kept)
    with django_capture_on_commit_callbacks(execute=True):
        set_confidentiality(source, "confidential", actor="admin", reason="witness at risk")
    assert not _copies_of(source)
    assert _copies_of(kept)
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )
    assert not _copies_of(source)


def test_a_server_start_removes_copies_a_racing_download_left_behind(
    client_as: Any, tmp_path: Path
) -> None:
    # The copy was being made while the source was made restricted: the change committed
    # first, so its removal found nothing, and the download then left its copy.
    source = _published(client_as, _tagged_wav(tmp_path, seconds=1))
    kept = _published(client_as, _tagged_wav(tmp_path, seconds=2, name="other.wav"))
    for each in (source, kept):
        client_as(None).get(f"/public/sources/{public_id('source', each.pk)}/original/")
    Source.objects.filter(pk=source.pk).update(confidentiality="restricted")
    assert remove_copies_of_protected_sources() >= 1
    assert not _copies_of(source)
    assert _copies_of(kept)
