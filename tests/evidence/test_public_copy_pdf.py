"""The public copy of a PDF: the photographs inside it and the metadata each object carries."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from fpdf import FPDF
from PIL import Image
from pypdf.generic import DecodedStreamObject, NameObject

from khavaran.evidence.public_copy import without_metadata
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
