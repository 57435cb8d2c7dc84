"""Sources: list, filters, search with highlighted snippets, the source page, the original."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khavaran.evidence.access import untitled_title
from khavaran.evidence.actions import add_excerpt
from khavaran.evidence.models import Source
from khavaran.public_ids import public_id

pytestmark = pytest.mark.django_db


def test_it_filters_sources_by_language(client_as: Any, case: dict[str, Any]) -> None:
    page = client_as("investigator").get("/sources/", {"language": "fa"}).content.decode()
    assert case["persian"].title in page
    assert case["english"].title not in page


def test_it_highlights_search_hits_in_persian(client_as: Any, case: dict[str, Any]) -> None:
    page = client_as("viewer").get("/sources/", {"q": "رئیسی"}).content.decode()
    assert "<mark>" in page
    assert case["persian"].title in page


def test_it_marks_excerpts_in_place_in_the_text(client_as: Any, case: dict[str, Any]) -> None:
    source = case["english"]
    page = client_as("viewer").get(f"/sources/{source.pk}/").content.decode()
    assert '<mark class="excerpt"' in page
    assert "deputy prosecutor of Tehran: Ebrahim Raisi</mark>" in page


def test_it_shows_persian_text_right_to_left(client_as: Any, case: dict[str, Any]) -> None:
    page = client_as("viewer").get(f"/sources/{case['persian'].pk}/").content.decode()
    assert 'id="source-text" class="source-text" dir="rtl"' in page


def test_it_shows_the_custody_chain(client_as: Any, case: dict[str, Any]) -> None:
    page = client_as("analyst").get(f"/sources/{case['english'].pk}/").content.decode()
    assert "Chain of custody" in page
    assert case["english"].sha256 in page


def _ingested_twice(tmp_path: Any) -> Any:
    """A public source from a donor, ingested again under another name; returns the Source."""
    from khavaran.evidence.models import Source
    from khavaran.ingest.pipeline import IngestOptions, ingest_file

    for name in ("report.txt", "from-donor-Z.txt"):
        (tmp_path / name).write_text("A report on the summer of 1988.", encoding="utf-8")
    first = IngestOptions(actor="ines", confidentiality="public", origin="donor Z in Paris")
    ingest_file(tmp_path / "report.txt", first)
    again = IngestOptions(actor="ines", confidentiality="public", collected_by="Maryam")
    return Source.objects.get(pk=ingest_file(tmp_path / "from-donor-Z.txt", again).source_id)


def test_the_custody_chain_shows_staff_each_events_origin_and_arrival_name(
    client_as: Any, tmp_path: Any
) -> None:
    source = _ingested_twice(tmp_path)
    page = client_as("investigator").get(f"/sources/{source.pk}/").content.decode()
    assert 'Origin: <bdi class="origin" dir="auto">donor Z in Paris</bdi>' in page
    assert "same bytes ingested again as from-donor-Z.txt" in page
    assert "<bdi>Maryam</bdi>" in page  # who collected it in the field


def test_the_custody_chain_keeps_origins_to_staff_and_arrival_names_from_viewers(
    client_as: Any, tmp_path: Any
) -> None:
    source = _ingested_twice(tmp_path)
    analyst = client_as("analyst").get(f"/sources/{source.pk}/").content.decode()
    assert "donor Z" not in analyst
    # Analysts read a file's own name on this page: so too the name it came in under again.
    assert "same bytes ingested again as from-donor-Z.txt" in analyst
    # A viewer reads public data only: the chain names the staff who handled the evidence.
    viewer = client_as("viewer").get(f"/sources/{source.pk}/").content.decode()
    assert "Chain of custody" not in viewer
    assert "donor Z" not in viewer and "from-donor-Z" not in viewer and "Maryam" not in viewer


def test_where_an_investigator_exported_a_source_stays_with_editors(
    client_as: Any, tmp_path: Any
) -> None:
    from khavaran.evidence.actions import add_custody_event

    source = _ingested_twice(tmp_path)
    note = "to /cases/dossier-witness-Ali-Rezaei.jsonl; levels: public, restricted, confidential"
    add_custody_event(source, action="exported", actor="ines", method="khavaran export", note=note)
    assert (
        "dossier-witness"
        in client_as("investigator").get(f"/sources/{source.pk}/").content.decode()
    )
    analyst = client_as("analyst").get(f"/sources/{source.pk}/").content.decode()
    assert "Chain of custody" in analyst and "dossier-witness" not in analyst


def test_it_serves_the_original_as_an_attachment_never_inline(
    client_as: Any, case: dict[str, Any]
) -> None:
    response = client_as("viewer").get(f"/sources/{case['memorial'].pk}/original/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("text/html")
    assert b"".join(response.streaming_content).startswith(b"<!")


def test_it_never_renders_html_from_an_ingested_file(client_as: Any, case: dict[str, Any]) -> None:
    from khavaran.evidence.models import Source

    Source.objects.filter(pk=case["memorial"].pk).update(text="a <script>alert(1)</script> b")
    page = client_as("viewer").get(f"/sources/{case['memorial'].pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_reads_the_source_page_in_a_fixed_number_of_queries(
    client_as: Any, case: dict[str, Any]
) -> None:
    client, source = client_as("investigator"), case["english"]
    # The first request of a minute also renews the session (a write unrelated to the data).
    client.get(f"/sources/{source.pk}/")
    counts = []
    for start in (0, 20, 40):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/sources/{source.pk}/").status_code == 200
        counts.append(len(queries))
        add_excerpt(source, start=start, end=start + 10, actor="test")
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 10


def test_it_ingests_an_upload_through_the_pipeline(client_as: Any) -> None:
    upload = SimpleUploadedFile("note.txt", b"Evin prison, summer 1988.", "text/plain")
    response = client_as("investigator").post(
        "/sources/upload/", {"file": upload, "confidentiality": "restricted", "title": "A note"}
    )
    assert response.status_code == 302
    page = client_as("investigator").get(response["Location"]).content.decode()
    assert "A note" in page
    assert "web upload" in page


def test_an_upload_keeps_a_long_persian_file_name_the_file_system_could_not_hold(
    client_as: Any,
) -> None:
    # 200 Persian letters: 400 bytes in UTF-8, past the 255 a file name may have.
    name = "گواهی " + "ش" * 194 + ".txt"
    upload = SimpleUploadedFile(name, b"Evin prison, summer 1988.", "text/plain")
    response = client_as("investigator").post(
        "/sources/upload/", {"file": upload, "confidentiality": "restricted"}
    )
    assert response.status_code == 302
    source = Source.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    assert source.original_filename == name
    assert source.title == name.removesuffix(".txt")
    assert source.text == "Evin prison, summer 1988."


def test_it_refuses_a_file_over_the_limit_before_reading_it_all(
    client_as: Any, settings: Any
) -> None:
    # Stopped by the upload handler (khavaran/web/uploads.py), before the pipeline sees it.
    settings.MAX_FILE_BYTES = 5
    upload = SimpleUploadedFile("big.txt", b"more than five bytes", "text/plain")
    response = client_as("investigator").post(
        "/sources/upload/", {"file": upload, "confidentiality": "restricted"}
    )
    assert response.status_code == 413
    assert "limit" in response.content.decode()


def test_it_reports_a_failed_upload_with_the_pipelines_reason(client_as: Any) -> None:
    upload = SimpleUploadedFile("empty.txt", b"", "text/plain")
    response = client_as("investigator").post(
        "/sources/upload/", {"file": upload, "confidentiality": "restricted"}
    )
    assert response.status_code == 400
    assert "empty" in response.content.decode()


def test_it_lets_no_viewer_upload(client_as: Any) -> None:
    upload = SimpleUploadedFile("x.txt", b"text", "text/plain")
    response = client_as("viewer").post(
        "/sources/upload/", {"file": upload, "confidentiality": "public"}
    )
    assert response.status_code == 403


def _camera_metadata(source: Any) -> None:
    from khavaran.evidence.models import Source

    metadata = {
        "duration_seconds": 95.0,
        "recorded_at": "1988-05-25T10:10:00Z",
        "exif_camera_make": "Canon",
        "exif_camera_model": "EOS 5D",
        "exif_latitude": 35.6900,
        "exif_longitude": 51.4200,
    }
    Source.objects.filter(pk=source.pk).update(metadata=metadata)


def test_it_shows_what_the_file_says_of_itself(client_as: Any, case: dict[str, Any]) -> None:
    # When the camera's clock says it was made, where its GPS put it, how long it runs: facts
    # an investigator weighs when verifying footage.
    _camera_metadata(case["english"])
    page = client_as("analyst").get(f"/sources/{case['english'].pk}/").content.decode()
    assert "File details" in page
    assert "0:01:35" in page and "1988-05-25T10:10:00Z" in page
    assert "Canon EOS 5D" in page and "35.69000, 51.42000" in page
    # The report is public, and its camera data cannot be removed from its format: staff are
    # told the public site keeps the file back.
    assert "the public site does not offer its file" in page
    assert "the file holds camera data that cannot be removed" in page


def test_the_public_page_never_shows_the_files_details(
    client_as: Any, case: dict[str, Any]
) -> None:
    # A position written into a photograph can say where a witness lives.
    _camera_metadata(case["english"])
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    page = (
        client_as(None)
        .get(f"/public/sources/{public_id('source', case['english'].pk)}/")
        .content.decode()
    )
    assert case["english"].title in page
    assert "File details" not in page and "51.42000" not in page and "Canon" not in page


def test_a_source_without_such_details_shows_no_empty_section(
    client_as: Any, case: dict[str, Any]
) -> None:
    page = client_as("viewer").get(f"/sources/{case['memorial'].pk}/").content.decode()
    assert "File details" not in page


def test_a_source_that_is_not_public_shows_its_details_without_the_public_warning(
    client_as: Any, case: dict[str, Any]
) -> None:
    _camera_metadata(case["testimony"])
    page = client_as("admin").get(f"/sources/{case['testimony'].pk}/").content.decode()
    assert "Canon EOS 5D" in page
    assert "anyone who downloads it" not in page


def _published(client_as: Any, path: Any) -> Any:
    """Ingest the file as a public source and open the public site; returns the Source."""
    from khavaran.evidence.models import Source
    from khavaran.ingest.pipeline import IngestOptions, ingest_file

    options = IngestOptions(actor="tester", confidentiality="public")
    source = Source.objects.get(pk=ingest_file(path, options).source_id)
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    return source


def test_the_public_site_serves_a_photograph_without_its_camera_data(
    client_as: Any, tmp_path: Any
) -> None:
    import hashlib

    from tests.ingest.test_extraction_media import make_image

    source = _published(client_as, make_image(tmp_path, "grave.jpg", "JPEG", exif=True))
    page = (
        client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/").content.decode()
    )
    assert "without the file's hidden metadata" in page
    assert "grave.jpg" not in page  # a file's own name can name the witness it shows
    public = client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/original/")
    served = b"".join(public.streaming_content)
    assert b"Exif" not in served and b"Canon" not in served
    assert (
        f'filename="source-{public_id("source", source.pk)}.jpg"' in public["Content-Disposition"]
    )
    assert public["X-Content-Type-Options"] == "nosniff"
    # Staff still download the evidence itself, byte for byte.
    internal = client_as("analyst").get(f"/sources/{source.pk}/original/")
    assert hashlib.sha256(b"".join(internal.streaming_content)).hexdigest() == source.sha256


def test_the_public_site_withholds_a_photograph_whose_camera_data_it_cannot_remove(
    client_as: Any, tmp_path: Any
) -> None:
    from tests.ingest.test_extraction_media import make_image

    source = _published(client_as, make_image(tmp_path, "grave.webp", "WEBP", exif=True))
    assert any(key.startswith("exif_") for key in source.metadata)
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )
    page = (
        client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/").content.decode()
    )
    assert "Not offered for download here" in page and "/original/" not in page


@pytest.mark.parametrize(("position", "offered"), [("+35.6892+051.3890/", False), (None, True)])
def test_the_public_site_withholds_a_video_that_says_where_it_was_filmed(
    client_as: Any, tmp_path: Any, position: str | None, offered: bool
) -> None:
    from tests.ingest.test_extraction_media import make_mp4

    source = _published(client_as, make_mp4(tmp_path, position=position))
    response = client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/original/")
    assert response.status_code == (200 if offered else 404)
    staff = client_as("analyst").get(f"/sources/{source.pk}/").content.decode()
    assert ("35.68920, 51.38900" in staff) is not offered


def test_the_public_site_serves_a_document_without_its_author(
    client_as: Any, tmp_path: Any
) -> None:
    from tests.ingest.test_extraction_pdf import PAGES, make_pdf

    source = _published(client_as, make_pdf(tmp_path, PAGES, name="statement-of-maryam.pdf"))
    page = (
        client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/").content.decode()
    )
    assert "without the file's hidden metadata" in page and "maryam" not in page
    public = client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/original/")
    assert b"Research Team" not in b"".join(public.streaming_content)
    assert (
        f'filename="source-{public_id("source", source.pk)}.pdf"' in public["Content-Disposition"]
    )
    staff = client_as("analyst").get(f"/sources/{source.pk}/").content.decode()
    assert "the public site serves a copy without these details" in staff


def test_the_public_site_withholds_a_word_file_with_tracked_changes(
    client_as: Any, tmp_path: Any
) -> None:
    from tests.evidence.test_public_copy_documents import _tracked_docx

    source = _published(client_as, _tracked_docx(tmp_path))
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )
    page = (
        client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/").content.decode()
    )
    assert "Not offered for download here" in page and "tracked changes or comments" in page
    staff = client_as("analyst").get(f"/sources/{source.pk}/").content.decode()
    assert "Tracked changes" in staff  # its file details say why


def test_the_public_site_never_titles_a_source_by_its_files_name(
    client_as: Any, tmp_path: Any
) -> None:
    # A file's own name (or the title its software wrote) can name the witness it records;
    # only a title a person gave is shown to the public.
    path = tmp_path / "testimony-of-Zara-Leakwitness-Evin.txt"
    path.write_text("The trucks left Evin at night.", encoding="utf-8")
    source = _published(client_as, path)
    assert source.title == "testimony-of-Zara-Leakwitness-Evin" and not source.title_given
    anonymous = client_as(None)
    pages = [
        anonymous.get("/public/sources/").content.decode(),
        anonymous.get(f"/public/sources/{public_id('source', source.pk)}/").content.decode(),
        anonymous.get("/public/search/?q=trucks").content.decode(),
    ]
    assert all("Leakwitness" not in page for page in pages)
    assert all(untitled_title(source.pk) in page for page in pages)
    assert "Leakwitness" in client_as("analyst").get(f"/sources/{source.pk}/").content.decode()
    # A viewer reads public data only, and so reads the public's titles on the staff pages too.
    viewer = client_as("viewer")
    staff_pages = [
        viewer.get(f"/sources/{source.pk}/").content.decode(),
        viewer.get("/sources/").content.decode(),
        viewer.get("/sources/", {"q": "trucks"}).content.decode(),
        viewer.get("/search/", {"q": "trucks"}).content.decode(),
    ]
    assert all("Leakwitness" not in page for page in staff_pages)


def test_the_public_site_shows_a_title_a_person_gave(client_as: Any, tmp_path: Any) -> None:
    from khavaran.evidence.models import Source
    from khavaran.ingest.pipeline import IngestOptions, ingest_file

    path = tmp_path / "scan-0042.txt"
    path.write_text("The commission met in Evin.", encoding="utf-8")
    options = IngestOptions(actor="tester", confidentiality="public", title="Commission report")
    source = Source.objects.get(pk=ingest_file(path, options).source_id)
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    assert (
        "Commission report"
        in client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/")
        .content.decode()
    )


@pytest.mark.parametrize(
    ("name", "fmt", "options"),
    [
        ("photo.gif", "GIF", {"comment": b"photo by Zara at 12 Hidden Lane"}),
        ("photo.webp", "WEBP", {"xmp": b"<x:xmpmeta><dc:creator>Zara</dc:creator></x:xmpmeta>"}),
        ("photo.tif", "TIFF", {"tiffinfo": {0x8298: "(c) Zara", 0x013C: "ZARA-LAPTOP"}}),
    ],
)
def test_the_public_site_withholds_an_image_it_cannot_clean(
    client_as: Any, tmp_path: Any, name: str, fmt: str, options: dict[str, Any]
) -> None:
    # Ingest reads no EXIF in these files, and they still hold a comment, XMP or tags.
    from PIL import Image

    path = tmp_path / name
    Image.new("RGB", (32, 24), (10, 200, 10)).save(path, fmt, **options)
    source = _published(client_as, path)
    assert not any(key.startswith("exif_") for key in source.metadata)
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )
    page = (
        client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/").content.decode()
    )
    assert "Not offered for download here" in page and "publish it as JPEG or PNG" in page


@pytest.mark.parametrize(("position", "offered"), [("+35.6892+051.3890/", False), (None, True)])
def test_the_public_site_withholds_an_m4a_that_says_where_it_was_recorded(
    client_as: Any, tmp_path: Any, position: str | None, offered: bool
) -> None:
    from tests.ingest.test_extraction_media import make_mp4

    memo = make_mp4(tmp_path, name="memo.m4a", brand=b"M4A ", position=position)
    source = _published(client_as, memo)
    response = client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/original/")
    assert response.status_code == (200 if offered else 404)
    page = (
        client_as(None).get(f"/public/sources/{public_id('source', source.pk)}/").content.decode()
    )
    assert ("says where it was recorded" in page) is not offered


def test_the_public_site_refuses_a_word_file_with_a_damaged_member(
    client_as: Any, tmp_path: Any
) -> None:
    # Ingest reads the text parts only; a damaged picture in the package is found when the
    # public copy inflates it.
    import io
    import zipfile

    from tests.ingest.test_extraction_docx import make_docx

    path = make_docx(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/extra.bin", bytes(5000))
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/media/extra.bin")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8  # a deflate block of a type that does not exist
    path.write_bytes(bytes(data))
    source = _published(client_as, path)
    assert (
        client_as(None)
        .get(f"/public/sources/{public_id('source', source.pk)}/original/")
        .status_code
        == 404
    )


def test_a_viewer_who_reads_public_data_only_gets_what_the_public_gets(
    client_as: Any, tmp_path: Any
) -> None:
    from tests.ingest.test_extraction_media import make_image

    source = _published(client_as, make_image(tmp_path, "grave.jpg", "JPEG", exif=True))
    download = client_as("viewer").get(f"/sources/{source.pk}/original/")
    served = b"".join(download.streaming_content)
    assert b"Canon" not in served and b"Exif" not in served
    assert (
        f'filename="source-{public_id("source", source.pk)}.jpg"' in download["Content-Disposition"]
    )
    page = client_as("viewer").get(f"/sources/{source.pk}/").content.decode()
    assert "File details" not in page and "Canon" not in page and "grave.jpg" not in page
