"""Word documents: paragraphs and table cells in reading order; damaged packages refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from khavaran.ingest.extraction import DamagedFile, WrongContent, extract_file

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_docx(tmp_path: Path, name: str = "letter.docx") -> Path:
    document = docx.Document()
    document.core_properties.title = "Letter to the Special Rapporteur"
    document.core_properties.author = "A family member"
    document.add_paragraph("My brother was arrested in 1981 and held in Evin prison.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Date of arrest"
    table.cell(1, 0).text = "Hamid"
    table.cell(1, 1).text = "1981"
    document.add_paragraph("We were told of his death in the winter of 1988.")
    path = tmp_path / name
    document.save(str(path))
    return path


def test_it_reads_paragraphs_and_table_cells_in_order(tmp_path: Path) -> None:
    extraction = extract_file(make_docx(tmp_path))
    assert extraction.text.split("\n") == [
        "My brother was arrested in 1981 and held in Evin prison.",
        "Name",
        "Date of arrest",
        "Hamid",
        "1981",
        "We were told of his death in the winter of 1988.",
    ]
    assert extraction.media_type == MEDIA_TYPE
    assert extraction.method == "docx/python-docx"
    assert extraction.language == "en"


def test_it_reads_a_merged_cell_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Khavaran cemetery"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert extract_file(path).text.count("Khavaran cemetery") == 1


def test_it_takes_title_and_author_from_the_core_properties(tmp_path: Path) -> None:
    extraction = extract_file(make_docx(tmp_path))
    assert extraction.title == "Letter to the Special Rapporteur"
    assert extraction.metadata["author"] == "A family member"


def test_it_refuses_a_truncated_docx(tmp_path: Path) -> None:
    path = make_docx(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedFile, match=r"truncated or damaged \.docx"):
        extract_file(path)


def test_it_refuses_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    path = tmp_path / "archive.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(DamagedFile, match=r"\.docx"):
        extract_file(path)


def test_it_refuses_a_spreadsheet_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "list.docx"
    Workbook().save(str(path))
    with pytest.raises(WrongContent, match="not a Word document"):
        extract_file(path)


def test_it_refuses_an_old_binary_doc_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(WrongContent, match=r"old binary \.doc"):
        extract_file(path)


def test_it_reads_the_text_inside_content_controls_and_links(tmp_path: Path) -> None:
    # Forms and templates put their filled-in text in content controls (w:sdt), which
    # python-docx's own paragraph text leaves out.
    from lxml import etree

    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    paragraph = document.add_paragraph("Name of the prisoner: ")
    paragraph._p.append(
        etree.fromstring(
            f'<w:sdt xmlns:w="{word}"><w:sdtPr/><w:sdtContent>'
            "<w:r><w:t>Hamid</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )
    paragraph._p.append(
        etree.fromstring(
            f'<w:hyperlink xmlns:w="{word}"><w:r><w:t> (file)</w:t></w:r></w:hyperlink>'
        )
    )
    path = tmp_path / "form.docx"
    document.save(str(path))
    assert extract_file(path).text == "Name of the prisoner: Hamid (file)"
