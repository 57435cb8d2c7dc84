"""An export logs each source's original as seen only after reading it: the `exported` custody
event's SHA-256 is the file's own, and an original altered or lost on disk refuses the whole
export in one line, with nothing written and nothing logged."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from django.test import Client

from khavaran.evidence.actions import get_store
from khavaran.evidence.models import CustodyEvent, Source
from khavaran.records.models import Case

pytestmark = pytest.mark.django_db

TESTIMONY = "testimony-khavaran-family.txt"


@pytest.fixture
def demo_case(case: None) -> Case:
    """The demo's case file, citing the shipped report (and other public sources)."""
    from khavaran.demo.case_file import load_demo_case

    found = load_demo_case(actor="test")
    assert found is not None
    return found


def _report() -> Source:
    from khavaran.demo.case_file import REPORT

    return Source.objects.get(original_filename=REPORT)


def _original(source: Source) -> Path:
    return get_store().path_for(source.sha256)


def _alter(source: Source) -> None:
    """What a careless hand or an attacker does to a stored original (read-only on disk)."""
    path = _original(source)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(path.read_bytes().replace(b"the", b"a", 1))


def _folder(tmp_path: Path) -> Path:
    """An empty folder for the export (the data dir is in `tmp_path` too)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def _exported() -> int:
    return CustodyEvent.objects.filter(action="exported").count()


def _public_source() -> Source:
    return Source.objects.filter(confidentiality="public").order_by("pk").first()  # type: ignore[return-value]


@pytest.mark.parametrize("fmt", ["jsonl", "ftm", "csv"])
def test_the_sha256_logged_as_seen_is_the_hash_of_the_file_on_disk(case, khavaran, fmt):
    result = khavaran("export", "--format", fmt)
    assert result.exit_code == 0, result.output

    events = CustodyEvent.objects.filter(action="exported").select_related("source")
    assert events.count() == Source.objects.count()
    for event in events:
        on_disk = hashlib.sha256(_original(event.source).read_bytes()).hexdigest()
        assert event.sha256_seen == on_disk


@pytest.mark.parametrize("fmt", ["jsonl", "ftm", "csv"])
def test_an_altered_original_refuses_the_export_in_one_line(case, khavaran, tmp_path, fmt):
    source = _public_source()
    _alter(source)
    out = _folder(tmp_path)
    target = out / ("out.zip" if fmt == "csv" else "out.jsonl")

    result = khavaran("export", "--format", fmt, "-o", str(target))

    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: export refused: the original of source {source.pk} (altered) does not match "
        "its recorded SHA-256; run khavaran verify"
    )
    assert list(out.iterdir()) == []
    assert _exported() == 0


def test_a_refused_export_to_standard_output_prints_nothing_of_it(case, khavaran):
    source = _public_source()
    _original(source).chmod(stat.S_IRUSR | stat.S_IWUSR)
    _original(source).unlink()

    result = khavaran("export", "--format", "jsonl")

    assert result.exit_code != 0 and result.stdout == ""
    assert f"source {source.pk} (missing)" in result.stderr
    assert _exported() == 0


def test_an_original_the_reader_may_not_see_does_not_stop_their_export(
    case, khavaran, user_with_role
):
    # The export holds only what its reader may read: it vouches only for those originals.
    _alter(Source.objects.get(original_filename=TESTIMONY))
    result = khavaran("--as", user_with_role("vida", "viewer"), "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert _exported() == Source.objects.filter(confidentiality="public").count()


def test_an_altered_original_refuses_the_case_file_and_logs_nothing(demo_case, khavaran, tmp_path):
    report = _report()
    _alter(report)
    out = _folder(tmp_path)
    target = out / "case.md"

    result = khavaran("case", "export", str(demo_case.pk), "-o", str(target))

    assert result.exit_code != 0
    assert f"source {report.pk} (altered)" in result.output
    assert "run khavaran verify" in result.output
    assert list(out.iterdir()) == [] and _exported() == 0


def test_an_intact_case_file_logs_the_hash_of_each_cited_original(demo_case, khavaran, tmp_path):
    target = tmp_path / "case.json"
    result = khavaran("case", "export", str(demo_case.pk), "-o", str(target))
    assert result.exit_code == 0, result.output

    events = CustodyEvent.objects.filter(action="exported").select_related("source")
    assert events.exists()
    for event in events:
        on_disk = hashlib.sha256(_original(event.source).read_bytes()).hexdigest()
        assert event.sha256_seen == on_disk


def test_the_web_download_of_a_case_file_is_refused_the_same_way(demo_case, user_with_role):
    report = _report()
    _alter(report)
    client = Client()
    client.force_login(_user(user_with_role("ines", "investigator")))

    response = client.post(f"/cases/{demo_case.pk}/export/", {"format": "md"})

    assert response.status_code == 409
    page = response.content.decode()
    assert f"source {report.pk} (altered)" in page and "khavaran verify" in page
    assert "Case file not written" in page  # a page of the site, in the reader's language
    assert _exported() == 0


def _user(name: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)
