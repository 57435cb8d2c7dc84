"""`--format jsonl` and `--format csv`: every fact carries its citations (excerpt, source, span
and the quoted words, which are exactly the cited span of the source text)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest

from khavaran.evidence.models import Source
from khavaran.exports.records import TYPES

pytestmark = pytest.mark.django_db
FACTS = {"organization", "name", "tenure", "incident", "participant", "claim"}


def jsonl(khavaran: Any, *args: str) -> list[dict[str, Any]]:
    result = khavaran("export", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_fact_cites_the_exact_words_of_an_exported_source(case, khavaran):
    records = jsonl(khavaran)
    sources = {r["id"] for r in records if r["type"] == "source"}
    texts = {s.pk: s.text for s in Source.objects.all()}
    facts = [r for r in records if r["type"] in FACTS - {"organization"}]
    assert facts
    for fact in facts:
        assert fact["citations"], fact
        for cite in fact["citations"]:
            assert cite["source"] in sources
            assert texts[cite["source"]][cite["start"] : cite["end"]] == cite["quoted_text"]


def test_records_come_in_dependency_order(case, khavaran):
    order = [TYPES.index(r["type"]) for r in jsonl(khavaran)]
    assert order == sorted(order)


def test_contested_figures_keep_every_version_with_its_attribution(case, khavaran):
    toll = [
        r
        for r in jsonl(khavaran)
        if r["type"] == "claim" and r["question"] == "number-killed:massacre-1988"
    ]
    assert {"30,000", "2,800–3,800"} <= {r["value"] for r in toll}
    assert len({r["attributed_to"] for r in toll}) >= 4


def test_csv_to_stdout_or_a_csv_file_is_the_claims_table_with_citations(case, khavaran, tmp_path):
    result = khavaran("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert khavaran("export", "--format", "csv", "-o", str(tmp_path / "c.csv")).exit_code == 0
    assert (tmp_path / "c.csv").read_text(encoding="utf-8") == result.stdout
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 19
    first = rows[0]
    assert first["question"] == "number-killed:massacre-1988"
    assert first["excerpt_ids"] and first["source_ids"]
    assert first["citations"].startswith(f"source {first['source_ids']} [")
    assert "Amnesty had recorded over 300 executions" in first["citations"]


def test_csv_to_a_zip_has_one_table_per_record_type(case, khavaran, tmp_path):
    target = tmp_path / "case.zip"
    result = khavaran("export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == sorted(f"{t}.csv" for t in TYPES)
        tenures = list(csv.DictReader(io.StringIO(archive.read("tenure.csv").decode())))
    assert {"start_earliest", "start_latest", "start_original", "end_latest"} <= set(tenures[0])
    assert tenures[0]["start_earliest"] == "1988-07-01"


def test_csv_to_a_folder_writes_the_same_tables(case, khavaran, tmp_path):
    target = tmp_path / "tables"
    result = khavaran("export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{t}.csv" for t in TYPES)
    people = list(csv.DictReader((target / "name.csv").open(encoding="utf-8")))
    assert any(row["text"] == "ابراهیم رئیسی" for row in people)
