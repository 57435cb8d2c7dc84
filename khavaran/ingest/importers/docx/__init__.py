"""Word documents (.docx): paragraphs and table cells in reading order, one a line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import version

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from khavaran.ingest.result import DamagedFile, Extraction, WrongContent, clean_text

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_VERSION = version("python-docx")


def extract(data: bytes, name: str) -> Extraction:
    """The text of a Word document: body paragraphs and table cells, joined by newlines.

    Raises:
        WrongContent: the bytes are not a ZIP package (an old .doc, a renamed file).
        DamagedFile: the package is corrupt or is not a Word document.
    """
    document = _open(data)
    try:
        lines = list(_lines(document))
    except (KeyError, ValueError, etree.LxmlError) as error:
        raise DamagedFile(f"damaged Word document: {error}") from None
    metadata = _properties(document)
    title = metadata.pop("title", None)
    return Extraction(
        kind="document",
        media_type=MEDIA_TYPE,
        text=clean_text("\n".join(lines)),
        method="docx/python-docx",
        method_version=_VERSION,
        title=title if isinstance(title, str) else None,
        metadata=metadata,
    )


def _open(data: bytes) -> Document:
    if not data.startswith(b"PK\x03\x04"):
        raise WrongContent(
            "not a .docx (no ZIP signature); an old binary .doc must be saved as .docx first"
        )
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EOFError) as error:
        raise DamagedFile(f"truncated or damaged .docx: {error}") from None
    except ValueError as error:
        # python-docx refuses other Office packages (.xlsx, .pptx) with a ValueError.
        raise WrongContent(f"not a Word document: {error}") from None
    except etree.LxmlError as error:
        raise DamagedFile(f"damaged .docx, its XML does not parse: {error}") from None


def _lines(document: Document) -> Iterator[str]:
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from _table_lines(block)


def _table_lines(table: Table) -> Iterator[str]:
    # A merged cell is returned once per grid position it spans; its text is wanted once. The
    # elements are kept so that their ids stay theirs.
    seen: dict[int, object] = {}
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            for block in cell.iter_inner_content():
                if isinstance(block, Paragraph):
                    yield block.text
                else:
                    yield from _table_lines(block)


def _properties(document: Document) -> dict[str, object]:
    core = document.core_properties
    found: dict[str, object] = {}
    for key, value in (
        ("title", core.title),
        ("author", core.author),
        ("subject", core.subject),
        ("last_modified_by", core.last_modified_by),
        ("language", core.language),
    ):
        text = " ".join((value or "").split())
        if text:
            found[key] = text
    for key, moment in (("created", core.created), ("modified", core.modified)):
        if isinstance(moment, datetime):
            found[key] = moment.isoformat()
    return found
