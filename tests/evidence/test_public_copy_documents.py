"""The public copy of a PDF or Word file: what people read, without what names its makers."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import docx
import pypdf
import pytest
from fpdf import FPDF
from pypdf.annotations import Text
from pypdf.generic import DecodedStreamObject, NameObject, TextStringObject

from khavaran.evidence.public_copy import DOCX, NoPublicCopy, without_metadata
from khavaran.ingest.extraction import extract_file
from tests.ingest.test_extraction_docx import make_docx
from tests.ingest.test_extraction_media import make_image
from tests.ingest.test_extraction_pdf import PAGES, make_pdf

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _streams(data: bytes) -> bytes:
    """Every stream in a PDF, inflated where it was deflated: what a determined reader sees."""
    found = []
    for body in re.findall(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            found.append(zlib.decompress(body))
        except zlib.error:
            found.append(body)
    return b"\n".join(found)


def _page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


# --- PDF ---------------------------------------------------------------------------------------


def test_a_pdf_keeps_its_pages_and_loses_its_author(tmp_path: Path) -> None:
    original = make_pdf(tmp_path, PAGES).read_bytes()
    assert pypdf.PdfReader(io.BytesIO(original)).metadata.author == "Research Team"
    copy = without_metadata(original, "application/pdf")
    assert pypdf.PdfReader(io.BytesIO(copy)).metadata is None
    assert b"Research Team" not in copy
    assert _page_texts(copy) == _page_texts(original)


def test_a_pdf_redacted_by_an_incremental_save_loses_the_words_it_redacted(
    tmp_path: Path,
) -> None:
    # An editor that saves incrementally appends the new page and keeps the old one in the
    # file: the "redacted" name is still there for anyone who reads the earlier revision.
    path = make_pdf(tmp_path, ["Witness: Maryam Akbari saw the trucks leave Evin."])
    writer = pypdf.PdfWriter(path, incremental=True)
    redacted = DecodedStreamObject()
    redacted.set_data(b"BT /F1 11 Tf 10 800 Td (Witness: [withheld] saw the trucks.) Tj ET")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(redacted)
    out = io.BytesIO()
    writer.write(out)
    original = out.getvalue()
    assert b"Maryam Akbari" in _streams(original)
    copy = without_metadata(original, "application/pdf")
    assert b"Maryam" not in _streams(copy)
    assert _page_texts(copy) == ["Witness: [withheld] saw the trucks."]


def test_a_pdf_annotation_keeps_its_note_and_loses_its_author(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(make_pdf(tmp_path, PAGES[:1]))
    note = Text(text="Compare with the 1989 list", rect=(50, 550, 200, 650))
    note[NameObject("/T")] = TextStringObject("Reviewer Hamid")
    writer.add_annotation(page_number=0, annotation=note)
    out = io.BytesIO()
    writer.write(out)
    copy = without_metadata(out.getvalue(), "application/pdf")
    annotation = pypdf.PdfReader(io.BytesIO(copy)).pages[0]["/Annots"][0].get_object()
    assert annotation["/Contents"] == "Compare with the 1989 list"
    assert "/T" not in annotation and b"Hamid" not in _streams(copy) + copy


def test_a_scanned_pdf_loses_the_camera_data_of_its_photographs(tmp_path: Path) -> None:
    # A scan made with a phone embeds the phone's JPEG, EXIF and GPS included, as it is.
    photo = make_image(tmp_path, "page.jpg", "JPEG", exif=True)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(photo), x=10, y=10, w=100)
    original = bytes(pdf.output())
    assert b"Canon" in original
    copy = without_metadata(original, "application/pdf")
    assert b"Canon" not in copy and b"Exif" not in copy
    picture = photo.read_bytes()
    assert picture[picture.index(b"\xff\xda") :] in copy  # the compressed picture, as it was


def test_a_damaged_pdf_gets_no_copy(tmp_path: Path) -> None:
    data = make_pdf(tmp_path, PAGES).read_bytes()
    with pytest.raises(NoPublicCopy, match="damaged PDF"):
        without_metadata(data[: len(data) // 3], "application/pdf")


# --- Word --------------------------------------------------------------------------------------


def _member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as package, zipfile.ZipFile(out, "w") as copy:
        for info in package.infolist():
            if info.filename != name:
                copy.writestr(info, package.read(info))
        copy.writestr(name, content)
    return out.getvalue()


def test_a_word_file_keeps_its_text_and_loses_its_properties(tmp_path: Path) -> None:
    path = make_docx(tmp_path)
    original = path.read_bytes()
    copy = without_metadata(original, DOCX)
    assert b"A family member" in _member(original, "docProps/core.xml")
    assert b"A family member" not in copy
    assert b"Template" not in _member(copy, "docProps/app.xml")
    cleaned = tmp_path / "copy.docx"
    cleaned.write_bytes(copy)
    assert extract_file(cleaned).text == extract_file(path).text
    assert "author" not in extract_file(cleaned).metadata


def test_a_word_file_loses_the_camera_data_of_its_photographs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("The grave at Khavaran, photographed in 2009.")
    document.add_picture(str(make_image(tmp_path, "grave.jpg", "JPEG", exif=True)))
    path = tmp_path / "grave.docx"
    document.save(str(path))
    assert b"Canon" in b"".join(
        _member(path.read_bytes(), name) for name in zipfile.ZipFile(path).namelist()
    )
    copy = without_metadata(path.read_bytes(), DOCX)
    package = zipfile.ZipFile(io.BytesIO(copy))
    assert not any(b"Canon" in package.read(name) for name in package.namelist())
    assert len(docx.Document(io.BytesIO(copy)).inline_shapes) == 1


def test_a_word_file_keeps_its_template_name_but_not_its_path(tmp_path: Path) -> None:
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
        b'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'attachedTemplate" Target="file:///C:\\Users\\Maryam\\Templates\\Normal.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    original = _with_member(make_docx(tmp_path).read_bytes(), "word/_rels/settings.xml.rels", rels)
    copy = _member(without_metadata(original, DOCX), "word/_rels/settings.xml.rels")
    assert b'Target="Normal.dotm"' in copy and b"Maryam" not in copy


def test_a_word_file_with_tracked_changes_gets_no_copy(tmp_path: Path) -> None:
    # Removing them would change what the document says: that is for a person to decide.
    with pytest.raises(NoPublicCopy, match="tracked changes or comments"):
        without_metadata(_tracked_docx(tmp_path).read_bytes(), DOCX)


def _tracked_docx(tmp_path: Path) -> Path:
    """A letter with one tracked insertion and one tracked deletion, both by "Ali"."""
    from lxml import etree

    document = docx.Document()
    paragraph = document.add_paragraph("He was taken to ")
    for change in (
        f'<w:ins xmlns:w="{WORD}" w:id="1" w:author="Ali" w:date="2020-01-01T00:00:00Z">'
        "<w:r><w:t>Gohardasht </w:t></w:r></w:ins>",
        f'<w:del xmlns:w="{WORD}" w:id="2" w:author="Ali" w:date="2020-01-01T00:00:00Z">'
        "<w:r><w:delText>Evin </w:delText></w:r></w:del>",
        f'<w:r xmlns:w="{WORD}"><w:t>prison.</w:t></w:r>',
    ):
        paragraph._p.append(etree.fromstring(change))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    return path


def test_ingest_reads_a_word_file_as_it_reads_with_its_changes_accepted(tmp_path: Path) -> None:
    extraction = extract_file(_tracked_docx(tmp_path))
    assert extraction.text == "He was taken to Gohardasht prison."
    assert extraction.metadata["tracked_changes"] == 2
    assert "comments" not in extraction.metadata
