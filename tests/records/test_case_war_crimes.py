"""Cases of war crimes (Rome Statute art. 8(2)(a) and (c)): each crime's elements verbatim from
the ICC Elements of Crimes, the armed conflict proven once per family (its nexus for the case,
awareness of it per accused), the protected status an element of each crime, and a case mixing
crimes against humanity and war crimes grouped by article."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.exports.collect import Reader
from khavaran.records.cases import CaseError, set_crimes
from khavaran.records.dossiers import MISSING, PROVEN, case_file
from khavaran.vocabulary import CRIMES, ELEMENTS, FAMILIES, elements_of, groups_pleaded
from tests.factories import make_case, make_link

pytestmark = pytest.mark.django_db

ANALYST = Reader("analyst")
SENTENCING = "war_niac.sentencing"
NIAC = "war_niac.context"
IAC = "war_iac.context"
# The two contextual elements of every war crime (the last two the ICC lists for each).
AWARE = (
    "The perpetrator was aware of factual circumstances that established the existence of an "
    "armed conflict."
)


def _texts(group: str) -> list[str]:
    return [e.text for e in elements_of(group)]


def _groups(cf: Any) -> list[str]:
    return [s.group for s in cf.sections]


def _row(cf: Any, element: str) -> Any:
    return next(r for s in cf.sections for r in s.rows if r.element.key == element)


def test_the_armed_conflict_is_each_familys_context_worded_as_the_icc_words_it():
    assert _texts(IAC) == [
        "The conduct took place in the context of and was associated with an international "
        "armed conflict.",
        AWARE,
    ]
    assert _texts(NIAC) == [
        "The conduct took place in the context of and was associated with an armed conflict "
        "not of an international character.",
        AWARE,
    ]
    # The nexus is the case's; awareness of the conflict is each accused's own.
    assert [e.of_perpetrator for e in elements_of(NIAC)] == [False, True]
    assert [e.concerns_accused for e in elements_of(IAC)] == [False, True]
    assert FAMILIES["war_iac"].article == "art. 8(2)(a)"
    assert FAMILIES["war_niac"].article == "art. 8(2)(c)"


def test_the_grave_breaches_elements_are_the_icc_elements_of_crimes_word_for_word():
    protected = [
        "Such person or persons were protected under one or more of the Geneva Conventions of "
        "1949.",
        "The perpetrator was aware of the factual circumstances that established that protected "
        "status.",
    ]
    assert _texts("war_iac.wilful_killing") == [
        "The perpetrator killed one or more persons.",
        *protected,
    ]
    torture = _texts("war_iac.torture")
    assert torture[0] == (
        "The perpetrator inflicted severe physical or mental pain or suffering upon one or more "
        "persons."
    )
    assert torture[1] == (
        "The perpetrator inflicted the pain or suffering for such purposes as: obtaining "
        "information or a confession, punishment, intimidation or coercion or for any reason "
        "based on discrimination of any kind."
    )
    assert torture[2:] == protected
    assert _texts("war_iac.denying_fair_trial") == [
        "The perpetrator deprived one or more persons of a fair and regular trial by denying "
        "judicial guarantees as defined, in particular, in the third and the fourth Geneva "
        "Conventions of 1949.",
        *protected,
    ]
    assert ELEMENTS["war_iac.torture.4"].article == "art. 8(2)(a)(ii)-1, element 4"


def test_the_common_article_3_crimes_elements_are_the_icc_elements_of_crimes_word_for_word():
    status = (
        "Such person or persons were either hors de combat, or were civilians, medical personnel "
        "or religious personnel taking no active part in the hostilities."
    )
    aware = "The perpetrator was aware of the factual circumstances that established this status."
    murder = _texts("war_niac.murder")
    assert murder[0] == "The perpetrator killed one or more persons."
    # The ICC's own comma, in murder only.
    assert murder[1] == status.replace("medical personnel or", "medical personnel, or")
    assert murder[2] == aware
    assert _texts("war_niac.torture")[2:] == [status, aware]
    assert _texts("war_niac.torture")[:2] == _texts("war_iac.torture")[:2]
    assert _texts(SENTENCING) == [
        "The perpetrator passed sentence or executed one or more persons.",
        status,
        aware,
        "There was no previous judgement pronounced by a court, or the court that rendered "
        "judgement was not “regularly constituted”, that is, it did not afford the essential "
        "guarantees of independence and impartiality, or the court that rendered judgement did "
        "not afford all other judicial guarantees generally recognized as indispensable under "
        "international law.",
        "The perpetrator was aware of the absence of a previous judgement or of the denial of "
        "relevant guarantees and the fact that they are essential or indispensable to a fair "
        "trial.",
    ]
    assert [e.article for e in elements_of(SENTENCING)][4] == "art. 8(2)(c)(iv), element 5"


def test_the_catalogue_keeps_the_statutes_order():
    assert list(FAMILIES) == ["genocide", "cah", "war_iac", "war_niac"]
    war = [k for k in CRIMES if k.startswith("war_")]
    assert war == [
        "war_iac.wilful_killing",
        "war_iac.torture",
        "war_iac.denying_fair_trial",
        "war_niac.murder",
        "war_niac.torture",
        SENTENCING,
    ]
    assert [CRIMES[k].article for k in war] == [
        "art. 8(2)(a)(i)",
        "art. 8(2)(a)(ii)-1",
        "art. 8(2)(a)(vi)",
        "art. 8(2)(c)(i)-1",
        "art. 8(2)(c)(i)-4",
        "art. 8(2)(c)(iv)",
    ]


def test_a_case_of_sentencing_without_due_process_proves_the_conflict_once(raisi, nayyeri, excerpt):
    case = make_case(raisi, nayyeri, crimes=[SENTENCING])
    # The nexus is the case's: linked once, naming no accused and no crime.
    make_link(case, f"{NIAC}.nexus", excerpt, note="the Iran-Iraq war's last weeks")
    with pytest.raises(CaseError) as refused:
        make_link(case, f"{NIAC}.awareness", excerpt)
    assert refused.value.code == "person_required"
    make_link(case, f"{NIAC}.awareness", excerpt, person=raisi)
    make_link(case, f"{SENTENCING}.4", excerpt, person=raisi, note="trials of minutes")
    cf = case_file(ANALYST, case)
    assert _groups(cf) == [NIAC, SENTENCING, "liability"]
    nexus, awareness = _row(cf, f"{NIAC}.nexus"), _row(cf, f"{NIAC}.awareness")
    assert nexus.status == PROVEN and nexus.accused == []
    assert {a.name: a.status for a in awareness.accused} == {
        "Ebrahim Raisi": PROVEN,
        "Hossein-Ali Nayyeri": MISSING,
    }
    court = _row(cf, f"{SENTENCING}.4")
    assert [a.status for a in court.accused] == [PROVEN, MISSING]
    # Each accused's proof holds awareness of the conflict, not the nexus.
    proof = cf.proof_by_accused()
    assert [[part.group for part, _ in p.sections] for p in proof] == [
        [NIAC, SENTENCING, "liability"],
        [NIAC, SENTENCING, "liability"],
    ]
    context = proof[1].sections[0][1]
    assert [e.key for e in context[MISSING]] == [f"{NIAC}.awareness"]
    assert proof[1].count(MISSING) == 1 + 5 + len(elements_of("liability"))


def test_a_case_mixing_crimes_against_humanity_and_war_crimes_is_grouped_by_article(raisi):
    alleged = [SENTENCING, "cah.murder", "war_iac.wilful_killing", "war_niac.murder"]
    cf = case_file(ANALYST, make_case(raisi, crimes=alleged))
    assert _groups(cf) == [
        "context",
        "cah.murder",
        IAC,
        "war_iac.wilful_killing",
        NIAC,
        SENTENCING,
        "war_niac.murder",
        "liability",
    ]
    (proof,) = cf.proof_by_accused()
    liability = [part.crime for part, _ in proof.sections if part.group == "liability"]
    assert liability == ["cah.murder", "war_iac.wilful_killing", SENTENCING, "war_niac.murder"]
    # Each family's context once, whatever the number of its crimes alleged.
    assert [part.group for part, _ in proof.sections].count(NIAC) == 1


def test_a_war_crimes_context_is_refused_for_a_case_alleging_none_of_that_kind(raisi, excerpt):
    case = make_case(raisi, crimes=["cah.murder", "war_iac.torture"])
    with pytest.raises(CaseError) as refused:
        make_link(case, f"{NIAC}.nexus", excerpt)
    assert refused.value.code == "family_not_alleged"
    assert "alleges no war crimes in armed conflict not of an international character" in str(
        refused.value
    )
    with pytest.raises(CaseError) as refused:
        make_link(case, f"{IAC}.nexus", excerpt, crime="war_iac.torture")
    assert refused.value.code == "crime_for_context"


def test_the_last_war_crime_of_a_kind_stays_while_its_conflict_has_links(raisi, excerpt):
    case = make_case(raisi, crimes=[SENTENCING, "war_niac.murder", "cah.murder"])
    make_link(case, f"{NIAC}.nexus", excerpt)
    set_crimes(case, [SENTENCING, "cah.murder"], actor="t", reason="murder pleaded as CAH")
    with pytest.raises(CaseError) as refused:
        set_crimes(case, ["cah.murder"], actor="t", reason="crimes against humanity only")
    assert refused.value.code == "context_has_links"
    assert refused.value.params["family"] == "war_niac"


def test_a_link_to_the_conflict_made_before_the_rule_is_still_shown():
    assert groups_pleaded(["cah.murder"], linked=[f"{IAC}.nexus"]) == [
        "context",
        "cah.murder",
        IAC,
        "liability",
    ]
