"""PDF: the text layer page by page, with where each page starts; scans are flagged for OCR."""

from __future__ import annotations

import io
from datetime import datetime

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from khavaran.ingest.result import (
    DamagedFile,
    EncryptedFile,
    Extraction,
    WrongContent,
    clean_text,
)

MEDIA_TYPE = "application/pdf"
PAGE_SEPARATOR = "\n\n"
# Under this many visible characters per page the text layer is page numbers or stray marks,
# not the document: the pages are images and need OCR.
MIN_CHARS_PER_PAGE = 16
# The header may follow a little junk (PDF readers accept it within the first kilobyte), and
# the end-of-file marker may be followed by a little padding.
_HEADER_WINDOW = 1_024
_TRAILER_WINDOW = 2_048


def extract(data: bytes, name: str) -> Extraction:
    """The text of a PDF's text layer, pages joined by a blank line, with page start offsets.

    Raises:
        WrongContent: the bytes are not a PDF.
        DamagedFile: the PDF is truncated or corrupt.
        EncryptedFile: the PDF needs a password.
    """
    _check_framing(data)
    reader = _open(data)
    pages = _page_texts(reader)
    visible = sum(len("".join(page.split())) for page in pages)
    metadata: dict[str, object] = {"pages": len(pages), "text_layer_chars": visible}
    metadata |= _document_info(reader)
    title = _str(metadata.pop("title", None))
    needs_ocr = visible < MIN_CHARS_PER_PAGE * len(pages)
    text, offsets = ("", ()) if needs_ocr else join_pages(pages)
    return Extraction(
        kind="document",
        media_type=MEDIA_TYPE,
        text=text,
        method="pdf/pypdf",
        method_version=pypdf.__version__,
        page_offsets=offsets,
        needs_ocr=needs_ocr,
        title=title,
        metadata=metadata,
    )


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Pages joined by `PAGE_SEPARATOR`, and the offset at which each page starts."""
    offsets: list[int] = []
    position = 0
    for page in pages:
        offsets.append(position)
        position += len(page) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(pages), tuple(offsets)


def _check_framing(data: bytes) -> None:
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise WrongContent("not a PDF (no %PDF- header); give it the extension of its real format")
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise DamagedFile(
            "truncated or damaged PDF: no end-of-file marker, the file was probably cut off; "
            "fetch a complete copy"
        )


def _open(data: bytes) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedFile("encrypted PDF: it needs a password; save a decrypted copy")
        # Reading the page tree here surfaces damage before any text is taken.
        len(reader.pages)
    except FileNotDecryptedError:
        raise EncryptedFile("encrypted PDF: it needs a password; save a decrypted copy") from None
    except (NotImplementedError, DependencyError) as error:
        raise EncryptedFile(f"encrypted PDF that cannot be opened here ({error})") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise DamagedFile(f"truncated or damaged PDF: {error}") from None
    return reader


def _page_texts(reader: pypdf.PdfReader) -> list[str]:
    texts: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text()
        # pypdf raises many types on damaged content streams; any of them means this page's
        # text cannot be trusted, and the message names the page.
        except Exception as error:
            raise DamagedFile(f"truncated or damaged PDF: page {number}: {error}") from None
        texts.append(clean_text(text).strip())
    return texts


def _document_info(reader: pypdf.PdfReader) -> dict[str, object]:
    try:
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError):
        return {}
    if info is None:
        return {}
    found: dict[str, object] = {}
    for key, value in (
        ("title", info.title),
        ("author", info.author),
        ("subject", info.subject),
        ("creator", info.creator),
        ("producer", info.producer),
    ):
        text = _str(value)
        if text:
            found[key] = text
    for key, attribute in (("created", "creation_date"), ("modified", "modification_date")):
        moment = _safe_date(info, attribute)
        if moment is not None:
            found[key] = moment.isoformat()
    return found


def _safe_date(info: pypdf.DocumentInformation, attribute: str) -> datetime | None:
    # pypdf parses dates on access and raises on malformed ones, common in old producers.
    try:
        value = getattr(info, attribute)
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, datetime) else None


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).replace("\x00", "").split())
    return text or None
