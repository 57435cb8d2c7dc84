"""Word documents (.docx): the text people read, without what names its makers.

What a Word file gives away besides its text:
- its properties: author, last editor, company;
- the people who edited it, with their account ids (word/people.xml), and what SharePoint or
  OneDrive stored in it (customXml: the names of the people it was assigned to);
- the path of its template, or of a linked file, on the author's computer;
- the photographs inside it, with their own EXIF;
- files embedded in it (every chart's workbook, an attached document), with their own authors;
- tracked changes and comments, with their authors' names and deleted text.
The copy keeps the text, its layout and pictures. A file with tracked changes, comments or
embedded files is refused: removing them would change what the document says or shows, which
is for a person to decide.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable

from lxml import etree

from khavaran.evidence.public_copy import images
from khavaran.evidence.public_copy.refusal import NoPublicCopy

_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE = (
    _DECLARATION + b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
_EXTENDED = (
    _DECLARATION + b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"/>'
)
_CUSTOM = (
    _DECLARATION + b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'custom-properties"/>'
)
_PEOPLE = (
    _DECLARATION + b'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"/>'
)
_REPLACED: dict[str, bytes] = {
    "docProps/core.xml": _CORE,
    "docProps/app.xml": _EXTENDED,
    "docProps/custom.xml": _CUSTOM,
    "word/people.xml": _PEOPLE,
}
# A tracked change or a comment, or who made one: insertions, deletions, moves, format
# changes (whose only mark is their author), comments.
_REVISION = re.compile(rb"\bw:author=|<w:(?:ins|del|moveFrom|moveTo|comment)\b")
# A custom XML part's data (not its properties part, itemProps*.xml, which names its schema).
_CUSTOM_XML_ITEM = re.compile(r"customXml/item\d+\.xml")
# Folders of embedded files: OLE objects and packages (a chart's workbook), ActiveX controls.
_EMBEDDED_FOLDERS = ("embeddings", "activeX")
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# External targets that are content: a link in the text or a picture on the web.
_KEPT_TARGET_TYPES = ("/hyperlink", "/image")
_KEPT_TARGET_SCHEMES = ("http://", "https://", "mailto:")
# A package's XML is read without entities or network: it comes from outside.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
_IMAGE_CLEANERS: dict[str, Callable[[bytes], bytes]] = {
    "jpg": images.jpeg,
    "jpeg": images.jpeg,
    "png": images.png,
}


def docx(data: bytes) -> bytes:
    """The Word file with empty properties, people and custom XML parts, embedded photographs
    without EXIF and local paths cut to their file names.

    Raises:
        NoPublicCopy: the file holds tracked changes, comments or embedded files, or is not a
            readable package.
    """
    members = _members(data)
    for info, _ in members:
        if set(info.filename.split("/")[:-1]) & set(_EMBEDDED_FOLDERS):
            raise NoPublicCopy(
                "the document embeds files (a chart's workbook, an attached document) that "
                "keep their own authors' names; paste charts as pictures, or save it as PDF, "
                "and ingest the result"
            )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info, content in members:
            copy.writestr(_bare_info(info), _member(info.filename, content))
    return out.getvalue()


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        return [(info, package.read(info)) for info in package.infolist()]
    # A damaged member fails when it is inflated or checked (zlib, CRC); an encrypted or
    # unknown compression method fails before.
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        ValueError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        raise NoPublicCopy(f"damaged Word document: {error}") from None


def _member(name: str, content: bytes) -> bytes:
    if name in _REPLACED:
        return _REPLACED[name]
    if _CUSTOM_XML_ITEM.fullmatch(name):
        return _emptied(_parsed(name, content))
    if name.startswith("word/") and name.endswith(".xml") and _REVISION.search(content):
        raise NoPublicCopy(
            "the document holds tracked changes or comments, with their authors' names"
        )
    if name.endswith(".rels"):
        return _local_paths_cut(name, content)
    cleaner = _IMAGE_CLEANERS.get(name.rsplit(".", 1)[-1].lower())
    return cleaner(content) if cleaner else content


def _parsed(name: str, content: bytes) -> etree._Element:
    try:
        return etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as error:
        raise NoPublicCopy(f"damaged Word document: {name}: {error}") from None


def _emptied(root: etree._Element) -> bytes:
    """The part's root element alone: still a valid part, holding nothing."""
    empty = etree.Element(root.tag, nsmap=root.nsmap)
    return bytes(etree.tostring(empty, xml_declaration=True, encoding="UTF-8", standalone=True))


def _local_paths_cut(name: str, content: bytes) -> bytes:
    """External targets that are not web links in the text cut to their file names: the
    attached template's path names its author's account ("C:\\Users\\Maryam\\...")."""
    root = _parsed(name, content)
    changed = False
    for relationship in root.iter(_RELATIONSHIP):
        target = relationship.get("Target") or ""
        if relationship.get("TargetMode") != "External" or _is_content_link(relationship):
            continue
        relationship.set("Target", re.split(r"[\\/]", target)[-1])
        changed = True
    if not changed:
        return content
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _is_content_link(relationship: etree._Element) -> bool:
    kind = relationship.get("Type") or ""
    target = (relationship.get("Target") or "").lower()
    return kind.endswith(_KEPT_TARGET_TYPES) and target.startswith(_KEPT_TARGET_SCHEMES)


def _bare_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """The member's name only: no timestamp or comment from the author's machine."""
    bare = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
    bare.compress_type = zipfile.ZIP_DEFLATED
    return bare
