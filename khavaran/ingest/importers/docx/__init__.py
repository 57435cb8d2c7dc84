"""Word documents (.docx): paragraphs and table cells in reading order, one a line.

The text is the document as it reads with its tracked changes accepted: inserted words are in
it, deleted ones are not. How many tracked changes and comments the file holds is recorded,
because both keep their authors' names and deleted words in the file.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import version

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from khavaran.ingest.result import DamagedFile, Extraction, WrongContent, clean_text

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_VERSION = version("python-docx")
_RUN = qn("w:r")
# Elements around runs that are part of the text as it reads: links, insertions, moved-to
# text, content controls, fields. Deletions (w:del, w:moveFrom) hold their words in w:delText
# or under w:moveFrom, and are left out.
_AROUND_RUNS = frozenset(
    qn(tag)
    for tag in (
        "w:hyperlink", "w:ins", "w:moveTo", "w:sdt", "w:sdtContent", "w:fldSimple",
        "w:smartTag", "w:customXml", "w:dir", "w:bdo",
    )
)  # fmt: skip
_TRACKED_CHANGE = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b")
_COMMENT = re.compile(rb"<w:comment\b")


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
    metadata |= _revisions(data)
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
            yield _paragraph_text(block)
        else:
            yield from _table_lines(block)


def _paragraph_text(paragraph: Paragraph) -> str:
    # python-docx's Paragraph.text reads only the paragraph's own runs and links: it drops
    # tracked insertions and content controls, which Word shows as part of the text.
    parts: list[str] = []
    pending = [iter(paragraph._p)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif child.tag == _RUN:
            parts.append(child.text)
        elif child.tag in _AROUND_RUNS:
            pending.append(iter(child))
    return "".join(parts)


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
                    yield _paragraph_text(block)
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


def _revisions(data: bytes) -> dict[str, object]:
    """How many tracked changes and comments the package holds, where it holds any."""
    changes = comments = 0
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                part = package.read(name)
                changes += len(_TRACKED_CHANGE.findall(part))
                comments += len(_COMMENT.findall(part))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise DamagedFile(f"truncated or damaged .docx: {error}") from None
    return {
        key: count for key, count in (("tracked_changes", changes), ("comments", comments)) if count
    }
