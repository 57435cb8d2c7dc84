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
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

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


# --- PDF: attachments, scripts, JPEGs compressed twice -----------------------------------------


def _written(writer: pypdf.PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "subtype", ["/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia"]
)
def test_a_pdf_loses_the_files_its_annotations_carry(tmp_path: Path, subtype: str) -> None:
    # An attached file keeps its own name and content; a sound or a film can be a recording.
    writer = pypdf.PdfWriter(make_pdf(tmp_path, PAGES[:1]))
    attached = DecodedStreamObject()
    attached.set_data(b"notes: the informant Maryam lives at 5 Hidden Street")
    attached[NameObject("/Type")] = NameObject("/EmbeddedFile")
    spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("maryam-notes.txt"),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(attached)}),
        }
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(value) for value in (10, 10, 30, 30)]),
            NameObject("/FS"): writer._add_object(spec),
        }
    )
    reference = writer._add_object(annotation)
    # A reply to it, on the page, refers back to it.
    reply = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(value) for value in (30, 30, 90, 90)]),
            NameObject("/Contents"): TextStringObject("Checked."),
            NameObject("/IRT"): reference,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([reference, writer._add_object(reply)])
    original = _written(writer)
    assert b"Hidden Street" in _streams(original)
    copy = without_metadata(original, "application/pdf")
    assert b"Hidden Street" not in _streams(copy) and b"maryam" not in copy
    kept = pypdf.PdfReader(io.BytesIO(copy)).pages[0]["/Annots"]
    assert [each.get_object()["/Subtype"] for each in kept] == ["/Text"]
    assert _page_texts(copy) == _page_texts(original)


def _script(text: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(text),
        }
    )


def _link(action: DictionaryObject) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(value) for value in (0, 0, 50, 50)]),
            NameObject("/A"): action,
        }
    )


def test_a_pdf_loses_its_scripts_and_keeps_its_web_links(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(make_pdf(tmp_path, PAGES[:1]))
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _script("app.alert('Hamid')")})
    web = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://example.org/1988"),
            # A script run after the link, in its chain of actions.
            NameObject("/Next"): _script("app.alert('Hamid, next')"),
        }
    )
    launch = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("C:\\Users\\Hamid\\run.exe"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject(
        [writer._add_object(_link(action)) for action in (_script("Hamid"), web, launch)]
    )
    original = _written(writer)
    assert b"Hamid" in original
    copy = without_metadata(original, "application/pdf")
    assert b"Hamid" not in _streams(copy) + copy and b"JavaScript" not in copy
    links = [each.get_object() for each in pypdf.PdfReader(io.BytesIO(copy)).pages[0]["/Annots"]]
    assert [link.get("/A", {}).get("/URI") for link in links] == [
        None,
        "https://example.org/1988",
        None,
    ]


def test_a_pdf_loses_the_camera_data_of_a_jpeg_compressed_twice(tmp_path: Path) -> None:
    # /FlateDecode then /DCTDecode: the JPEG, EXIF and GPS included, deflated once more.
    picture = make_image(tmp_path, "page.jpg", "JPEG", exif=True).read_bytes()
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(200, 200)
    image = StreamObject()
    image._data = zlib.compress(picture)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(64),
            NameObject("/Height"): NumberObject(48),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): ArrayObject(
                [NameObject("/FlateDecode"), NameObject("/DCTDecode")]
            ),
            NameObject("/DecodeParms"): ArrayObject([NullObject(), NullObject()]),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im1"): writer._add_object(image)})}
    )
    contents = DecodedStreamObject()
    contents.set_data(b"q 100 0 0 75 50 50 cm /Im1 Do Q")
    page[NameObject("/Contents")] = writer._add_object(contents)
    original = _written(writer)
    assert b"Canon" in _streams(original)
    copy = without_metadata(original, "application/pdf")
    assert b"Canon" not in _streams(copy) + copy and b"Exif" not in _streams(copy) + copy
    stored = pypdf.PdfReader(io.BytesIO(copy)).pages[0]["/Resources"]["/XObject"]["/Im1"]
    assert stored["/Filter"] == "/DCTDecode" and "/DecodeParms" not in stored
    assert stored.get_object()._data.endswith(picture[picture.index(b"\xff\xda") :])


# --- Word: people, custom XML, embedded files, external targets, damage ------------------------


