"""PDFs: the text layer with page offsets; scans flagged for OCR; damage and passwords refused."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from fpdf import FPDF
from PIL import Image

from khavaran.ingest.extraction import (
    DamagedFile,
    EncryptedFile,
    WrongContent,
    extract_file,
)

PAGES = [
    "Report on the 1988 executions. The Tehran commission met in Evin prison in late July.",
    "Second page: witnesses describe the transfers from Gohardasht prison in August 1988.",
    "Third page: families were told of the deaths months later, without the place of burial.",
]


def make_pdf(tmp_path: Path, pages: list[str], name: str = "report.pdf") -> Path:
    pdf = FPDF()
    pdf.set_title("Report on the 1988 executions")
    pdf.set_author("Research Team")
    pdf.set_font("Helvetica", size=11)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, page)
    path = tmp_path / name
    path.write_bytes(bytes(pdf.output()))
    return path


def make_scanned_pdf(tmp_path: Path, pages: int = 2) -> Path:
    """Pages that show a picture and a frame but carry no text layer, as a scanner makes them."""
    picture = io.BytesIO()
    Image.new("L", (120, 160), color=200).save(picture, format="PNG")
    pdf = FPDF()
    for number in range(pages):
        pdf.add_page()
        pdf.rect(10, 10, 190, 270)
        pdf.image(io.BytesIO(picture.getvalue()), x=20, y=20 + number, w=120)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    return path


def test_it_keeps_each_page_and_where_it_starts(tmp_path: Path) -> None:
    extraction = extract_file(make_pdf(tmp_path, PAGES))
    assert len(extraction.page_offsets) == 3
    assert extraction.page_offsets[0] == 0
    for offset, page in zip(extraction.page_offsets, PAGES, strict=True):
        assert " ".join(extraction.text[offset:].split()).startswith(page)
    assert extraction.metadata["pages"] == 3
    assert not extraction.needs_ocr


def test_it_separates_pages_by_a_blank_line(tmp_path: Path) -> None:
    extraction = extract_file(make_pdf(tmp_path, PAGES))
    second = extraction.page_offsets[1]
    assert extraction.text[second - 2 : second] == "\n\n"


def test_it_names_the_reader_and_its_version(tmp_path: Path) -> None:
    extraction = extract_file(make_pdf(tmp_path, PAGES))
    assert (extraction.method, extraction.method_version) == ("pdf/pypdf", pypdf.__version__)
    assert extraction.media_type == "application/pdf"
    assert extraction.kind == "document"
    assert extraction.language == "en"


def test_it_takes_title_and_author_from_the_document_information(tmp_path: Path) -> None:
    extraction = extract_file(make_pdf(tmp_path, PAGES))
    assert extraction.title == "Report on the 1988 executions"
    assert extraction.metadata["author"] == "Research Team"
    assert "created" in extraction.metadata


def test_it_flags_a_pdf_without_a_text_layer_for_ocr(tmp_path: Path) -> None:
    extraction = extract_file(make_scanned_pdf(tmp_path))
    assert extraction.needs_ocr
    assert extraction.text == ""
    assert extraction.page_offsets == ()
    assert extraction.metadata["pages"] == 2
    assert extraction.language is None


def test_it_refuses_a_truncated_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path, PAGES)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedFile, match="truncated or damaged PDF"):
        extract_file(path)


def test_it_refuses_a_pdf_whose_body_is_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    with pytest.raises(DamagedFile, match="truncated or damaged PDF"):
        extract_file(path)


def test_it_refuses_an_encrypted_pdf_asking_for_a_decrypted_copy(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=make_pdf(tmp_path, PAGES))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(EncryptedFile, match="needs a password"):
        extract_file(path)


def test_it_reads_a_pdf_encrypted_only_against_editing(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=make_pdf(tmp_path, PAGES))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert PAGES[0][:20] in extract_file(path).text


def test_it_refuses_text_with_a_pdf_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("just some notes", encoding="utf-8")
    with pytest.raises(WrongContent, match="not a PDF"):
        extract_file(path)
