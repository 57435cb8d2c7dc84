"""Plain text (.txt): decoded with a detected encoding, kept as it is."""

from __future__ import annotations

from pathlib import PurePath

from khavaran import __version__
from khavaran.ingest.decoding import decode_text
from khavaran.ingest.result import Extraction

MEDIA_TYPE = "text/plain"


def extract(data: bytes, name: str) -> Extraction:
    """The text of a plain-text file, with the encoding it was written in."""
    decoded = decode_text(data, PurePath(name).suffix.lower())
    return Extraction(
        kind="document",
        media_type=MEDIA_TYPE,
        text=decoded.text,
        method="text/decode",
        method_version=__version__,
        encoding=decoded.encoding,
        metadata={"encoding_evidence": decoded.evidence},
    )
