"""Cases: a mode of liability is pleaded per crime ("ordered the murders"), and knowledge of
the attack is each accused's; both audited, compared by `verify`, shown per accused in the
matrix, the proof per accused and the case file."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.audit.replay import drift
from khavaran.exports.casefile import case_file_data
from khavaran.exports.casefile_md import markdown
from khavaran.exports.collect import Reader
from khavaran.records.cases import CaseError, set_crimes
from khavaran.records.dossiers import MISSING, PROVEN, case_file, dossier, lacks
from khavaran.records.integrity import audited_records
from khavaran.records.models import ElementLink
from tests.factories import make_case, make_link

pytestmark = pytest.mark.django_db

ANALYST = Reader("analyst")
MURDER_AND_IMPRISONMENT = ("cah.murder", "cah.imprisonment")


def _row(cf: Any, element: str) -> Any:
    return next(r for s in cf.sections for r in s.rows if r.element.key == element)


def _statuses(row: Any) -> dict[tuple[str, str], str]:
    return {(a.name, a.crime): a.status for a in row.accused}


def test_a_mode_of_liability_is_linked_for_one_crime_alleged(raisi, excerpt):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    link = make_link(case, "liability.ordering", excerpt, person=raisi, crime="cah.murder")
    assert ElementLink.objects.get(pk=link.pk).crime == "cah.murder"
    created = AuditEvent.objects.get(model="records.ElementLink", action="create")
    assert created.after["crime"] == "cah.murder"
    assert not [d for a in audited_records() for d in drift(a)]


def test_an_element_of_a_crime_is_linked_for_its_own_crime(raisi, excerpt):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    assert make_link(case, "cah.murder.1", excerpt, person=raisi).crime == "cah.murder"
    assert make_link(case, "cah.context.attack", excerpt).crime == ""


@pytest.mark.parametrize(
    ("element", "crime", "code"),
    [
        ("liability.ordering", "", "crime_required"),
        ("liability.ordering", "cah.torture", "not_alleged"),
        ("liability.ordering", "cah.genocide", "unknown_crime"),
        ("cah.murder.1", "cah.imprisonment", "crime_mismatch"),
        ("cah.context.attack", "cah.murder", "crime_for_context"),
    ],
)
def test_it_refuses_a_link_that_names_no_crime_or_the_wrong_one(
    raisi, excerpt, element, crime, code
):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    with pytest.raises(CaseError) as refused:
        make_link(case, element, excerpt, person=raisi, crime=crime)
    assert refused.value.code == code
    assert "\n" not in str(refused.value)
    assert not ElementLink.objects.exists()


def test_the_refusal_of_a_missing_crime_names_the_flag_and_the_crimes_alleged(raisi, excerpt):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    with pytest.raises(CaseError, match=r"--crime; case \d+ alleges: cah.murder, cah.impris"):
        make_link(case, "liability.aiding", excerpt, person=raisi)


def test_liability_for_one_crime_proves_nothing_about_another(raisi, nayyeri, excerpt):
    case = make_case(raisi, nayyeri, crimes=MURDER_AND_IMPRISONMENT)
    make_link(case, "liability.ordering", excerpt, person=raisi, crime="cah.murder")
    cf = case_file(ANALYST, case)
    assert _statuses(_row(cf, "liability.ordering")) == {
        ("Ebrahim Raisi", "cah.murder"): PROVEN,
        ("Ebrahim Raisi", "cah.imprisonment"): MISSING,
        ("Hossein-Ali Nayyeri", "cah.murder"): MISSING,
        ("Hossein-Ali Nayyeri", "cah.imprisonment"): MISSING,
    }
    proof = {p.name: p.sections for p in cf.proof_by_accused()}
    liability = {
        part.crime: [e.key for e in by[PROVEN]]
        for part, by in proof["Ebrahim Raisi"]
        if part.group == "liability"
    }
    assert liability == {"cah.murder": ["liability.ordering"], "cah.imprisonment": []}


def test_the_case_file_says_which_crime_a_mode_of_liability_concerns(raisi, excerpt):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    make_link(case, "liability.ordering", excerpt, person=raisi, crime="cah.murder")
    data = case_file_data(case_file(ANALYST, case), ANALYST)
    liability = next(s for s in data["matrix"] if s["group"] == "liability")
    ordering = next(e for e in liability["elements"] if e["element"] == "liability.ordering")
    assert [k["crime"] for k in ordering["links"]] == ["cah.murder"]
    assert {(a["crime"], a["status"]) for a in ordering["accused"]} == {
        ("cah.murder", "proven"),
        ("cah.imprisonment", "missing"),
    }
    groups = data["proof_by_accused"][0]["groups"]
    assert {"group": "liability", "crime": "cah.murder"}.items() <= groups[-2].items()
    assert groups[-2]["proven"] == ["liability.ordering"]
    text = markdown(data)
    assert "**Strong** — concerns Ebrahim Raisi, for murder" in text
    assert (
        "Ebrahim Raisi: supported for murder; "
        "Ebrahim Raisi: no supporting evidence for imprisonment" in text
    )
    assert "- Modes of liability for murder (arts. 25(3), 28):" in text


def test_a_crime_cannot_be_dropped_while_a_mode_of_liability_is_linked_for_it(raisi, excerpt):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    link = make_link(case, "liability.aiding", excerpt, person=raisi, crime="cah.imprisonment")
    with pytest.raises(CaseError, match=rf"link {link.pk} .* before dropping cah\.imprisonment"):
        set_crimes(case, ["cah.murder"], actor="t", reason="narrowing")
    set_crimes(case, MURDER_AND_IMPRISONMENT, actor="t", reason="no change to the crimes")


def test_verify_finds_a_links_crime_changed_behind_the_log(raisi, excerpt):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    link = make_link(case, "liability.ordering", excerpt, person=raisi, crime="cah.murder")
    ElementLink.objects.filter(pk=link.pk).update(crime="cah.imprisonment")
    found = [d for a in audited_records() for d in drift(a)]
    assert [(d.model, d.object_id) for d in found] == [("records.ElementLink", str(link.pk))]
    assert "crime differs" in found[0].message


def test_a_mode_of_liability_linked_without_a_crime_proves_nothing(raisi, excerpt):
    """A link made before the crime was recorded (its row has none) is shown, marked, and
    counts for no crime."""
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    link = make_link(case, "liability.ordering", excerpt, person=raisi, crime="cah.murder")
    ElementLink.objects.filter(pk=link.pk).update(crime="")
    cf = case_file(ANALYST, case)
    row = _row(cf, "liability.ordering")
    assert [k.pk for k in row.links] == [link.pk] and lacks(row.links[0]) == "crime"
    assert set(_statuses(row).values()) == {MISSING}
    assert "names no crime alleged: it proves nothing" in markdown(case_file_data(cf, ANALYST))


def test_knowledge_of_the_attack_names_the_accused_who_knew(raisi, excerpt):
    case = make_case(raisi)
    with pytest.raises(CaseError) as refused:
        make_link(case, "cah.context.knowledge", excerpt)
    assert refused.value.code == "person_required"
    make_link(case, "cah.context.attack", excerpt)
    assert make_link(case, "cah.context.knowledge", excerpt, person=raisi).person == raisi


def test_knowledge_of_the_attack_is_proven_per_accused_and_the_attack_per_case(
    raisi, nayyeri, excerpt
):
    case = make_case(raisi, nayyeri)
    make_link(case, "cah.context.attack", excerpt)
    make_link(case, "cah.context.knowledge", excerpt, person=raisi)
    cf = case_file(ANALYST, case)
    attack, knowledge = _row(cf, "cah.context.attack"), _row(cf, "cah.context.knowledge")
    assert attack.accused == [] and attack.status == PROVEN
    assert _statuses(knowledge) == {
        ("Ebrahim Raisi", ""): PROVEN,
        ("Hossein-Ali Nayyeri", ""): MISSING,
    }
    assert knowledge.status == MISSING
    proof = {p.name: dict(p.sections) for p in cf.proof_by_accused()}
    context = next(
        by for part, by in proof["Hossein-Ali Nayyeri"].items() if part.group == "context"
    )
    assert [e.key for e in context[MISSING]] == ["cah.context.knowledge"]
    assert [e.key for e in context[PROVEN]] == []
    text = markdown(case_file_data(cf, ANALYST))
    assert "Ebrahim Raisi: supported; Hossein-Ali Nayyeri: no supporting evidence" in text


def test_a_knowledge_link_that_names_no_accused_proves_nothing(raisi, excerpt):
    case = make_case(raisi)
    link = make_link(case, "cah.context.knowledge", excerpt, person=raisi)
    ElementLink.objects.filter(pk=link.pk).update(person=None)
    row = _row(case_file(ANALYST, case), "cah.context.knowledge")
    assert lacks(row.links[0]) == "person" and row.status == MISSING


def test_the_dossier_keeps_each_mode_of_liability_with_its_crime(raisi, excerpt):
    case = make_case(raisi, crimes=MURDER_AND_IMPRISONMENT)
    make_link(case, "liability.ordering", excerpt, person=raisi, crime="cah.imprisonment")
    (element, links), *_ = dossier(ANALYST, raisi).links_by_element()
    assert element.key == "liability.ordering"
    assert [k.crime for k in links] == ["cah.imprisonment"]
