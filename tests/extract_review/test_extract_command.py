"""`khavaran extract`: runs the extractors on sources, queues the proposals, prints them."""

from __future__ import annotations

import json

import pytest

from khavaran.extract.models import StoredProposal
from tests.factories import make_source

pytestmark = pytest.mark.django_db

ISSUE_FIELDS = {
    "kind", "start", "end", "text", "entity_type", "speaker", "attributed_to", "value",
    "normalized_date", "relation",
}  # fmt: skip
TEXT = "Ebrahim Raisi said that 5,000 prisoners were executed in 1988."


def test_json_prints_one_proposal_per_line_with_the_issues_fields(khavaran, tmp_path):
    source = make_source(tmp_path, TEXT)
    result = khavaran("extract", str(source.pk), "--json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {line["kind"] for line in lines} >= {"mention", "quote", "claim", "date"}
    for line in lines:
        assert set(line) == ISSUE_FIELDS | {"id", "source"}
        assert source.text[line["start"] : line["end"]] == line["text"]
    quote = next(line for line in lines if line["kind"] == "quote")
    assert quote["speaker"] == "Ebrahim Raisi"
    assert StoredProposal.objects.filter(source=source).count() == len(lines)


def test_all_runs_every_source_and_reports_what_is_new(khavaran, tmp_path):
    make_source(tmp_path, TEXT, name="a.txt")
    make_source(tmp_path, "Ahmad was sent to prison in 2016.", name="b.txt")
    first = khavaran("extract", "--all")
    again = khavaran("extract", "--all")
    assert first.exit_code == again.exit_code == 0
    assert first.output.count("source ") == 2 and "0 new" not in first.output
    assert again.output.count(", 0 new") == 2


def test_it_refuses_without_a_source_and_names_an_unknown_one(khavaran, tmp_path):
    assert "--all" in khavaran("extract").output
    result = khavaran("extract", "999")
    assert result.exit_code == 1
    assert "no source 999" in result.output and "Traceback" not in result.output
