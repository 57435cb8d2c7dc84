"""`khavaran case export --format html`: the case file as one standalone page, and the list
of formats a wrong one is told."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_case, make_excerpt, make_link, make_person, make_source

pytestmark = pytest.mark.django_db


def test_the_html_case_file_is_a_standalone_page_with_every_citation(khavaran, tmp_path, data_dir):
    excerpt = make_excerpt(make_source(tmp_path, "ابراهیم رئیسی عضو هیئت بود."))
    person = make_person(excerpt, "ابراهیم رئیسی", script="persian")
    case = make_case(person)
    make_link(case, "cah.murder.1", excerpt, person=person)
    target = tmp_path / "case.html"

    result = khavaran("case", "export", str(case.pk), "--format", "html", "-o", str(target))

    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert f"“{excerpt.quoted_text}”" in page
    # A Persian name or quote reads right to left inside the English page.
    assert '<li dir="auto">ابراهیم رئیسی (Persian script, birth name)' in page


def test_a_wrong_format_is_told_every_format(khavaran, data_dir, tmp_path: Path):
    result = khavaran("case", "export", "1", "--format", "pdf", "-o", str(tmp_path / "x"))
    assert result.exit_code != 0
    assert "use one of: md, json, html, bundle" in result.output