def test_a_word_file_loses_the_people_who_edited_it(tmp_path: Path) -> None:
    people = (
        b'<?xml version="1.0"?><w15:people xmlns:w15="http://schemas.microsoft.com/office/word/'
        b'2012/wordml"><w15:person w15:author="Zara Ahmadi"><w15:presenceInfo w15:providerId="AD" '
        b'w15:userId="S::zara@ngo.org"/></w15:person></w15:people>'
    )
    original = _with_member(make_docx(tmp_path).read_bytes(), "word/people.xml", people)
    copy = without_metadata(original, DOCX)
    assert b"Zara" not in _member(copy, "word/people.xml")
    assert b"zara@" not in _member(copy, "word/people.xml")


def test_a_word_file_loses_what_sharepoint_stored_in_it(tmp_path: Path) -> None:
    from lxml import etree

    item = (
        b'<?xml version="1.0"?><p:properties xmlns:p="http://schemas.microsoft.com/office/2006/'
        b'metadata/properties"><documentManagement><Reporter>Zara Ahmadi</Reporter>'
        b"</documentManagement></p:properties>"
    )
    original = _with_member(make_docx(tmp_path).read_bytes(), "customXml/item9.xml", item)
    copy = without_metadata(original, DOCX)
    emptied = etree.fromstring(_member(copy, "customXml/item9.xml"))
    assert emptied.tag == "{http://schemas.microsoft.com/office/2006/metadata/properties}properties"
    assert len(emptied) == 0 and b"Zara" not in _member(copy, "customXml/item9.xml")
    assert "Evin prison" in docx.Document(io.BytesIO(copy)).paragraphs[0].text


def test_a_word_file_that_embeds_files_gets_no_copy(tmp_path: Path) -> None:
    # Every Word chart embeds its workbook, with the workbook's own author and last editor.
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as package:
        package.writestr("docProps/core.xml", b"<cp:coreProperties>Zara Ahmadi</cp:coreProperties>")
    original = _with_member(
        make_docx(tmp_path).read_bytes(),
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
        workbook.getvalue(),
    )
    with pytest.raises(NoPublicCopy, match="embeds files"):
        without_metadata(original, DOCX)


def _settings_rels(relationship: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
        'http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{relationship}</Relationships>"
    ).encode()


@pytest.mark.parametrize(
    "target",
    [
        "file:///C:/Users/Maryam/AppData/Roaming/Microsoft/Templates/Normal.dotm",
        # A template kept on OneDrive: the address names the account.
        "https://d.docs.live.net/maryam1359/Documents/Custom Office Templates/Normal.dotm",
    ],
)
def test_a_word_file_loses_its_template_path_whatever_the_attribute_order(
    tmp_path: Path, target: str
) -> None:
    rels = _settings_rels(
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/attachedTemplate" TargetMode="External" Target="{target}"/>'
    )
    original = _with_member(make_docx(tmp_path).read_bytes(), "word/_rels/settings.xml.rels", rels)
    copy = _member(without_metadata(original, DOCX), "word/_rels/settings.xml.rels")
    assert b'Target="Normal.dotm"' in copy and b"aryam" not in copy


def test_a_word_file_keeps_the_web_links_in_its_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("See the report.").part.relate_to(
        "https://example.org/reports/1988",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    path = tmp_path / "links.docx"
    document.save(str(path))
    copy = without_metadata(path.read_bytes(), DOCX)
    assert b'Target="https://example.org/reports/1988"' in _member(
        copy, "word/_rels/document.xml.rels"
    )


def test_a_word_file_with_a_tracked_deletion_without_its_author_gets_no_copy(
    tmp_path: Path,
) -> None:
    original = make_docx(tmp_path).read_bytes()
    body = _member(original, "word/document.xml").replace(
        b"<w:p>",
        f'<w:p><w:del xmlns:w="{WORD}" w:id="9"><w:r><w:delText>the informant lives at 9 '
        "Hidden Road</w:delText></w:r></w:del>".encode(),
        1,
    )
    with pytest.raises(NoPublicCopy, match="tracked changes"):
        without_metadata(_with_member(original, "word/document.xml", body), DOCX)


def test_a_word_file_with_a_damaged_member_gets_no_copy(tmp_path: Path) -> None:
    original = bytearray(make_docx(tmp_path).read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(original))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    original[start : start + 8] = b"\xff" * 8  # a deflate block of a type that does not exist
    with pytest.raises(NoPublicCopy, match="damaged Word document"):
        without_metadata(bytes(original), DOCX)
