"""Public copies kept on disk: made once from the original, never in memory, never evidence."""

from __future__ import annotations

import hashlib
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from khavaran.evidence.public_copy import NoPublicCopy, copies, without_metadata
from khavaran.evidence.public_copy.copies import PublicCopies
from tests.evidence.test_public_copy_audio import _riff_chunk
from tests.ingest.test_extraction_media import make_mp3, make_wav
from tests.ingest.test_extraction_pdf import PAGES, make_pdf

MIB = 1024 * 1024


def _tagged_wav(tmp_path: Path, seconds: float, name: str = "testimony.wav") -> Path:
    """A WAV recording whose INFO chunk names its speaker, after the sound."""
    path = make_wav(tmp_path, seconds=seconds, name=name)
    info = _riff_chunk(b"LIST", b"INFO" + _riff_chunk(b"IART", b"Witness M.\x00"))
    body = path.read_bytes()[12:] + info
    path.write_bytes(b"RIFF" + (4 + len(body)).to_bytes(4, "little") + b"WAVE" + body)
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(handle: BinaryIO) -> bytes:
    with handle:
        return handle.read()


def _peak_while_copying(store: PublicCopies, original: Path, media_type: str) -> int:
    sha256 = _sha256(original)
    tracemalloc.start()
    try:
        store.open(sha256, original, media_type).close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _wav_of(tmp_path: Path, mebibytes: int) -> Path:
    return _tagged_wav(tmp_path, seconds=mebibytes * 32, name=f"{mebibytes}.wav")


def _mp3_of(tmp_path: Path, mebibytes: int) -> Path:
    return make_mp3(tmp_path, frames=mebibytes * 2500).rename(tmp_path / f"{mebibytes}.mp3")


@pytest.mark.parametrize(("make", "media_type"), [(_wav_of, "audio/wav"), (_mp3_of, "audio/mpeg")])
def test_making_a_copy_takes_no_more_memory_for_a_larger_recording(
    tmp_path: Path, make: Callable[[Path, int], Path], media_type: str
) -> None:
    # 1 MiB and 8 MiB recordings: the cleaner reads the original mapped and writes the copy
    # as it goes, so neither is ever held in memory.
    small, large = (make(tmp_path, mebibytes) for mebibytes in (1, 8))
    assert large.stat().st_size > 7 * MIB
    store = PublicCopies(tmp_path / "copies")
    peaks = [_peak_while_copying(store, original, media_type) for original in (small, large)]
    assert max(peaks) < MIB / 4, peaks
    copy = store.path_for(_sha256(large), media_type).read_bytes()
    assert copy == without_metadata(large.read_bytes(), media_type)
    assert b"Witness" not in copy and b"Montazeri" not in copy


def test_a_copy_is_made_once_and_the_original_never_changes(tmp_path: Path) -> None:
    original = _tagged_wav(tmp_path, seconds=1)
    sha256, mode = _sha256(original), original.stat().st_mode
    store = PublicCopies(tmp_path / "copies")
    first = _read(store.open(sha256, original, "audio/wav"))
    made = store.path_for(sha256, "audio/wav").stat()
    second = _read(store.open(sha256, original, "audio/wav"))
    assert first == second == without_metadata(original.read_bytes(), "audio/wav")
    assert store.path_for(sha256, "audio/wav").stat().st_ino == made.st_ino  # not made again
    assert not made.st_mode & 0o222  # read-only
    assert _sha256(original) == sha256 and original.stat().st_mode == mode


def test_two_requests_at_once_make_one_identical_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = make_pdf(tmp_path, PAGES)
    sha256 = _sha256(original)
    made: list[str] = []
    clean = copies.write_without_metadata

    def counted(data: object, media_type: str, out: BinaryIO) -> None:
        made.append(media_type)
        clean(data, media_type, out)  # type: ignore[arg-type]

    monkeypatch.setattr(copies, "write_without_metadata", counted)
    store = PublicCopies(tmp_path / "copies")
    start, served = threading.Barrier(2), []

    def request() -> None:
        start.wait()
        served.append(_read(store.open(sha256, original, "application/pdf")))

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == ["application/pdf"]
    assert len(served) == 2 and served[0] == served[1] and b"Research Team" not in served[0]
    folder = store.path_for(sha256, "application/pdf").parent
    assert sorted(path.suffix for path in folder.iterdir()) == [".lock", ".pdf"]  # no temp file


def test_a_copy_that_went_missing_is_made_again(tmp_path: Path) -> None:
    original = _tagged_wav(tmp_path, seconds=1)
    sha256 = _sha256(original)
    store = PublicCopies(tmp_path / "copies")
    first = _read(store.open(sha256, original, "audio/wav"))
    store.path_for(sha256, "audio/wav").unlink()
    assert _read(store.open(sha256, original, "audio/wav")) == first


def test_a_file_that_cannot_be_cleaned_is_not_read_again_on_every_request(
    tmp_path: Path,
) -> None:
    original = tmp_path / "damaged.pdf"
    original.write_bytes(make_pdf(tmp_path, PAGES).read_bytes()[:200])
    sha256 = _sha256(original)
    store = PublicCopies(tmp_path / "copies")
    with pytest.raises(NoPublicCopy, match="damaged PDF") as first:
        store.open(sha256, original, "application/pdf")
    original.unlink()  # the refusal is remembered: the original is not opened again
    with pytest.raises(NoPublicCopy) as second:
        store.open(sha256, original, "application/pdf")
    assert str(second.value) == str(first.value)


def test_copies_made_by_an_earlier_version_of_the_cleaners_are_removed(tmp_path: Path) -> None:
    # A copy made before a fix would keep serving what the fix removes.
    original = _tagged_wav(tmp_path, seconds=1)
    sha256 = _sha256(original)
    earlier = PublicCopies(tmp_path / "copies", version="earlier")
    earlier.open(sha256, original, "audio/wav").close()
    assert earlier.path_for(sha256, "audio/wav").exists()
    PublicCopies(tmp_path / "copies", version="later").open(sha256, original, "audio/wav").close()
    assert [path.name for path in (tmp_path / "copies").iterdir()] == ["later"]


def test_a_format_it_does_not_clean_gets_no_copy(tmp_path: Path) -> None:
    original = tmp_path / "notes.txt"
    original.write_text("Plain text.")
    with pytest.raises(NoPublicCopy, match="no metadata-free copy for text/plain"):
        PublicCopies(tmp_path / "copies").open(_sha256(original), original, "text/plain")
    assert not (tmp_path / "copies").exists()
