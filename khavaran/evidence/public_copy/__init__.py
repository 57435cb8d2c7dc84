"""The copy of a file the public site serves: its content, without what it says of its makers.

Files carry more than what they show: a photograph's GPS position, a document's author and its
earlier revisions, a recording's speaker in its tags. On a memorial site, any of these can
point to a witness. The original stays in the store unchanged (it is the evidence); the public
gets a copy with that metadata removed. Pictures and sound are carried over byte for byte,
never re-encoded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from khavaran.evidence.public_copy import audio, images, pdf, word
from khavaran.evidence.public_copy.refusal import NoPublicCopy

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_CLEANERS: dict[str, Callable[[bytes], bytes]] = {
    "image/jpeg": images.jpeg,
    "image/png": images.png,
    "application/pdf": pdf.pdf,
    DOCX: word.docx,
    "audio/mpeg": audio.mpeg,
    "audio/aac": audio.mpeg,
    "audio/wav": audio.wav,
    "audio/flac": audio.flac,
    "audio/ogg": audio.tagged_container,
    "audio/mp4": audio.tagged_container,
}

# The formats whose metadata can be removed without touching what they show or sound like.
CLEANABLE = frozenset(_CLEANERS)


def has_camera_data(metadata: Mapping[str, object]) -> bool:
    """Whether ingest found what a device wrote about itself: EXIF, or a filming position."""
    return "position" in metadata or any(key.startswith("exif_") for key in metadata)


def without_metadata(data: bytes, media_type: str) -> bytes:
    """The file's bytes without its embedded metadata.

    Raises:
        NoPublicCopy: another format, bytes that do not parse as the format claimed, or a Word
            file with tracked changes or comments.
    """
    cleaner = _CLEANERS.get(media_type)
    if cleaner is None:
        raise NoPublicCopy(f"no metadata-free copy for {media_type}")
    return cleaner(data)


__all__ = ["CLEANABLE", "DOCX", "NoPublicCopy", "has_camera_data", "without_metadata"]
