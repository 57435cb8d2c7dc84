"""Cases of genocide (Rome Statute art. 6): genocide's own elements, verbatim from the ICC
Elements of Crimes, none of the crimes against humanity's contextual elements, intent proven
per accused, and a case alleging both families grouped by article."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.exports.collect import Reader
from khavaran.records.cases import CaseError, set_crimes
from khavaran.records.dossiers import MISSING, PROVEN, case_file
from khavaran.vocabulary import ELEMENTS, elements_of, groups_pleaded
from tests.factories import make_case, make_link

pytestmark = pytest.mark.django_db

ANALYST = Reader("analyst")
KILLING = "genocide.killing"


def _groups(cf: Any) -> list[str]:
    return [s.group for s in cf.sections]


def _row(cf: Any, element: str) -> Any:
    return next(r for s in cf.sections for r in s.rows if r.element.key == element)


def test_genocides_elements_are_the_icc_elements_of_crimes_word_for_word():
    killing = [e.text for e in elements_of(KILLING)]
    assert killing == [
        "The perpetrator killed one or more persons.",
        "Such person or persons belonged to a particular national, ethnical, racial or "
        "religious group.",
        "The perpetrator intended to destroy, in whole or in part, that national, ethnical, "
        "racial or religious group, as such.",
        "The conduct took place in the context of a manifest pattern of similar conduct "
        "directed against that group or was conduct that could itself effect such destruction.",
    ]
    harm = [e.text for e in elements_of("genocide.harm")]
    assert harm[0] == "The perpetrator caused serious bodily or mental harm to one or more persons."
    assert harm[1:] == killing[1:]
    assert [e.article for e in elements_of("genocide.harm")][2] == "art. 6(b), element 3"
    assert ELEMENTS["cah.rape.1"].text.startswith("The perpetrator invaded the body of a person")
    assert ELEMENTS["cah.sexual_violence.2"].text == (
        "Such conduct was of a gravity comparable to the other offences in article 7, "
        "paragraph 1 (g), of the Statute."
    )


def test_a_case_of_genocide_by_killing_shows_its_four_elements_and_no_cah_context(raisi):
    cf = case_file(ANALYST, make_case(raisi, crimes=[KILLING]))
    assert _groups(cf) == [KILLING, "liability"]
    (genocide,) = [s for s in cf.sections if s.group == KILLING]
    assert genocide.article == "art. 6(a)"
    assert [r.element.key for r in genocide.rows] == [f"{KILLING}.{n}" for n in (1, 2, 3, 4)]
    keys = {r.element.key for s in cf.sections for r in s.rows}
    assert not {k for k in keys if k.startswith("cah.")}
    # Nothing of the attack is asked of the accused either.
    (proof,) = cf.proof_by_accused()
    assert [part.group for part, _ in proof.sections] == [KILLING, "liability"]
    assert proof.count(MISSING) == 4 + len(elements_of("liability"))


def test_the_intent_to_destroy_is_proven_for_each_accused(raisi, nayyeri, excerpt):
    case = make_case(raisi, nayyeri, crimes=[KILLING])
    with pytest.raises(CaseError) as refused:
        make_link(case, f"{KILLING}.3", excerpt)
    assert refused.value.code == "person_required"
    make_link(case, f"{KILLING}.3", excerpt, person=raisi, note="his own words")
    intent = _row(case_file(ANALYST, case), f"{KILLING}.3")
    assert {a.name: a.status for a in intent.accused} == {
        "Ebrahim Raisi": PROVEN,
        "Hossein-Ali Nayyeri": MISSING,
    }
    # One accused's intent proves nothing about the other's: the row is as weak as the weakest.
    assert intent.status == MISSING


def test_a_case_alleging_genocide_and_crimes_against_humanity_shows_both_by_article(raisi):
    case = make_case(raisi, crimes=["cah.murder", KILLING, "cah.rape"])
    cf = case_file(ANALYST, case)
    assert _groups(cf) == [KILLING, "context", "cah.murder", "cah.rape", "liability"]
    (proof,) = cf.proof_by_accused()
    liability = [part.crime for part, _ in proof.sections if part.group == "liability"]
    assert liability == [KILLING, "cah.murder", "cah.rape"]
    assert "context" in [part.group for part, _ in proof.sections]


def test_a_genocide_element_is_refused_for_a_case_that_does_not_allege_genocide(raisi, excerpt):
    case = make_case(raisi, crimes=["cah.murder"])
    with pytest.raises(CaseError) as refused:
        make_link(case, f"{KILLING}.1", excerpt, person=raisi)
    assert refused.value.code == "not_alleged" and refused.value.params["crime"] == KILLING


def test_the_attack_is_refused_for_a_case_of_genocide_alone(raisi, excerpt):
    case = make_case(raisi, crimes=[KILLING])
    with pytest.raises(CaseError) as refused:
        make_link(case, "cah.context.attack", excerpt)
    assert refused.value.code == "family_not_alleged"
    assert "alleges no crimes against humanity (art. 7)" in str(refused.value)


def test_the_last_crime_against_humanity_stays_while_the_attack_has_links(raisi, excerpt):
    case = make_case(raisi, crimes=["cah.murder", "cah.torture", KILLING])
    make_link(case, "cah.context.attack", excerpt)
    # Another crime against humanity still needs the attack: dropping one is fine.
    set_crimes(case, ["cah.murder", KILLING], actor="t", reason="torture not documented")
    with pytest.raises(CaseError) as refused:
        set_crimes(case, [KILLING], actor="t", reason="genocide only")
    assert refused.value.code == "context_has_links"
    assert refused.value.params["family"] == "cah"


def test_a_link_to_the_attack_made_before_the_rule_is_still_shown():
    # Such a link, on a case alleging no crime against humanity, is not hidden from the matrix.
    assert groups_pleaded([KILLING], linked=["cah.context.attack"]) == [
        KILLING,
        "context",
        "liability",
    ]
    assert groups_pleaded([]) == ["liability"]
