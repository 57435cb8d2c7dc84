"""The case file is marked with the most protected level of what it holds, not with the case's
own level: a restricted case's file that quotes a confidential testimony is marked
confidential (and still says the case is restricted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khavaran.evidence.models import Source
from khavaran.records.models import Accused, Case
from tests.factories import make_excerpt, make_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_case(case: None) -> Case:
    """The demo's (restricted) case, with one link citing the confidential testimony."""
    from khavaran.demo.case_file import load_demo_case

    found = load_demo_case(actor="test")
    assert found is not None and found.confidentiality == "restricted"
    testimony = Source.objects.get(original_filename="testimony-khavaran-family.txt")
    accused = Accused.objects.filter(case=found).order_by("pk").first()
    assert accused is not None
    make_link(found, "cah.murder.1", make_excerpt(testimony), person=accused.person)
    return found


def _export(khavaran, case: Case, target: Path, *options: str) -> str:  # type: ignore[no-untyped-def]
    result = khavaran("case", "export", str(case.pk), "-o", str(target), *options)
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def test_a_file_quoting_a_confidential_source_is_marked_confidential(
    restricted_case, khavaran, tmp_path
):
    text = _export(khavaran, restricted_case, tmp_path / "full.md")

    head = text.splitlines()[:5]
    assert head[2].startswith("**CONFIDENTIAL**: the most protected material in this file is")
    assert head[4].startswith(f"Case {restricted_case.pk} (the case itself is Restricted).")


def test_the_json_keeps_the_cases_level_beside_the_files(restricted_case, khavaran, tmp_path):
    data = json.loads(
        _export(khavaran, restricted_case, tmp_path / "full.json", "--format", "json")
    )
    assert (data["contains_level"], data["case"]["confidentiality"]) == (
        "confidential",
        "restricted",
    )


def test_a_file_written_below_the_confidential_level_is_marked_with_its_own(
    restricted_case, khavaran, tmp_path
):
    text = _export(khavaran, restricted_case, tmp_path / "r.md", "--level", "restricted")
    assert "**RESTRICTED**" in text and "CONFIDENTIAL" not in text.upper()
