"""`khavaran import-facts`: what a refused file reports."""

from __future__ import annotations

import json

import pytest

from khavaran.evidence.models import Source

pytestmark = pytest.mark.django_db


def test_a_file_wrong_throughout_reports_its_first_problems_and_how_many_more(khavaran, tmp_path):
    # 5,000 sources whose files are all missing used to print 5,000 lines.
    sources = [{"key": f"s{i}", "file": f"missing{i}.txt"} for i in range(5000)]
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"format": "khavaran-case/1", "sources": sources}))
    result = khavaran("import-facts", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "case.json: source missing0.txt: no such file; check the path"
    assert len(lines) == 52
    assert lines[-2] == "case.json: … and 4,950 more problems"
    assert lines[-1] == f"Error: nothing imported from {path}: 5,000 problem(s)"


def test_a_source_stored_before_keeps_a_given_title_and_its_kind_and_the_import_says_so(
    khavaran, tmp_path
):
    (tmp_path / "witness.txt").write_text("Witness A saw the trucks at dawn.", encoding="utf-8")
    first = {"key": "w", "file": "witness.txt", "title": "Statement of witness A"}
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"format": "khavaran-case/1", "sources": [first]}))
    assert khavaran("import-facts", str(path)).exit_code == 0
    stored = Source.objects.get()
    entry = {
        "key": "w", "file": "witness.txt", "kind": "testimony", "title": "Witness A, 2019",
        "origin": "interview, Berlin",
    }  # fmt: skip
    path.write_text(json.dumps({"format": "khavaran-case/1", "sources": [entry]}))
    result = khavaran("import-facts", str(path))
    assert result.exit_code == 0, result.output
    assert "imported 0 sources" in result.stdout
    assert result.stderr == (
        f"note: source witness.txt is stored already, as source {stored.pk}: its title "
        "'Statement of witness A' is kept (the file says 'Witness A, 2019'); its kind "
        "'document' is kept (the file says 'testimony'); the file's origin is added to its "
        "chain of custody\n"
    )


def test_a_title_made_from_the_file_name_gives_way_to_the_one_a_facts_file_gives(
    khavaran, tmp_path
):
    # Data dirs from before titles were told apart hold only such titles (never shown below
    # the confidential level): importing the facts file again makes its titles public again.
    (tmp_path / "report.txt").write_text("Amnesty: over 2,000 executed.", encoding="utf-8")
    assert khavaran("ingest", str(tmp_path / "report.txt")).exit_code == 0
    entry = {"key": "r", "file": "report.txt", "title": "Amnesty report, 1990"}
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"format": "khavaran-case/1", "sources": [entry]}))
    result = khavaran("import-facts", str(path))
    assert result.exit_code == 0, result.output
    source = Source.objects.get()
    assert (source.title, source.title_given) == ("Amnesty report, 1990", True)
    assert "it is now titled 'Amnesty report, 1990', as the file says" in result.stderr
    assert khavaran("verify").exit_code == 0
