"""The copy of a file the public site serves: its content, without what it says of its makers.

Files carry more than what they show: a photograph's GPS position, a document's author and its
earlier revisions, a recording's speaker in its tags. On a memorial site, any of these can
point to a witness. The original stays in the store unchanged (it is the evidence); the public
gets a copy with that metadata removed. Pictures and sound are carried over byte for byte,
never re-encoded; a web page keeps its text's bytes and loses its comments, scripts,
<meta> elements, hidden values, local paths, its pictures' metadata, its title and the frames
around its content (`html`).

Cleaners read the original as `spans.Data` (mapped from its file) and write the copy to a
file as they go; `copies.PublicCopies` keeps each copy on disk, made once, for the site to
stream.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import BinaryIO

import khavaran
from khavaran.evidence.public_copy import audio, html, images, pdf, word
from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Cleaner, Data

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_CLEANERS: dict[str, Cleaner] = {
    "image/jpeg": images.write_jpeg,
    "image/png": images.write_png,
    "application/pdf": pdf.pdf,
    DOCX: word.docx,
    "audio/mpeg": audio.mpeg,
    "audio/aac": audio.mpeg,
    "audio/wav": audio.wav,
    "audio/flac": audio.flac,
    "audio/ogg": audio.tagged_container,
    "audio/mp4": audio.tagged_container,
    # Plain text has no metadata and is served as stored (`web/public_offer.py`).
    html.MEDIA_TYPE: html.html,
}

# The formats whose metadata can be removed without touching what they show or sound like.
CLEANABLE = frozenset(_CLEANERS)


def has_camera_data(metadata: Mapping[str, object]) -> bool:
    """Whether ingest found what a device wrote about itself: EXIF, or a filming position."""
    return "position" in metadata or any(key.startswith("exif_") for key in metadata)


def cleaner_for(media_type: str) -> Cleaner:
    """The function that writes a copy of this format without its metadata.

    Raises:
        NoPublicCopy: a format this package does not clean.
    """
    cleaner = _CLEANERS.get(media_type)
    if cleaner is None:
        raise NoPublicCopy(f"no metadata-free copy for {media_type}")
    return cleaner


def write_without_metadata(data: Data, media_type: str, out: BinaryIO) -> None:
    """Write the file's content without its embedded metadata to `out`, a file opened for
    reading and writing (Ogg and MP4 are cleaned in place there). On NoPublicCopy, what was
    written is a fragment: the caller throws it away.

    Raises:
        NoPublicCopy: another format, bytes that do not parse as the format claimed, or a Word
            file with tracked changes or comments.
    """
    cleaner_for(media_type)(data, out)


def without_metadata(data: bytes, media_type: str) -> bytes:
    """The file's bytes without its embedded metadata, in memory: for small files and tests;
    the site serves copies from `copies.PublicCopies`."""
    out = io.BytesIO()
    write_without_metadata(data, media_type, out)
    return out.getvalue()


def _cleaner_version() -> str:
    """What made the copies: this package's code and the versions of the libraries it cleans
    with. A change to any of them is a new version, and every copy is made again: a copy made
    before a fix would otherwise keep serving what the fix removes."""
    # The release too: where the code ships compiled, without its .py files.
    digest = hashlib.sha256(khavaran.__version__.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    for library in ("pypdf", "mutagen", "lxml"):
        digest.update(f"{library}={version(library)}".encode())
    return digest.hexdigest()[:16]


CLEANER_VERSION = _cleaner_version()

__all__ = [
    "CLEANABLE",
    "CLEANER_VERSION",
    "DOCX",
    "NoPublicCopy",
    "cleaner_for",
    "has_camera_data",
    "without_metadata",
    "write_without_metadata",
]
