"""`khavaran case export CASE --format bundle -o FILE.zip`: the court bundle. The case file
(Markdown, HTML, JSON), the originals it cites that the reader may see, their chain of
custody and a manifest of every file's SHA-256, the audit head, version, exporter and time; the
same bytes for the same record but for the export time; refused, with nothing written or
logged, when an original no longer hashes to its SHA-256."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from khavaran import __version__
from khavaran.audit.anchor import current_head
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import CustodyEvent, Source
from khavaran.exports.bundle import FIXED_TIME, MANIFEST, Original, write_zip
from khavaran.records.models import Case
from tests.factories import make_case, make_excerpt, make_link, make_person, make_source

pytestmark = pytest.mark.django_db

PUBLIC = "Raisi sat on the commission at Evin in 1988."
SECRET = "Witness A saw the commission send prisoners to the hall."


@pytest.fixture
def sources(tmp_path: Path, data_dir: Path) -> dict[str, Source]:
    public = make_source(tmp_path, PUBLIC, name="report.txt")
    secret = make_source(tmp_path, SECRET, name="witness-a.txt", confidentiality="confidential")
    return {"public": public, "secret": secret}


@pytest.fixture
def case(sources: dict[str, Source]) -> Case:
    public = make_excerpt(sources["public"])
    person = make_person(public)
    found = make_case(person)
    make_link(found, "cah.murder.1", public, person=person, note="member <script>x</script>")
    secret = make_excerpt(sources["secret"])
    make_link(found, "cah.context.attack", secret, confidentiality="confidential")
    return found


def _bundle(khavaran, case: Case, target: Path, *before: str) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    result = khavaran(
        *before, "case", "export", str(case.pk), "--format", "bundle", "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(target)


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    return manifest


def test_it_holds_the_case_file_the_cited_originals_and_their_custody(
    khavaran, case, sources, tmp_path
):
    archive = _bundle(khavaran, case, tmp_path / "case.zip")

    names = archive.namelist()
    assert names == sorted(names)
    assert {"case-file.md", "case-file.html", "case-file.json", "custody.json"} <= set(names)
    for source in sources.values():
        original = next(n for n in names if n.startswith(f"originals/{source.sha256}"))
        assert archive.read(original) == get_store().path_for(source.sha256).read_bytes()
    assert "“Raisi sat on the com" in archive.read("case-file.md").decode()
    custody = json.loads(archive.read("custody.json"))
    assert {row["sha256"] for row in custody} == {s.sha256 for s in sources.values()}
    assert all(row["events"][0]["action"] == "collected" for row in custody)


def test_the_manifest_lets_a_court_check_every_file(khavaran, case, tmp_path):
    head = current_head()
    archive = _bundle(khavaran, case, tmp_path / "case.zip")

    manifest = _manifest(archive)
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {MANIFEST}
    for name, entry in listed.items():
        body = archive.read(name)
        assert (hashlib.sha256(body).hexdigest(), len(body)) == (entry["sha256"], entry["bytes"])
    assert head is not None
    assert manifest["audit_head"] == {"seq": head.seq, "hash": head.hash}
    assert manifest["khavaran_version"] == __version__
    assert manifest["khavaran_build"].startswith(f"khavaran {__version__}+")
    assert manifest["case"] == case.pk
    written = json.loads(archive.read("case-file.json"))["written_at"]
    assert manifest["exported_at"] == written and written.endswith("+00:00")
    assert manifest["exported_by"]


def test_each_cited_original_is_logged_as_exported_after_the_bundle_is_written(
    khavaran, case, sources, tmp_path
):
    _bundle(khavaran, case, tmp_path / "case.zip")
    events = CustodyEvent.objects.filter(action="exported")
    assert {e.source_id for e in events} == {s.pk for s in sources.values()}
    assert {e.method for e in events} == {"khavaran case export --format bundle"}


def test_a_reader_gets_only_the_originals_and_custody_fields_they_may_see(
    khavaran, user_with_role, case, sources, tmp_path
):
    user_with_role("ana", "analyst")
    archive = _bundle(khavaran, case, tmp_path / "ana.zip", "--as", "ana")

    names = archive.namelist()
    assert not any(sources["secret"].sha256 in n for n in names)
    assert any(sources["public"].sha256 in n for n in names)
    everything = b"".join(archive.read(n) for n in names)
    assert SECRET.encode() not in everything and b"witness-a" not in everything
    (row,) = json.loads(archive.read("custody.json"))
    # How it was handled, for an analyst; who handled it and where it came from, for staff
    # only, as the case file beside it names its collector only at the confidential level.
    assert "method" in row["events"][0]
    assert not {"actor", "origin", "note"} & set(row["events"][0])
    assert _manifest(archive)["reader_level"] == "restricted"


def test_the_html_rendering_is_standalone_and_runs_nothing_a_note_holds(khavaran, case, tmp_path):
    page = _bundle(khavaran, case, tmp_path / "case.zip").read("case-file.html").decode()
    assert page.startswith("<!DOCTYPE html>") and "default-src 'none'" in page
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "Raisi sat on the com" in page


def test_the_same_record_gives_the_same_bytes(sources):
    files = {"b.txt": b"second", "a.txt": b"first", MANIFEST: b"{}"}
    cited = [Original(1, sources["public"]), Original(2, sources["secret"])]

    def written() -> bytes:
        buffer = io.BytesIO()
        write_zip(buffer, files, cited)
        return buffer.getvalue()

    first = written()
    assert first == written()
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == sorted(archive.namelist())
    assert {info.date_time for info in archive.infolist()} == {FIXED_TIME}


def test_an_altered_original_refuses_the_bundle_and_leaves_nothing(
    khavaran, case, sources, tmp_path
):
    path = get_store().path_for(sources["public"].sha256)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(path.read_bytes().replace(b"Raisi", b"Nobody"))
    target = tmp_path / "out" / "case.zip"
    target.parent.mkdir()

    result = khavaran("case", "export", str(case.pk), "--format", "bundle", "-o", str(target))

    assert result.exit_code != 0
    message = result.output.strip()
    assert "\n" not in message and "altered" in message and "khavaran verify" in message
    assert list(target.parent.iterdir()) == []
    assert not CustodyEvent.objects.filter(action="exported").exists()


def test_a_bundle_is_written_to_a_zip_file_only(khavaran, case, tmp_path):
    result = khavaran(
        "case", "export", str(case.pk), "--format", "bundle", "-o", str(tmp_path / "case.md")
    )
    assert result.exit_code != 0 and "a bundle is written to a .zip file" in result.output
    assert not (tmp_path / "case.md").exists()


def test_an_original_changed_while_it_is_copied_refuses_the_bundle(sources):
    from khavaran.exports.bundle import BundleError

    path = get_store().path_for(sources["public"].sha256)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(path.read_bytes() + b" and more")

    with pytest.raises(BundleError, match="changed while it was copied"):
        write_zip(io.BytesIO(), {MANIFEST: b"{}"}, [Original(1, sources["public"])])


def test_a_public_bundle_names_no_one_who_handled_the_evidence(khavaran, sources, tmp_path):
    excerpt = make_excerpt(sources["public"])
    person = make_person(excerpt)
    public = make_case(person, confidentiality="public")
    make_link(public, "cah.murder.1", excerpt, person=person, confidentiality="public")
    result = khavaran(
        "case", "export", str(public.pk), "--format", "bundle", "--level", "public",
        "-o", str(tmp_path / "public.zip"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(tmp_path / "public.zip")
    (row,) = json.loads(archive.read("custody.json"))
    assert set(row["events"][0]) == {"action", "at", "sha256_seen", "tool_version"}
    assert _manifest(archive)["reader_level"] == "public"
