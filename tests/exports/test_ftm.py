"""`--format ftm`: entities FollowTheMoney accepts as they are, with stable ids, every link
pointing at an entity in the same export, and every fact documented by its source."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from khavaran.exports.ftm import entity_id, iso_prefix
from khavaran.records.models import Person

pytestmark = pytest.mark.django_db
FTM = Path(sys.executable).with_name("ftm")


def export(khavaran: Any, *args: str) -> list[dict[str, Any]]:
    result = khavaran("export", "--format", "ftm", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_entity_fits_the_schema_and_loses_nothing_when_cleaned(case, khavaran):
    for data in export(khavaran):
        proxy = model.get_proxy(data, cleaned=False)
        assert set(data["properties"]) <= set(proxy.schema.properties), data
        missing = [p for p in proxy.schema.required if not proxy.get(p)]
        assert not missing, (data, missing)
        # Re-adding every value with cleaning on must keep it: nothing invalid was emitted.
        cleaned = model.make_entity(proxy.schema)
        cleaned.id = proxy.id
        for prop, values in data["properties"].items():
            cleaned.add(prop, values)
        assert cleaned.to_dict()["properties"] == data["properties"], data


@pytest.mark.skipif(not FTM.exists(), reason="the ftm command is not installed")
def test_ftm_validate_passes_the_export_through_unchanged(case, khavaran, tmp_path):
    target = tmp_path / "case.ftm.json"
    assert khavaran("export", "--format", "ftm", "-o", str(target)).exit_code == 0
    validated = subprocess.run(
        [str(FTM), "validate", "-i", str(target)], check=True, capture_output=True, text=True
    ).stdout
    assert entity_set(validated) == entity_set(target.read_text(encoding="utf-8"))


def entity_set(text: str) -> list[tuple[str, str, str]]:
    """Id, schema and properties of each entity (ftm adds empty bookkeeping keys)."""
    entities = [json.loads(line) for line in text.splitlines()]
    return sorted(
        (e["id"], e["schema"], json.dumps(e["properties"], sort_keys=True)) for e in entities
    )


def test_every_link_points_at_an_exported_entity(case, khavaran):
    entities = export(khavaran)
    ids = {e["id"] for e in entities}
    for data in entities:
        schema = model.get(data["schema"])
        for prop, values in data["properties"].items():
            if schema.get(prop).type.name == "entity":
                assert set(values) <= ids, (data["schema"], prop, values)


def test_the_shipped_case_maps_to_the_expected_schemata(case, khavaran):
    schemata = [e["schema"] for e in export(khavaran)]
    assert schemata.count("Document") == 7
    assert schemata.count("Person") == Person.objects.count()
    assert {
        "Organization",
        "Position",
        "Occupancy",
        "Event",
        "UnknownLink",
        "Documentation",
    } <= set(schemata)


def test_a_person_has_both_scripts_and_a_stable_id(case, khavaran):
    raisi = Person.objects.get(key="raisi")
    person = next(e for e in export(khavaran) if e["id"] == entity_id("person", raisi.pk))
    assert person["schema"] == "Person"
    assert {"Ebrahim Raisi", "ابراهیم رئیسی"} <= set(person["properties"]["name"])


def test_a_source_is_a_document_with_its_sha256_and_no_body(case, khavaran):
    docs = [e for e in export(khavaran) if e["schema"] == "Document"]
    report = next(d for d in docs if d["properties"]["fileName"] == ["report-tehran-commission.md"])
    props = report["properties"]
    assert props["mimeType"] == ["text/markdown"] and props["language"] == ["eng"]
    assert any(n.startswith("sha256:") and len(n) == 7 + 64 for n in props["notes"])
    assert "bodyText" not in props


def test_a_citation_is_a_documentation_with_the_quoted_words(case, khavaran):
    docs = [e for e in export(khavaran) if e["schema"] == "Documentation"]
    claim = "number-killed:massacre-1988: victim_count = 300;"
    toll = [d["properties"] for d in docs if d["properties"]["summary"][0].startswith(claim)]
    assert len(toll) == 1
    assert "Amnesty had recorded over 300 executions" in toll[0]["description"][0]
    assert toll[0]["role"][0].startswith("excerpt ")


def test_tenure_dates_keep_the_precision_the_source_gave(case, khavaran):
    occupancies = [e for e in export(khavaran) if e["schema"] == "Occupancy"]
    starts = {d for e in occupancies for d in e["properties"].get("startDate", [])}
    assert "1988-07" in starts


@pytest.mark.parametrize(
    ("earliest", "latest", "prefix"),
    [
        (date(1988, 8, 15), date(1988, 8, 15), "1988-08-15"),
        (date(1988, 7, 1), date(1988, 7, 31), "1988-07"),
        (date(1988, 1, 1), date(1988, 12, 31), "1988"),
        (date(1988, 6, 21), date(1988, 9, 22), "1988"),  # summer: the narrowest true prefix
        (date(1980, 1, 1), date(1989, 12, 31), None),  # no prefix is true of the 1980s
    ],
)
def test_a_fuzzy_date_becomes_the_iso_prefix_that_covers_it(earliest, latest, prefix):
    assert iso_prefix(earliest, latest) == prefix
