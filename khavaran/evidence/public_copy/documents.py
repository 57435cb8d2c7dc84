"""PDF and Word documents: the pages people read, without what the authoring software kept.

What a published document gives away besides its text:
- its properties: author, last editor, company, the template's path on someone's computer;
- the photographs inside it, with their own EXIF (a scan made with a phone);
- in a PDF, earlier revisions appended by incremental saves (a redaction made that way leaves
  the redacted words in the file), annotation authors, attachments and scripts;
- in a Word file, tracked changes and comments, with their authors' names and deleted text.
The copy keeps the visible content. A Word file with tracked changes or comments is refused:
removing them would change what the document says, which is for a person to decide.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from khavaran.evidence.public_copy import images
from khavaran.evidence.public_copy.refusal import NoPublicCopy

# Keys that hold metadata rather than content, wherever they appear in a PDF.
_PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo", "/LastModified")
# What an annotation says of who made it and when; a form field's /T is its name, and stays.
_PDF_ANNOTATION_AUTHOR_KEYS = ("/T", "/M", "/CreationDate", "/NM")


def pdf(data: bytes) -> bytes:
    """The PDF's pages rewritten into a new file: no document properties, XMP, earlier
    revisions, annotation authors, attachments or scripts; embedded JPEGs without EXIF."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise NoPublicCopy("an encrypted PDF")
        writer = pypdf.PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None  # no Info dictionary, not even pypdf's own /Producer
        pages = list(writer.pages)
        _clean_pdf_objects(pages)
        for page in pages:
            _clean_pdf_annotations(page)
        out = io.BytesIO()
        writer.write(out)
    except NoPublicCopy:
        raise
    # pypdf raises many types on damaged files; any of them means no safe copy.
    except Exception as error:
        raise NoPublicCopy(f"damaged PDF: {error}") from None
    return out.getvalue()


def _clean_pdf_objects(roots: Sequence[DictionaryObject]) -> None:
    """Walk everything the pages reach, once each, removing metadata in place."""
    seen: set[int] = set()
    stack: list[object] = list(roots)
    while stack:
        item = stack.pop()
        if hasattr(item, "get_object"):
            item = item.get_object()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, DictionaryObject):
            _clean_pdf_dictionary(item)
            stack.extend(value for key, value in item.items() if key != "/Parent")
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _clean_pdf_dictionary(item: DictionaryObject) -> None:
    for key in _PDF_METADATA_KEYS:
        item.pop(NameObject(key), None)
    is_jpeg = item.get("/Subtype") == "/Image" and item.get("/Filter") in (
        "/DCTDecode",
        ["/DCTDecode"],
    )
    if isinstance(item, StreamObject) and is_jpeg:
        # The raw JPEG, EXIF and all; cleaned like a photograph, never re-encoded.
        item._data = images.jpeg(item._data)


def _clean_pdf_annotations(page: DictionaryObject) -> None:
    for reference in page.get("/Annots") or ():
        annotation = reference.get_object()
        if isinstance(annotation, DictionaryObject) and annotation.get("/Subtype") not in (
            "/Widget",
            "/Link",
        ):
            for key in _PDF_ANNOTATION_AUTHOR_KEYS:
                annotation.pop(NameObject(key), None)


# --- Word ------------------------------------------------------------------------------------

_CORE = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
_EXTENDED = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"/>'
)
_CUSTOM = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'custom-properties"/>'
)
# Who made a change or a comment: on insertions, deletions, moves, format changes, comments.
_AUTHOR = re.compile(rb"\bw:author=")
# An external relationship's target: the attached template's path on the author's computer.
_EXTERNAL_TARGET = re.compile(rb'Target="([^"]*)"(?=[^>]*TargetMode="External")')


def docx(data: bytes) -> bytes:
    """The Word file with empty properties, embedded photographs without EXIF and the
    template's path cut to its file name.

    Raises:
        NoPublicCopy: the file holds tracked changes or comments, or is not a readable package.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = [(info, package.read(info)) for info in package.infolist()]
    except (zipfile.BadZipFile, EOFError, KeyError, ValueError, OSError) as error:
        raise NoPublicCopy(f"damaged Word document: {error}") from None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info, content in members:
            copy.writestr(_bare_info(info), _docx_member(info.filename, content))
    return out.getvalue()


def has_revisions(data: bytes) -> bool:
    """Whether a Word file's text parts name the authors of tracked changes or comments."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        return any(
            _AUTHOR.search(package.read(name))
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )
    except (zipfile.BadZipFile, EOFError, KeyError, ValueError, OSError):
        return False


_DOCX_REPLACED: dict[str, bytes] = {
    "docProps/core.xml": _CORE,
    "docProps/app.xml": _EXTENDED,
    "docProps/custom.xml": _CUSTOM,
}


def _docx_member(name: str, content: bytes) -> bytes:
    if name in _DOCX_REPLACED:
        return _DOCX_REPLACED[name]
    if name.startswith("word/") and name.endswith(".xml") and _AUTHOR.search(content):
        raise NoPublicCopy(
            "the document holds tracked changes or comments, with their authors' names"
        )
    if name.endswith(".rels"):
        return _EXTERNAL_TARGET.sub(_file_name_only, content)
    cleaner = _IMAGE_CLEANERS.get(name.rsplit(".", 1)[-1].lower())
    return cleaner(content) if cleaner else content


_IMAGE_CLEANERS: dict[str, Callable[[bytes], bytes]] = {
    "jpg": images.jpeg,
    "jpeg": images.jpeg,
    "png": images.png,
}


def _file_name_only(match: re.Match[bytes]) -> bytes:
    target = match.group(1)
    if target.startswith((b"http://", b"https://", b"mailto:")):
        return match.group(0)  # a hyperlink in the text: content, kept
    name = re.split(rb"[\\/]", target)[-1]
    return b'Target="' + name + b'"'


def _bare_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """The member's name only: no timestamp or comment from the author's machine."""
    bare = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
    bare.compress_type = zipfile.ZIP_DEFLATED
    return bare
