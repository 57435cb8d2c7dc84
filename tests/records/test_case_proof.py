"""Cases: what a link may reveal (the tenure it rests on), links on withdrawn records,
contradicting evidence, proof per accused, the Statute's wording and the case file's quotes."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.exports.casefile import case_file_data
from khavaran.exports.casefile_md import cites, markdown
from khavaran.exports.collect import Reader
from khavaran.records.access import element_links_visible_to
from khavaran.records.actions import (
    create_organization,
    get_or_create_post,
    record_tenure,
    soft_delete,
    update_record,
)
from khavaran.records.cases import CaseError, delete_link, set_crimes, withdraw_accused
from khavaran.records.dossiers import (
    CONTESTED,
    MISSING,
    PROVEN,
    case_file,
    withdrawn_record,
)
from khavaran.vocabulary import ELEMENTS
from tests.factories import (
    make_case,
    make_claim,
    make_excerpt,
    make_link,
    make_person,
    make_source,
)

pytestmark = pytest.mark.django_db

ANALYST, INVESTIGATOR = Reader("analyst"), Reader("investigator")


def _tenure(person: Any, excerpt: Any, *, post_level: str = "public", org_level: str = "public"):
    org = create_organization("Death commission", actor="t", confidentiality=org_level)
    post = get_or_create_post("Secret member", org, actor="t")
    if post_level != "public":
        post = update_record(post, {"confidentiality": post_level}, actor="t", reason="protect")
    return record_tenure(person, post, excerpts=[excerpt], actor="t")


@pytest.mark.parametrize(
    ("post_level", "org_level"), [("confidential", "public"), ("public", "confidential")]
)
def test_a_link_on_a_confidential_post_is_as_protected_as_it(raisi, excerpt, post_level, org_level):
    tenure = _tenure(raisi, excerpt, post_level=post_level, org_level=org_level)
    case = make_case(raisi)
    link = make_link(
        case, "liability.ordering", excerpt, person=raisi, crime="cah.murder", tenure=tenure
    )
    assert link.confidentiality == "confidential"
    assert not element_links_visible_to(ANALYST).filter(pk=link.pk).exists()
    assert element_links_visible_to(INVESTIGATOR).filter(pk=link.pk).exists()


def test_a_post_made_confidential_later_hides_the_links_resting_on_it(raisi, excerpt):
    tenure = _tenure(raisi, excerpt)
    case = make_case(raisi)
    link = make_link(
        case, "liability.ordering", excerpt, person=raisi, crime="cah.murder", tenure=tenure
    )
    assert element_links_visible_to(ANALYST).filter(pk=link.pk).exists()
    update_record(tenure.post, {"confidentiality": "confidential"}, actor="t", reason="protect")
    assert not element_links_visible_to(ANALYST).filter(pk=link.pk).exists()
    data = case_file_data(case_file(ANALYST, case), ANALYST)
    assert tenure.pk not in [
        k["tenure"] for s in data["matrix"] for e in s["elements"] for k in e["links"]
    ]
    assert "Secret member" not in markdown(data)


def test_a_link_on_a_withdrawn_claim_is_shown_proves_nothing_and_can_be_deleted(raisi, excerpt):
    claim = make_claim(excerpt)
    case = make_case(raisi)
    link = make_link(case, "cah.murder.1", excerpt, person=raisi, claim=claim)
    soft_delete(claim, actor="t", reason="retracted by its source")
    found = element_links_visible_to(ANALYST).get(pk=link.pk)
    assert withdrawn_record(found) == "claim"
    cf = case_file(ANALYST, case)
    murder = next(r for s in cf.sections for r in s.rows if r.element.key == "cah.murder.1")
    assert [k.pk for k in murder.links] == [link.pk] and murder.status == MISSING
    data = case_file_data(cf, ANALYST)
    assert "rests on a withdrawn claim" in markdown(data)
    with pytest.raises(CaseError, match=f"link {link.pk}"):
        set_crimes(case, [], actor="t", reason="narrowing", reader=INVESTIGATOR)
    delete_link(found, actor="t", reason="its claim was withdrawn")
    set_crimes(case, [], actor="t", reason="narrowing", reader=INVESTIGATOR)


def test_a_refusal_never_names_a_link_its_reader_cannot_reach(tmp_path, raisi):
    secret = make_excerpt(
        make_source(tmp_path, "A witness account.", name="w.txt", confidentiality="confidential")
    )
    case = make_case(raisi)
    hidden = make_link(case, "cah.murder.1", secret, person=raisi)
    with pytest.raises(CaseError) as refused:
        set_crimes(case, [], actor="t", reason="narrowing", reader=ANALYST)
    assert f"link {hidden.pk}" not in str(refused.value) and "may not read" in str(refused.value)
    with pytest.raises(CaseError) as refused:
        withdraw_accused(case, raisi, actor="t", reason="r", reader=ANALYST)
    assert f"link {hidden.pk}" not in str(refused.value)


def test_contradicting_evidence_does_not_prove_an_element(tmp_path, raisi, excerpt):
    other = make_excerpt(make_source(tmp_path, "He was abroad then.", name="o.txt"))
    case = make_case(raisi)
    make_link(case, "cah.murder.1", excerpt, person=raisi, strength="contradicts")
    cf = case_file(ANALYST, case)
    murder = next(s for s in cf.sections if s.group == "cah.murder")
    assert murder.rows[0].status == MISSING and murder.gaps == 1
    assert "0 of 1 elements supported" in markdown(case_file_data(cf, ANALYST))
    make_link(case, "cah.murder.1", other, person=raisi, strength="strong")
    murder = next(s for s in case_file(ANALYST, case).sections if s.group == "cah.murder")
    assert murder.rows[0].status == CONTESTED and murder.contested == 1 and murder.gaps == 0


def test_one_accused_evidence_does_not_fill_another_accused_gap(tmp_path, raisi, excerpt):
    other = make_person(
        make_excerpt(make_source(tmp_path, "Nayyeri chaired it.", name="n.txt")),
        "Hossein-Ali Nayyeri",
    )
    case = make_case(raisi, other)
    make_link(case, "cah.murder.1", excerpt, person=raisi)
    make_link(case, "cah.context.attack", excerpt)
    cf = case_file(ANALYST, case)
    murder = next(s for s in cf.sections if s.group == "cah.murder").rows[0]
    assert {a.name: a.status for a in murder.accused} == {
        "Ebrahim Raisi": PROVEN,
        "Hossein-Ali Nayyeri": MISSING,
    }
    assert murder.status == MISSING
    context = next(s for s in cf.sections if s.group == "context").rows[0]
    assert context.status == PROVEN and context.accused == []
    proof = {p.name: {part.group: by for part, by in p.sections} for p in cf.proof_by_accused()}
    assert [e.key for e in proof["Hossein-Ali Nayyeri"]["cah.murder"][MISSING]] == ["cah.murder.1"]
    assert [e.key for e in proof["Ebrahim Raisi"]["cah.murder"][PROVEN]] == ["cah.murder.1"]
    text = markdown(case_file_data(cf, ANALYST))
    assert "## Proof per accused" in text and "Hossein-Ali Nayyeri: no supporting evidence" in text


def test_a_weak_link_supports_an_element_and_the_file_never_calls_it_proof(raisi, excerpt):
    case = make_case(raisi)
    make_link(case, "cah.murder.1", excerpt, person=raisi, strength="weak")
    text = markdown(case_file_data(case_file(INVESTIGATOR, case), INVESTIGATOR))
    assert "Ebrahim Raisi: supported" in text and "**Weak**" in text
    assert "Statuses describe the evidence linked, not proof" in text
    assert "proven" not in text.lower().replace("unproven", "")


def test_a_file_below_the_top_level_says_its_statuses_rest_on_its_evidence_alone(
    tmp_path, raisi, excerpt
):
    # The confidential evidence against is not named; that there may be some is said.
    secret = make_excerpt(
        make_source(tmp_path, "He was abroad.", name="s.txt", confidentiality="confidential")
    )
    case = make_case(raisi)
    make_link(case, "cah.murder.1", excerpt, person=raisi, strength="strong")
    make_link(
        case,
        "cah.murder.1",
        secret,
        person=raisi,
        strength="contradicts",
        confidentiality="confidential",
    )
    full = markdown(case_file_data(case_file(Reader("admin"), case), Reader("admin")))
    partial = markdown(case_file_data(case_file(ANALYST, case), ANALYST))
    assert "Ebrahim Raisi: contested" in full and "computed from that evidence alone" not in full
    assert "Ebrahim Raisi: supported" in partial
    assert "at the restricted level may see: its statuses are computed" in partial


def test_an_element_contested_for_one_accused_is_counted_as_contested(tmp_path, raisi, excerpt):
    other = make_person(
        make_excerpt(make_source(tmp_path, "Nayyeri chaired it.", name="n.txt")),
        "Hossein-Ali Nayyeri",
    )
    against = make_excerpt(make_source(tmp_path, "Nayyeri was away.", name="a.txt"))
    case = make_case(raisi, other)
    make_link(case, "cah.murder.1", excerpt, person=other)
    make_link(case, "cah.murder.1", against, person=other, strength="contradicts")
    murder = next(s for s in case_file(ANALYST, case).sections if s.group == "cah.murder")
    assert murder.rows[0].status == MISSING  # the weakest: Raisi has none
    assert murder.contested == 1 and murder.gaps == 1
    text = markdown(case_file_data(case_file(ANALYST, case), ANALYST))
    assert "0 of 1 elements supported for every accused, 1 contested" in text


def test_a_dossier_date_keeps_the_witness_words_and_a_one_year_span_is_written_once(raisi, excerpt):
    from datetime import date

    from khavaran.records.actions import save_fuzzy_date

    def mordad() -> Any:
        # Filed under the year, as the witness's "Mordad 1367" was imported.
        return save_fuzzy_date(
            date(1988, 1, 1), date(1988, 12, 31), original="مرداد ۱۳۶۷", calendar="solar-hijri",
            precision="year",
        )  # fmt: skip

    org = create_organization("Death commission", actor="t")
    post = get_or_create_post("Member", org, actor="t")
    record_tenure(raisi, post, excerpts=[excerpt], actor="t", start=mordad(), end=mordad())
    case = make_case(raisi)
    text = markdown(case_file_data(case_file(INVESTIGATOR, case), INVESTIGATOR))
    (line,) = [line for line in text.splitlines() if "Member" in line and "1988" in line]
    assert "as written: “مرداد ۱۳۶۷”" in line
    assert " – " not in line  # the same year, once


def test_each_citation_says_where_its_quote_is_in_the_sources_text(raisi, excerpt):
    case = make_case(raisi)
    make_link(case, "cah.murder.1", excerpt, person=raisi)
    data = case_file_data(case_file(INVESTIGATOR, case), INVESTIGATOR)
    (link,) = [k for s in data["matrix"] for e in s["elements"] for k in e["links"]]
    (cited,) = link["citations"]
    source = excerpt.source
    assert source.text[cited["start"] : cited["end"]] == cited["quoted_text"]
    (listed,) = data["sources"]
    assert listed["text_method"].startswith(source.text_method)
    text = markdown(data)
    assert f"(characters {cited['start']}–{cited['end']})" in text
    assert f"text read with {listed['text_method']}" in text


def test_articles_25_3_d_and_28_are_the_statutes_words():
    assert ELEMENTS["liability.command"].text.startswith(
        "A military commander or person effectively acting as a military commander shall be "
        "criminally responsible"
    )
    assert ELEMENTS["liability.command"].text.endswith(
        "to submit the matter to the competent authorities for investigation and prosecution."
    )
    assert "(iii) The superior failed to take all necessary" in ELEMENTS["liability.superior"].text
    assert "Such contribution shall be intentional and shall either: (i) Be made" in (
        ELEMENTS["liability.common_purpose"].text
    )


def test_quotes_under_a_fact_follow_the_citation_numbers():
    citations = [{"n": n, "quoted_text": f"q{n}", "page": ""} for n in (1, 4, 3)]
    assert [line.split("]")[0][-1] for line in cites(citations)] == ["1", "3", "4"]
