"""Word documents (.docx): the text people read, without what names its makers.

What a Word file gives away besides its text:
- its properties: author, last editor, company, manager, custom properties;
- the people who edited it, with their account ids (word/people.xml), and what SharePoint or
  OneDrive stored in it (customXml: the names of the people it was assigned to);
- its settings: document variables (a case management system's fields: the case worker, the
  client), a mail merge's data source and query (a path to a list of names), and the
  identifier every copy and draft of the document shares;
- AutoText kept in its glossary: text no page shows (an address block, a signature);
- the path of its template, or of a linked file, on the author's computer;
- the photographs inside it, with their own EXIF (a picture in a format whose metadata this
  package cannot remove, TIFF or WebP, is refused);
- files embedded in it (every chart's workbook, an attached document), with their own authors;
- tracked changes and comments, with their authors' names and deleted text.
The copy keeps the text, its layout and pictures. A file with tracked changes, comments or
embedded files is refused: removing them would change what the document says or shows, which
is for a person to decide.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from lxml import etree

from khavaran.evidence.public_copy import images
from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Data, readable

# A damaged member fails when it is inflated or checked (zlib, CRC); an encrypted one or an
# unknown compression method fails before.
_READ_ERRORS = (
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    OSError,
    NotImplementedError,
    RuntimeError,
)

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
_OFFICE = "application/vnd.openxmlformats-officedocument."
# The same parts found by their content type, wherever a producer put them.
_REPLACED_TYPES: dict[str, bytes] = {
    "application/vnd.openxmlformats-package.core-properties+xml": _CORE,
    _OFFICE + "extended-properties+xml": _EXTENDED,
    _OFFICE + "custom-properties+xml": _CUSTOM,
    _OFFICE + "wordprocessingml.people+xml": _PEOPLE,
}
# Parts kept as their root element alone: AutoText no page shows.
_EMPTIED_TYPES = frozenset({_OFFICE + "wordprocessingml.document.glossary+xml"})
_SETTINGS_TYPE = _OFFICE + "wordprocessingml.settings+xml"
_CONTENT_TYPES = "[Content_Types].xml"
_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Settings that name people or tie the copy to its drafts: document variables, a mail
# merge's data source and query, and the document's identifier (Word 2010 and 2013).
_DROPPED_SETTINGS = frozenset(
    {
        _W + "docVars",
        _W + "mailMerge",
        "{http://schemas.microsoft.com/office/word/2010/wordml}docId",
        "{http://schemas.microsoft.com/office/word/2012/wordml}docId",
    }
)
# A tracked change or a comment, or who made one: insertions, deletions, moves, format
# changes (whose only mark is their author), comments.
_REVISION = re.compile(rb"\bw:author=|<w:(?:ins|del|moveFrom|moveTo|comment)\b")
# A custom XML part's data (not its properties part, itemProps*.xml, which names its schema).
_CUSTOM_XML_ITEM = re.compile(r"customXml/(?!itemProps)[^/]+\.xml")
# Folders of embedded files: OLE objects and packages (a chart's workbook), ActiveX controls.
_EMBEDDED_FOLDERS = ("embeddings", "activeX")
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# External targets that are content: a link in the text or a picture on the web.
_KEPT_TARGET_TYPES = ("/hyperlink", "/image")
_KEPT_TARGET_SCHEMES = ("http://", "https://", "mailto:")
# A package's XML is read without entities or network: it comes from outside.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
# Pictures known by their first bytes, whatever their names say.
_IMAGE_CLEANERS: dict[bytes, Callable[[bytes], bytes]] = {
    b"\xff\xd8\xff": images.jpeg,
    b"\x89PNG\r\n\x1a\n": images.png,
}
# Pictures that keep EXIF, XMP or comments this package cannot remove without re-encoding.
_UNCLEANABLE_PICTURE = re.compile(
    rb"II\*\x00|MM\x00\*|II\xbc|GIF8[79]a|RIFF....WEBP|....ftyp(?:heic|heix|mif1|avif)", re.DOTALL
)


def docx(data: Data, out: BinaryIO) -> None:
    """The Word file with empty properties, people, custom XML parts and glossary, settings
    without document variables, mail merge or identifier, photographs without EXIF and local
    paths cut to their file names. Read and written one member at a time.

    Raises:
        NoPublicCopy: the file holds tracked changes, comments, embedded files or pictures
            that cannot be cleaned, or is not a readable package.
    """
    with _opened(data) as package:
        infos = package.infolist()
        for info in infos:
            if set(info.filename.split("/")[:-1]) & set(_EMBEDDED_FOLDERS):
                raise NoPublicCopy(
                    "the document embeds files (a chart's workbook, an attached document) that "
                    "keep their own authors' names; paste charts as pictures, or save it as "
                    "PDF, and ingest the result"
                )
        types = _content_types(package)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in infos:
                content = _read(package, info)
                cleaned = _member(info.filename, types.get(info.filename, ""), content)
                copy.writestr(_bare_info(info), cleaned)


@contextlib.contextmanager
def _opened(data: Data) -> Iterator[zipfile.ZipFile]:
    try:
        package = zipfile.ZipFile(readable(data))
    except (zipfile.BadZipFile, *_READ_ERRORS) as error:
        raise NoPublicCopy(f"damaged Word document: {error}") from None
    with package:
        yield package


def _read(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return package.read(info)
    except (zipfile.BadZipFile, *_READ_ERRORS) as error:
        raise NoPublicCopy(f"damaged Word document: {info.filename}: {error}") from None


def _content_types(package: zipfile.ZipFile) -> dict[str, str]:
    """Each part's declared content type, by member name: how Word itself finds its parts."""
    if _CONTENT_TYPES not in package.namelist():
        return {}
    root = _parsed(_CONTENT_TYPES, _read(package, package.getinfo(_CONTENT_TYPES)))
    return {
        (override.get("PartName") or "").lstrip("/"): override.get("ContentType") or ""
        for override in root.iter(_OVERRIDE)
    }


def _member(name: str, content_type: str, content: bytes) -> bytes:
    if content_type in _REPLACED_TYPES:
        return _REPLACED_TYPES[content_type]
    if name in _REPLACED:
        return _REPLACED[name]
    if _CUSTOM_XML_ITEM.fullmatch(name) or content_type in _EMPTIED_TYPES:
        return _emptied(_parsed(name, content))
    if name.startswith("word/") and name.endswith(".xml") and _REVISION.search(content):
        raise NoPublicCopy(
            "the document holds tracked changes or comments, with their authors' names"
        )
    if content_type == _SETTINGS_TYPE:
        return _settings_cleaned(name, content)
    if name.endswith(".rels"):
        return _local_paths_cut(name, content)
    return _picture_cleaned(name, content)


def _settings_cleaned(name: str, content: bytes) -> bytes:
    root = _parsed(name, content)
    dropped = [setting for setting in root if setting.tag in _DROPPED_SETTINGS]
    for setting in dropped:
        root.remove(setting)
    if not dropped:
        return content
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _picture_cleaned(name: str, content: bytes) -> bytes:
    for signature, cleaner in _IMAGE_CLEANERS.items():
        if content.startswith(signature):
            return cleaner(content)
    if _UNCLEANABLE_PICTURE.match(content):
        raise NoPublicCopy(
            f"the document holds a picture ({name}) in a format whose camera data cannot be "
            "removed; insert it as JPEG or PNG, or save the document as PDF"
        )
    return content


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
