"""PDF documents: the pages people read, without what the authoring software kept.

What a published PDF gives away besides its pages:
- its properties and XMP: author, the software, often the author's account name;
- earlier revisions appended by incremental saves (a redaction made that way leaves the
  redacted words in the file);
- annotation authors, attached files (with their own names), scripts;
- the photographs inside it, with their own EXIF (a scan made with a phone), JPEG or
  JPEG 2000.
The copy is the pages rewritten into a new file; their content streams and pictures are kept
as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

import pypdf
from pypdf.filters import decode_stream_data
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from khavaran.evidence.public_copy import images
from khavaran.evidence.public_copy.jpeg2000 import jpeg2000
from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Data, readable

# Keys that hold metadata rather than content, or a script or an action the viewer runs on its
# own (/AA: on opening a page, on focus, on printing), wherever they appear in a PDF.
_PDF_DROPPED_KEYS = ("/Metadata", "/PieceInfo", "/LastModified", "/AA", "/JS")
# Keys whose value is an action; dropped where the action runs a script or a program.
_PDF_ACTION_KEYS = ("/A", "/OpenAction", "/Next")
_PDF_SCRIPT_ACTIONS = ("/JavaScript", "/Launch")
# What an annotation says of who made it and when; a form field's /T is its name, and stays.
_PDF_ANNOTATION_AUTHOR_KEYS = ("/T", "/M", "/CreationDate", "/NM")
# Annotations that carry a file of their own (an attachment, a sound, a film), with its name.
_PDF_DROPPED_ANNOTATIONS = ("/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia")
# Pictures stored as their own files (with their own EXIF, XMP, GPS), by their last filter.
_PICTURE_CLEANERS: dict[str, Callable[[bytes], bytes]] = {
    "/DCTDecode": images.jpeg,
    "/JPXDecode": jpeg2000,
}


def pdf(data: Data, out: BinaryIO) -> None:
    """The PDF's pages rewritten into a new file: no document properties, XMP, earlier
    revisions, annotation authors, attachments or scripts; embedded JPEG and JPEG 2000
    pictures without their metadata.

    pypdf reads the original where it lies (a mapped file is read as a stream), but holds the
    objects of the pages it rewrites in memory: a PDF's copy costs memory as large as its
    pages' content, once per file and cleaner version (khavaran.evidence.public_copy.copies).
    """
    try:
        reader = pypdf.PdfReader(readable(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise NoPublicCopy("an encrypted PDF")
        writer = pypdf.PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None  # no Info dictionary, not even pypdf's own /Producer
        for page in writer.pages:
            _clean_pdf_annotations(page)
        _clean_pdf_objects(writer.root_object)
        _drop_unreachable(writer)
        writer.write(out)
    except NoPublicCopy:
        raise
    # pypdf raises many types on damaged files; any of them means no safe copy.
    except Exception as error:
        raise NoPublicCopy(f"damaged PDF: {error}") from None


def _clean_pdf_objects(root: DictionaryObject) -> None:
    """Walk everything the file reaches, once each, removing metadata in place."""
    seen: set[int] = set()
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if hasattr(item, "get_object"):
            item = item.get_object()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, DictionaryObject):
            _clean_pdf_dictionary(item)
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _clean_pdf_dictionary(item: DictionaryObject) -> None:
    if item.get("/Subtype") in _PDF_DROPPED_ANNOTATIONS:
        # Dropped from its page, still reached from elsewhere (its pop-up note's /Parent):
        # kept as an empty annotation, without the file it carried.
        for key in set(item) - {"/Type", "/Subtype", "/Rect"}:
            del item[key]
    for key in _PDF_DROPPED_KEYS:
        item.pop(NameObject(key), None)
    for key in _PDF_ACTION_KEYS:
        if _runs_a_script(item.get(key)):
            item.pop(NameObject(key))
    if isinstance(item, StreamObject):
        picture = _PICTURE_CLEANERS.get((_pdf_filters(item) or [""])[-1])
        if picture is not None:
            _clean_pdf_picture(item, picture)


def _resolved(value: object) -> object:
    """The object an indirect reference points to; anything else as it is."""
    return value.get_object() if isinstance(value, IndirectObject) else value


def _runs_a_script(action: object) -> bool:
    action = _resolved(action)
    if isinstance(action, ArrayObject):  # a /Next chain: one script in it is enough
        return any(_runs_a_script(each) for each in action)
    return isinstance(action, DictionaryObject) and action.get("/S") in _PDF_SCRIPT_ACTIONS


def _pdf_filters(stream: StreamObject) -> list[str]:
    filters = _resolved(stream.get("/Filter"))
    if isinstance(filters, ArrayObject):
        return [str(_resolved(each)) for each in filters]
    return [str(filters)] if filters is not None else []


def _clean_pdf_picture(stream: StreamObject, clean: Callable[[bytes], bytes]) -> None:
    """The raw JPEG or JPEG 2000 picture, EXIF and all, cleaned like a photograph and never
    re-encoded; one that was compressed again (/FlateDecode before /DCTDecode) is stored as
    the plain picture."""
    filters = _pdf_filters(stream)
    if len(filters) == 1:
        stream._data = clean(stream._data)
        return
    # pypdf decodes every filter but the last, which hands the picture on as it is.
    picture = clean(decode_stream_data(stream))
    parameters = _resolved(stream.get("/DecodeParms"))
    last = _resolved(parameters[-1]) if isinstance(parameters, ArrayObject) and parameters else None
    stream.pop(NameObject("/DecodeParms"), None)
    if isinstance(last, DictionaryObject) and last:
        stream[NameObject("/DecodeParms")] = last
    stream[NameObject("/Filter")] = NameObject(filters[-1])
    stream._data = picture


def _clean_pdf_annotations(page: DictionaryObject) -> None:
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject()
    for reference in annotations.get_object():
        annotation = reference.get_object()
        if not isinstance(annotation, DictionaryObject):
            continue
        subtype = annotation.get("/Subtype")
        if subtype in _PDF_DROPPED_ANNOTATIONS:
            continue
        if subtype not in ("/Widget", "/Link"):
            for key in _PDF_ANNOTATION_AUTHOR_KEYS:
                annotation.pop(NameObject(key), None)
        kept.append(reference)
    page[NameObject("/Annots")] = kept


def _drop_unreachable(writer: pypdf.PdfWriter) -> None:
    """Forget the objects nothing in the file refers to any more (a dropped attachment, a
    script): pypdf writes every object it ever held."""
    root = writer.root_object.indirect_reference
    assert root is not None
    reachable = {root.idnum}
    stack: list[object] = [writer.root_object]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum not in reachable:
                reachable.add(item.idnum)
                stack.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    for index in range(len(writer._objects)):
        if index + 1 not in reachable:
            writer._objects[index] = None
