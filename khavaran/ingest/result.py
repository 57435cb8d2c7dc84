"""What extraction returns, and the errors it raises for files it cannot read.

Kept apart from `extraction.py` so that importers can build results without importing the
registry that imports them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["document", "image", "audio", "video"]


@dataclass(frozen=True)
class Extraction:
    """The media type and text of one evidence file, with how they were obtained.

    Attributes:
        kind: the DOMAIN Source kind guess: "document" for text-bearing files, "image",
            "audio", "video".
        media_type: the media type the content really has, e.g. "application/pdf".
        text: extracted text ("" for images, audio and PDFs without a text layer), NFC, with
            newlines as "\\n"; Excerpt offsets index into it.
        method: which reader produced the text, e.g. "pdf/pypdf".
        method_version: the version of that reader, so a re-extraction can say what changed.
        encoding: the encoding the bytes were decoded with, for text formats.
        page_offsets: for PDFs, the offset in `text` where each page starts; () otherwise.
        needs_ocr: the file shows text that only OCR can read (a PDF without a text layer).
        language: ISO 639-1 code of the main language, None when there is too little text.
        title: from the file's own metadata or markup, None when it has none.
        metadata: JSON-serializable facts about the file (pages, size in pixels, duration...).
    """

    kind: Kind
    media_type: str
    text: str
    method: str
    method_version: str
    encoding: str | None = None
    page_offsets: tuple[int, ...] = ()
    needs_ocr: bool = False
    language: str | None = None
    title: str | None = None
    metadata: Mapping[str, object] = field(default_factory=dict)


class UnreadableFile(Exception):
    """A file that cannot be ingested; `reason` is one line for the ingest report.

    The reason does not repeat the path: the report prints "<path>: <reason>". `path` is set by
    `extract_file` for callers that need it.
    """

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


class MissingFile(UnreadableFile):
    """The path does not exist, is a folder, or cannot be opened."""


class EmptyFile(UnreadableFile):
    """The file has no bytes."""


class FileTooLarge(UnreadableFile):
    """The file is over the configured size cap."""


class UnsupportedFile(UnreadableFile):
    """No importer handles this extension."""


class WrongContent(UnreadableFile):
    """The bytes are not what the extension says (a binary named .txt, a text named .pdf)."""


class UndecodableText(UnreadableFile):
    """Text whose encoding cannot be determined."""


class DamagedFile(UnreadableFile):
    """A truncated or corrupt file of a known format."""


class EncryptedFile(UnreadableFile):
    """A file that needs a password to be read."""


def clean_text(text: str) -> str:
    """NFC and "\\n" newlines, the one form that Excerpt offsets are counted in."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
