"""Markdown (.md): the raw text, markup included, so that quotes are found verbatim."""

from __future__ import annotations

import re
from pathlib import PurePath

from khavaran import __version__
from khavaran.ingest.decoding import decode_text
from khavaran.ingest.result import Extraction

MEDIA_TYPE = "text/markdown"
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_SETEXT_HEADING = re.compile(r"^ {0,3}(\S.*?)[ \t]*\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
# Only the opening lines are searched for a title: a heading deep in a note is a section.
_TITLE_WINDOW = 2_000


def extract(data: bytes, name: str) -> Extraction:
    """The text of a Markdown file as written, titled by its first heading."""
    decoded = decode_text(data, PurePath(name).suffix.lower())
    return Extraction(
        kind="document",
        media_type=MEDIA_TYPE,
        text=decoded.text,
        method="markdown/raw",
        method_version=__version__,
        encoding=decoded.encoding,
        title=first_heading(decoded.text),
        metadata={"encoding_evidence": decoded.evidence},
    )


def first_heading(text: str) -> str | None:
    """The first ATX (`# Title`) or setext (`Title` over `===`) heading near the top."""
    head = text[:_TITLE_WINDOW]
    matches = [m for m in (_ATX_HEADING.search(head), _SETEXT_HEADING.search(head)) if m]
    if not matches:
        return None
    return min(matches, key=lambda match: match.start()).group(1).strip() or None
