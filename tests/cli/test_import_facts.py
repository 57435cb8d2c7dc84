"""`khavaran import-facts`: what a refused file reports."""

from __future__ import annotations

import json

import pytest

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
