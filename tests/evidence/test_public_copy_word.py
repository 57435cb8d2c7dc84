"""The public copy of a Word file: settings, properties and parts that name people, emptied."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from khavaran.evidence.public_copy import DOCX, NoPublicCopy, without_metadata
from tests.evidence.test_public_copy_documents import _member, _with_member
from tests.ingest.test_extraction_docx import make_docx
from tests.ingest.test_extraction_media import make_image

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE = "application/vnd.openxmlformats-officedocument."


def _with_settings(data: bytes, settings: str) -> bytes:
    """The document with these elements added to its settings, before the rsids."""
    part = _member(data, "word/settings.xml").replace(
        b"<w:rsids>", settings.encode() + b"<w:rsids>"
    )
    return _with_member(data, "word/settings.xml", part)


def _with_part(data: bytes, name: str, content: bytes, content_type: str) -> bytes:
    """The document with a part of its own, declared by its content type."""
    types = _member(data, "[Content_Types].xml").replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode()
    )
    return _with_member(_with_member(data, name, content), "[Content_Types].xml", types)


def test_a_word_file_loses_its_document_variables_mail_merge_and_identifier(
    tmp_path: Path,
) -> None:
    # A case management system keeps its fields in document variables: the case worker, the
    # client. A mail merge names its list of people; the identifier ties the copy to drafts.
    original = _with_settings(
        make_docx(tmp_path).read_bytes(),
        '<w:docVars><w:docVar w:name="CaseWorker" w:val="Zara Ahmadi"/></w:docVars>'
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="native"/>'
        '<w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;Data Source=C:\\Users\\'
        'Zara\\Documents\\families.xlsx"/><w:query w:val="SELECT * FROM `Families$`"/>'
        "</w:mailMerge>",
    )
    assert b"w14:docId" in _member(original, "word/settings.xml")
    copy = without_metadata(original, DOCX)
    settings = _member(copy, "word/settings.xml")
    assert b"Zara" not in settings and b"families" not in settings
    assert b"docVars" not in settings and b"mailMerge" not in settings and b"docId" not in settings
    kept = etree.fromstring(settings)
    assert kept.find(f"{{{W}}}defaultTabStop").get(f"{{{W}}}val") == "720"
    assert kept.find(f"{{{W}}}rsids") is not None  # revision session ids name no one
    assert "Evin prison" in docx.Document(io.BytesIO(copy)).paragraphs[0].text


def test_a_word_file_loses_its_company_and_manager(tmp_path: Path) -> None:
    app = (
        b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/extended-properties"><Company>Families of 1988</Company>'
        b"<Manager>Zara Ahmadi</Manager></Properties>"
    )
    copy = without_metadata(
        _with_member(make_docx(tmp_path).read_bytes(), "docProps/app.xml", app), DOCX
    )
    assert b"Zara" not in copy and b"Families of 1988" not in _member(copy, "docProps/app.xml")


def test_a_word_file_loses_its_properties_wherever_they_are_kept(tmp_path: Path) -> None:
    # Parts are found by their declared content type, not by the names Word gives them.
    custom = (
        b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/custom-properties"><property name="Interviewer">'
        b"<vt:lpwstr>Zara Ahmadi</vt:lpwstr></property></Properties>"
    )
    original = _with_part(
        make_docx(tmp_path).read_bytes(), "props/case.xml", custom, OFFICE + "custom-properties+xml"
    )
    copy = without_metadata(original, DOCX)
    assert b"Zara" not in _member(copy, "props/case.xml")
    assert etree.fromstring(_member(copy, "props/case.xml")).tag.endswith("Properties")


def test_a_word_file_loses_the_autotext_kept_in_its_glossary(tmp_path: Path) -> None:
    glossary = (
        f'<?xml version="1.0"?><w:glossaryDocument xmlns:w="{W}"><w:docParts><w:docPart>'
        '<w:docPartPr><w:name w:val="Signature"/></w:docPartPr><w:docPartBody><w:p><w:r>'
        "<w:t>Zara Ahmadi, 12 Hidden Street</w:t></w:r></w:p></w:docPartBody></w:docPart>"
        "</w:docParts></w:glossaryDocument>"
    ).encode()
    original = _with_part(
        make_docx(tmp_path).read_bytes(),
        "word/glossary/document.xml",
        glossary,
        OFFICE + "wordprocessingml.document.glossary+xml",
    )
    copy = without_metadata(original, DOCX)
    emptied = etree.fromstring(_member(copy, "word/glossary/document.xml"))
    assert emptied.tag == f"{{{W}}}glossaryDocument" and len(emptied) == 0
    assert b"Hidden Street" not in _member(copy, "word/glossary/document.xml")


def test_a_word_file_loses_custom_xml_whatever_its_part_is_called(tmp_path: Path) -> None:
    item = b'<?xml version="1.0"?><case><caseWorker>Zara Ahmadi</caseWorker></case>'
    copy = without_metadata(
        _with_member(make_docx(tmp_path).read_bytes(), "customXml/case.xml", item), DOCX
    )
    assert b"Zara" not in _member(copy, "customXml/case.xml")


def test_a_photograph_in_a_word_file_is_cleaned_whatever_its_name(tmp_path: Path) -> None:
    photo = make_image(tmp_path, "grave.jpg", "JPEG", exif=True).read_bytes()
    original = _with_member(make_docx(tmp_path).read_bytes(), "word/media/image7.bin", photo)
    copy = _member(without_metadata(original, DOCX), "word/media/image7.bin")
    assert b"Canon" not in copy and b"Exif" not in copy
    assert copy.endswith(photo[photo.index(b"\xff\xda") :])


@pytest.mark.parametrize(("name", "fmt"), [("image3.tiff", "TIFF"), ("image4.webp", "WEBP")])
def test_a_word_file_with_a_picture_that_cannot_be_cleaned_gets_no_copy(
    tmp_path: Path, name: str, fmt: str
) -> None:
    picture = make_image(tmp_path, name, fmt, exif=True).read_bytes()
    original = _with_member(make_docx(tmp_path).read_bytes(), f"word/media/{name}", picture)
    with pytest.raises(NoPublicCopy, match=f"picture \\(word/media/{name}\\)"):
        without_metadata(original, DOCX)


def test_a_cleaned_word_file_still_opens_with_every_part_it_had(tmp_path: Path) -> None:
    original = _with_settings(
        make_docx(tmp_path).read_bytes(),
        '<w:docVars><w:docVar w:name="Client" w:val="Zara"/></w:docVars>',
    )
    copy = without_metadata(original, DOCX)
    assert (
        zipfile.ZipFile(io.BytesIO(copy)).namelist()
        == zipfile.ZipFile(io.BytesIO(original)).namelist()
    )
    assert zipfile.ZipFile(io.BytesIO(copy)).testzip() is None
    assert len(docx.Document(io.BytesIO(copy)).tables) == 1
