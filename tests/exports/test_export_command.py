"""`khavaran export`: stdout by default or a file with -o, each exported source logged in its
chain of custody, and one clear line for every mistake."""

from __future__ import annotations

import json

import pytest

from khavaran.evidence.models import CustodyEvent, Source

pytestmark = pytest.mark.django_db


def test_it_writes_json_lines_to_stdout_by_default(case, khavaran):
    result = khavaran("export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["type"] for r in records} >= {
        "source",
        "excerpt",
        "person",
        "name",
        "claim",
        "tenure",
        "incident",
        "participant",
    }
    assert "7 sources, 19 claims exported" in result.stderr


def test_it_writes_to_the_file_given_with_o(case, khavaran, tmp_path):
    target = tmp_path / "case.ftm.json"
    result = khavaran("export", "--format", "ftm", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["schema"] for line in lines)


def test_each_exported_source_gets_an_exported_custody_event(case, khavaran, user_with_role):
    viewer = user_with_role("vida", "viewer")
    result = khavaran("--as", viewer, "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = CustodyEvent.objects.filter(action="exported")
    public = Source.objects.filter(confidentiality="public")
    assert {e.source_id for e in events} == {s.pk for s in public}
    event = events.first()
    assert event is not None
    assert (event.actor, event.method) == ("vida", "khavaran export --format jsonl")
    assert "levels: public" in event.note and event.sha256_seen == event.source.sha256


def test_an_unknown_format_is_one_line_and_a_failure(case, khavaran):
    result = khavaran("export", "--format", "xml")
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "Error: unknown export format 'xml'; use one of: ftm, jsonl, csv"
    ]
    assert not CustodyEvent.objects.filter(action="exported").exists()


def test_an_unwritable_output_path_is_one_line_and_logs_nothing(case, khavaran, tmp_path):
    target = tmp_path / "no-such-folder" / "out.jsonl"
    result = khavaran("export", "--format", "jsonl", "-o", str(target))
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error == f"Error: cannot write {target}: No such file or directory"
    assert "Traceback" not in result.output
    assert not CustodyEvent.objects.filter(action="exported").exists()


def test_two_exports_of_the_same_data_are_identical(case, khavaran):
    first = khavaran("export", "--format", "ftm").stdout
    assert first == khavaran("export", "--format", "ftm").stdout


def test_a_deactivated_account_exports_only_what_the_public_may_read(
    case, khavaran, user_with_role
):
    from khavaran.accounts.models import User

    name = user_with_role("former", "investigator")
    User.objects.filter(username=name).update(is_active=False)
    result = khavaran("--as", name, "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    levels = {json.loads(line).get("confidentiality") for line in result.stdout.splitlines()}
    assert levels <= {"public", None}
    assert "up to level public" in result.stderr
