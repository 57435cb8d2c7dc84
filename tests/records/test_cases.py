"""Cases, accused and element links: the catalogue, audited actions, refusals and the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.audit.replay import drift
from khavaran.exports.collect import Reader
from khavaran.records.access import cases_visible_to, element_links_visible_to
from khavaran.records.actions import TooOpen
from khavaran.records.cases import CaseError, LinkSpec, link_element, set_crimes, update_link
from khavaran.records.citations import MissingCitation
from khavaran.records.integrity import audited_records
from khavaran.vocabulary import CRIMES, ELEMENTS, elements_of
from tests.factories import make_case, make_excerpt, make_link, make_person, make_source

pytestmark = pytest.mark.django_db

VIEWER, ANALYST, INVESTIGATOR = Reader("viewer"), Reader("analyst"), Reader("investigator")


def test_the_catalogue_covers_articles_6_7_and_8_and_the_modes_of_liability():
    assert {c.article for c in CRIMES.values()} == {
        "art. 6(a)",
        "art. 6(b)",
        *(f"art. 7(1)({x})" for x in ("a", "b", "e", "f", "h", "i", "k")),
        "art. 7(1)(g)-1",
        "art. 7(1)(g)-6",
        "art. 8(2)(a)(i)",
        "art. 8(2)(a)(ii)-1",
        "art. 8(2)(a)(vi)",
        "art. 8(2)(c)(i)-1",
        "art. 8(2)(c)(i)-4",
        "art. 8(2)(c)(iv)",
    }
    counts = {crime: len(elements_of(crime)) for crime in CRIMES}
    assert counts == {
        "genocide.killing": 4,
        "genocide.harm": 4,
        "cah.rape": 2,
        "cah.sexual_violence": 3,
        "cah.murder": 1,
        "cah.extermination": 2,
        "cah.imprisonment": 3,
        "cah.torture": 3,
        "cah.persecution": 4,
        "cah.disappearance": 6,
        "cah.other_inhumane": 3,
        "war_iac.wilful_killing": 3,
        "war_iac.torture": 4,
        "war_iac.denying_fair_trial": 3,
        "war_niac.murder": 3,
        "war_niac.torture": 4,
        "war_niac.sentencing": 5,
    }
    assert [e.key for e in elements_of("context")] == [
        "cah.context.attack",
        "cah.context.policy",
        "cah.context.knowledge",
    ]
    assert [e.article for e in elements_of("liability")] == [
        "art. 25(3)(a)",
        "art. 25(3)(b)",
        "art. 25(3)(c)",
        "art. 25(3)(d)",
        "art. 28(a)",
        "art. 28(b)",
    ]
    assert ELEMENTS["cah.murder.1"].text == "The perpetrator killed one or more persons."
    assert "custody or under the control" in ELEMENTS["cah.torture.2"].text


@pytest.fixture
def raisi(tmp_path: Path, data_dir: Path):
    return make_person(make_excerpt(make_source(tmp_path)))


def test_every_write_is_audited_with_the_whole_record(tmp_path, raisi):
    excerpt = make_excerpt(make_source(tmp_path, "Raisi sat on the commission.", name="b.txt"))
    case = make_case(raisi)
    link = make_link(case, "cah.murder.1", excerpt, person=raisi, note="member")
    update_link(link, {"strength": "moderate"}, actor="tester", reason="one source only")
    created = AuditEvent.objects.get(model="records.ElementLink", action="create")
    assert created.after["excerpts"] == [excerpt.pk]
    assert created.after["element"] == "cah.murder.1"
    assert AuditEvent.objects.filter(model="records.Accused", action="create").count() == 1
    assert AuditEvent.objects.filter(model="records.Case", action="create").count() == 1
    assert not [d for a in audited_records() for d in drift(a)]


def test_it_refuses_a_link_without_a_citation(raisi):
    case = make_case(raisi)
    with pytest.raises(MissingCitation):
        link_element(LinkSpec(case, "cah.murder.1", "strong", [], person=raisi), actor="t")


def test_it_refuses_an_unknown_element_an_unalleged_crime_and_a_person_not_accused(tmp_path, raisi):
    excerpt = make_excerpt(make_source(tmp_path, "Another passage here.", name="c.txt"))
    case = make_case()
    with pytest.raises(CaseError, match="unknown element"):
        make_link(case, "cah.nonsense", excerpt)
    with pytest.raises(CaseError, match=r"does not allege cah\.torture"):
        make_link(case, "cah.torture.1", excerpt, person=raisi)
    with pytest.raises(CaseError, match="not accused"):
        make_link(case, "cah.murder.1", excerpt, person=raisi)
    with pytest.raises(CaseError, match="say which person"):
        make_link(case, "liability.ordering", excerpt)


def test_a_link_is_at_least_as_protected_as_what_it_cites(tmp_path, raisi):
    secret = make_source(
        tmp_path, "A witness saw it.", name="w.txt", confidentiality="confidential"
    )
    case = make_case(raisi)
    link = make_link(case, "cah.context.attack", make_excerpt(secret), confidentiality="public")
    assert link.confidentiality == "confidential"
    with pytest.raises(TooOpen):
        update_link(link, {"confidentiality": "restricted"}, actor="t", reason="publish")


def test_a_crime_with_links_cannot_be_dropped(tmp_path, raisi):
    case = make_case(raisi)
    make_link(
        case,
        "cah.murder.1",
        make_excerpt(make_source(tmp_path, "x y z", name="d.txt")),
        person=raisi,
    )
    with pytest.raises(CaseError, match=r"delete it before dropping cah\.murder"):
        set_crimes(case, [], actor="t", reason="narrowing")


def test_a_viewer_never_sees_a_restricted_case_nor_a_confidential_link(tmp_path, raisi):
    public = make_excerpt(make_source(tmp_path, "Public report text.", name="p.txt"))
    secret = make_excerpt(
        make_source(tmp_path, "Witness account.", name="s.txt", confidentiality="confidential")
    )
    open_case = make_case(raisi, confidentiality="public", title="open")
    make_link(open_case, "cah.context.attack", public, confidentiality="public")
    make_link(open_case, "cah.context.policy", secret)
    hidden = make_case(raisi, title="work product")
    assert list(cases_visible_to(VIEWER)) == [open_case]
    assert hidden in cases_visible_to(ANALYST)
    assert [k.element for k in element_links_visible_to(VIEWER)] == ["cah.context.attack"]
    assert [k.element for k in element_links_visible_to(ANALYST)] == ["cah.context.attack"]
    assert element_links_visible_to(INVESTIGATOR).count() == 2
    assert cases_visible_to(None).filter(pk=hidden.pk).count() == 0
