"""A link resting on a claim shows, under it, every version of that fact the reader may see,
each with its own citation, the one the case relies on marked; a fact the sources disagree on
is called contested, and no competing version is hidden from a reader cleared for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from khavaran.exports import reader_at
from khavaran.exports.casefile import case_file_data
from khavaran.exports.casefile_md import markdown
from khavaran.records.dossiers import case_file
from khavaran.records.models import Case, Claim
from tests.factories import make_case, make_claim, make_excerpt, make_link, make_source

pytestmark = pytest.mark.django_db

NCRI = "The NCRI put the number of people killed at 30,000."
AMNESTY = "Amnesty International recorded over 300 executions by December 1988."
WITNESS = "A guard told me some 4,000 were hanged at Gohardasht alone."


def _claim(tmp_path: Path, text: str, name: str, level: str = "public", **value: Any) -> Claim:
    source = make_source(tmp_path, text, name=name, confidentiality=level)
    return make_claim(make_excerpt(source, text), **value)


@pytest.fixture
def relied(tmp_path: Path, data_dir: Path) -> Claim:
    return _claim(tmp_path, NCRI, "ncri.txt", value_number=30000, attributed_to="NCRI")


def _case_resting_on(claim: Claim) -> Case:
    case = make_case()
    make_link(
        case, "cah.context.attack", claim.excerpts.get(), claim=claim, note="scale of the attack"
    )
    return case


def _data(case: Case, level: str = "confidential") -> dict[str, Any]:
    reader = reader_at(None, level, operator=True)
    return case_file_data(case_file(reader, case), reader)


def _link(data: dict[str, Any]) -> dict[str, Any]:
    rows = [e for s in data["matrix"] for e in s["elements"] if e["links"]]
    assert len(rows) == 1
    (link,) = rows[0]["links"]
    return link


def test_a_competing_version_is_shown_beside_the_one_the_case_relies_on(relied, tmp_path):
    other = _claim(
        tmp_path,
        AMNESTY,
        "amnesty.txt",
        value_number=300,
        qualifier="more than",
        attributed_to="Amnesty International",
    )
    data = _data(_case_resting_on(relied))

    fact = _link(data)["fact"]
    assert fact["contested"] is True
    shown = {v["claim"]: v for v in fact["versions"]}
    assert shown[relied.pk]["relied_on"] and not shown[other.pk]["relied_on"]
    quoted = {c["quoted_text"] for v in fact["versions"] for c in v["citations"]}
    assert quoted == {NCRI, AMNESTY}
    citation = shown[other.pk]["citations"][0]
    assert (citation["start"], citation["end"]) == (0, len(AMNESTY))

    text = markdown(data)
    assert "Rests on a **contested fact**, Number of people killed" in text
    assert "*relied on*: 30,000 — Uncorroborated, attributed to NCRI" in text
    assert "300 (more than) — Uncorroborated, attributed to Amnesty International" in text
    amnesty_n = shown[other.pk]["citations"][0]["n"]
    assert f"> [{amnesty_n}] “{AMNESTY}” (characters 0–{len(AMNESTY)})" in text
    # Every cited version's source is in the numbered list (and so in the bundle and custody).
    assert {s["source"] for s in data["sources"]} == {
        relied.excerpts.get().source_id,
        other.excerpts.get().source_id,
    }


def test_the_element_status_still_counts_links_only(relied, tmp_path):
    _claim(tmp_path, AMNESTY, "amnesty.txt", value_number=300)
    data = _data(_case_resting_on(relied))

    attack = next(e for s in data["matrix"] for e in s["elements"] if e["links"])
    assert attack["status"] == "proven"
    text = markdown(data)
    assert "Status: supported." in text
    assert "0 contested (evidence both ways)" in text


def test_a_claim_no_source_disputes_is_shown_but_not_called_contested(relied, tmp_path):
    # A second source giving the same figure corroborates it.
    _claim(tmp_path, "Others also say 30,000 were killed.", "same.txt", value_number=30000)
    data = _data(_case_resting_on(relied))

    fact = _link(data)["fact"]
    assert fact["contested"] is False and len(fact["versions"]) == 2
    text = markdown(data)
    assert "  - Rests on the claim, Number of people killed:" in text
    assert "Rests on a **contested fact**" not in text


def test_a_version_a_reviewer_found_contested_makes_the_fact_contested(relied):
    Claim.objects.filter(pk=relied.pk).update(assessment="contested")
    assert _link(_data(_case_resting_on(relied)))["fact"]["contested"] is True


def test_a_version_above_the_readers_level_stays_out_and_marks_the_file(relied, tmp_path):
    secret = _claim(tmp_path, WITNESS, "w.txt", "confidential", value_number=4000)
    case = _case_resting_on(relied)

    full = _data(case)
    assert secret.pk in {v["claim"] for v in _link(full)["fact"]["versions"]}
    assert full["contains_level"] == "confidential"

    restricted = _data(case, "restricted")
    versions = _link(restricted)["fact"]["versions"]
    assert [v["claim"] for v in versions] == [relied.pk]
    assert restricted["contains_level"] == "restricted"
    assert WITNESS not in markdown(restricted)


def test_a_link_resting_on_no_claim_has_no_fact(relied):
    case = make_case()
    make_link(case, "cah.context.attack", relied.excerpts.get())
    assert _link(_data(case))["fact"] is None
