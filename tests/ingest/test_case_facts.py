"""`import-facts`: structured facts whose every citation is a quote found in its source."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Excerpt, Source
from khavaran.ingest.case_facts import FactsImportError, import_facts
from khavaran.records.models import Claim, Participant, Person, Tenure

pytestmark = pytest.mark.django_db
SHIPPED = Path(__file__).resolve().parents[2] / "khavaran" / "demo" / "case"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def copy_case(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "case"
    shutil.copytree(folder, target)
    return target


def test_it_imports_the_shipped_case_with_every_fact_cited(data_dir):
    summary = import_facts(SHIPPED / "case.json", actor="tester")
    assert summary.sources == 7 and summary.people >= 8 and summary.claims >= 10
    for excerpt in Excerpt.objects.select_related("source"):
        assert excerpt.source.text[excerpt.start : excerpt.end] == excerpt.quoted_text
    assert all(c.excerpts.exists() for c in Claim.objects.all())
    assert all(t.excerpts.exists() for t in Tenure.objects.all())
    testimony = Source.objects.get(original_filename="testimony-khavaran-family.txt")
    assert testimony.confidentiality == "confidential"


@pytest.mark.skipif(not CORPUS.exists(), reason="the reference corpus is not beside the project")
def test_it_accepts_the_reference_case_file_as_it_is(data_dir):
    summary = import_facts(CORPUS / "case-1988.json", actor="tester")
    assert summary.as_dict()["people"] == 10 and summary.tenures == 10
    raisi = Person.objects.get(key="raisi")
    assert {n.text for n in raisi.names.all()} == {"Ebrahim Raisi", "ابراهیم رئیسی"}
    assert raisi.tenures.count() == 5
    versions = Claim.objects.filter(question="number-killed:massacre-1988")
    assert versions.count() == 5
    meeting = Participant.objects.filter(incident__key="massacre-1988")
    assert meeting.filter(role="ordering_authority").exists()


def test_a_quote_not_in_its_source_names_the_fact_and_quote_and_imports_nothing(data_dir, tmp_path):
    folder = copy_case(SHIPPED, tmp_path)
    data = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    data["claims"][0]["cite"][0]["quote"] = "words that appear in no source at all"
    (folder / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FactsImportError) as raised:
        import_facts(folder / "case.json", actor="tester")
    assert "claims[0]" in str(raised.value)
    assert "words that appear in no source at all" in str(raised.value)
    assert not Source.objects.exists() and not Person.objects.exists()
    assert list(get_store().all_hashes()) == []


def test_a_missing_source_file_and_an_unknown_person_are_reported(data_dir, tmp_path):
    folder = copy_case(SHIPPED, tmp_path)
    data = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    (folder / data["sources"][0]["file"]).unlink()
    data["tenures"][0]["person"] = "nobody"
    (folder / "case.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FactsImportError) as raised:
        import_facts(folder / "case.json", actor="tester")
    problems = "\n".join(raised.value.problems)
    assert data["sources"][0]["file"] in problems and "unknown person 'nobody'" in problems


def test_a_file_that_is_not_a_facts_file_is_refused(data_dir, tmp_path):
    (tmp_path / "x.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(FactsImportError, match="not a facts file"):
        import_facts(tmp_path / "x.json", actor="tester")
    (tmp_path / "y.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(FactsImportError, match="JSON"):
        import_facts(tmp_path / "y.json", actor="tester")


@pytest.mark.skipif(not CORPUS.exists(), reason="the reference corpus is not beside the project")
def test_a_second_facts_file_with_the_same_keys_adds_to_the_same_people(data_dir):
    import_facts(SHIPPED / "case.json", actor="tester")
    people_before = Person.objects.count()
    import_facts(CORPUS / "case-1988.json", actor="tester")
    raisi = Person.objects.get(key="raisi")
    assert {"Ebrahim Raisi", "ابراهیم رئیسی"} <= {n.text for n in raisi.names.all()}
    sources = {e.source.original_filename for n in raisi.names.all() for e in n.excerpts.all()}
    assert "note-01-tehran-commission.md" in sources
    assert Person.objects.filter(key="raisi").count() == 1
    assert Person.objects.count() <= people_before + 10
