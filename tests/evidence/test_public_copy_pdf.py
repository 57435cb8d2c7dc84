"""The public copy of a PDF: the photographs inside it and the metadata each object carries."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pypdf
import pytest
from fpdf import FPDF
from PIL import Image
from pypdf.generic import DecodedStreamObject, NameObject

from khavaran.evidence.public_copy import NoPublicCopy, without_metadata
from khavaran.evidence.public_copy.jpeg2000 import jpeg2000
from tests.evidence.test_public_copy_documents import _streams, _written
from tests.ingest.test_extraction_media import make_image

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
    b"Zara Ahmadi</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _photo_pdf(tmp_path: Path) -> bytes:
    """A page holding a phone photograph as it was taken, GPS position included."""
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(make_image(tmp_path, "grave.jpg", "JPEG", exif=True)), x=10, y=10, w=100)
    return bytes(pdf.output())


def _image(data: bytes) -> pypdf.generic.StreamObject:
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    return next(iter(page["/Resources"]["/XObject"].values())).get_object()


def test_a_photograph_in_a_pdf_loses_its_gps_position_and_keeps_its_picture(
    tmp_path: Path,
) -> None:
    original = _photo_pdf(tmp_path)
    embedded = Image.open(io.BytesIO(_image(original)._data))
    assert embedded.getexif().get_ifd(0x8825)[1] == "N"  # GPS latitude reference: Tehran's
    copy = without_metadata(original, "application/pdf")
    stored = _image(copy)
    assert stored["/Filter"] == "/DCTDecode"
    picture = Image.open(io.BytesIO(stored._data))
    assert not picture.getexif() and not picture.getexif().get_ifd(0x8825)
    assert picture.tobytes() == embedded.tobytes()


def test_a_pdf_loses_the_metadata_its_pages_and_pictures_carry(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(io.BytesIO(_photo_pdf(tmp_path)))
    page = writer.pages[0]
    image = next(iter(page["/Resources"]["/XObject"].values())).get_object()
    for owner in (page, image):
        metadata = DecodedStreamObject()
        metadata.set_data(XMP)
        metadata.update({NameObject("/Type"): NameObject("/Metadata")})
        owner[NameObject("/Metadata")] = writer._add_object(metadata)
    original = _written(writer)
    assert _streams(original).count(b"Zara Ahmadi") == 2
    copy = without_metadata(original, "application/pdf")
    assert b"Zara" not in _streams(copy) + copy
    cleaned = pypdf.PdfReader(io.BytesIO(copy)).pages[0]
    assert "/Metadata" not in cleaned and "/Metadata" not in _image(copy)


def _jp2_with_metadata(tmp_path: Path) -> bytes:
    """A JPEG 2000 scan as a scanner app leaves it: XMP naming its maker in an xml box, a
    GeoJP2-style uuid box, and a comment in its codestream."""
    out = io.BytesIO()
    Image.open(make_image(tmp_path, "letter.png", "PNG")).convert("RGB").save(out, "JPEG2000")
    jp2 = out.getvalue()
    comment = b"Scanned by Zara Ahmadi"
    segment = b"\xff\x64" + struct.pack(">HH", 4 + len(comment), 1) + comment
    at = jp2.index(b"jp2c") + 4  # the codestream: SOC, then SIZ with its length
    siz_end = at + 4 + struct.unpack_from(">H", jp2, at + 4)[0]
    codestream = jp2[at:siz_end] + segment + jp2[siz_end:]
    header = jp2[: at - 8]
    geo = bytes.fromhex("b14bf8bd083d4b43a5ae8cd7d5a6ce03") + b"GPS 35.6 51.3"
    boxes = [(b"xml ", XMP), (b"uuid", geo), (b"jp2c", codestream)]
    return header + b"".join(struct.pack(">I4s", 8 + len(b), kind) + b for kind, b in boxes)


def test_a_jpeg_2000_picture_in_a_pdf_loses_its_metadata_and_keeps_its_picture(
    tmp_path: Path,
) -> None:
    writer = pypdf.PdfWriter(io.BytesIO(_photo_pdf(tmp_path)))
    image = next(iter(writer.pages[0]["/Resources"]["/XObject"].values())).get_object()
    scan = _jp2_with_metadata(tmp_path)
    image._data = scan
    image[NameObject("/Filter")] = NameObject("/JPXDecode")
    original = _written(writer)
    assert b"Zara Ahmadi" in _image(original)._data and b"GPS 35.6" in _image(original)._data
    copy = without_metadata(original, "application/pdf")
    stored = _image(copy)
    assert stored["/Filter"] == "/JPXDecode"
    for leak in (b"Zara", b"GPS 35.6", b"xmpmeta"):
        assert leak not in stored._data and leak not in copy
    picture = Image.open(io.BytesIO(stored._data))
    assert picture.tobytes() == Image.open(io.BytesIO(scan)).tobytes()


def test_a_raw_jpeg_2000_codestream_loses_its_comments() -> None:
    scan = _jp2_with_metadata_codestream()
    cleaned = jpeg2000(scan)
    assert b"Zara" not in cleaned
    assert cleaned.startswith(b"\xff\x4f\xff\x51") and cleaned.endswith(b"\xff\xd9")


def _jp2_with_metadata_codestream() -> bytes:
    comment = b"Scanned by Zara Ahmadi"
    siz = b"\xff\x51" + struct.pack(">H", 6) + b"\x00\x00\x00\x00"
    com = b"\xff\x64" + struct.pack(">HH", 4 + len(comment), 1) + comment
    return b"\xff\x4f" + siz + com + b"\xff\x90" + b"tile" + b"\xff\xd9"


@pytest.mark.parametrize(
    "damaged",
    [
        b"\x00\x00\x00\x0cjP  \r\n\x87\n" + struct.pack(">I4s", 400, b"jp2h") + b"short",
        b"\x00\x00\x00\x0cjP  \r\n\x87\n" + struct.pack(">I4s", 12, b"ftbl") + b"\x00" * 4,
        b"\xff\x4f\xff\x51\x00\xff",
        b"GIF89a",
    ],
    ids=["box past the end", "fragment table", "codestream cut short", "not JPEG 2000"],
)
def test_a_jpeg_2000_picture_that_cannot_be_cleaned_gets_no_copy(damaged: bytes) -> None:
    with pytest.raises(NoPublicCopy):
        jpeg2000(damaged)
