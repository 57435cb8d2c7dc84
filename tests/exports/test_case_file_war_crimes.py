"""The case file of a case alleging war crimes (art. 8(2)(a) and (c)): each family's contextual
elements once, under their own heading and article, the crime's elements with theirs, in
Markdown, HTML and JSON, and a case mixing crimes against humanity and war crimes by article."""

from __future__ import annotations

import pytest

from khavaran.exports.casefile import case_file_data, render_case_file
from khavaran.exports.collect import Reader
from khavaran.records.dossiers import case_file
from tests.factories import make_case, make_link

pytestmark = pytest.mark.django_db

ANALYST = Reader("analyst")
SENTENCING = "war_niac.sentencing"
NIAC_TITLE = (
    "### War crimes in armed conflict not of an international character: contextual elements "
    "(art. 8(2)(c))"
)


def test_the_case_file_shows_the_armed_conflict_once_and_awareness_per_accused(raisi, excerpt):
    case = make_case(raisi, crimes=[SENTENCING, "war_niac.murder"])
    make_link(case, "war_niac.context.nexus", excerpt, note="during the Iran-Iraq war")
    make_link(case, "war_niac.context.awareness", excerpt, person=raisi)
    text = render_case_file(case_file(ANALYST, case), "md", reader=ANALYST)
    assert text.count(NIAC_TITLE) == 1
    assert "- War crime of sentencing or execution without due process (art. 8(2)(c)(iv))" in text
    assert "### War crime of sentencing or execution without due process (art. 8(2)(c)(iv))" in text
    nexus = text.split("`war_niac.context.nexus`, art. 8(2)(c)")[1].split("####")[0]
    assert "Status: supported." in nexus and "Status per accused" not in nexus
    awareness = text.split("`war_niac.context.awareness`, art. 8(2)(c)")[1].split("####")[0]
    assert "Status per accused — Ebrahim Raisi: supported." in awareness
    court = text.split("`war_niac.sentencing.4`, art. 8(2)(c)(iv), element 4")[1]
    assert "the court that rendered judgement was not “regularly constituted”" in court
    assert "cah.context" not in text and "Crimes against humanity" not in text
    page = render_case_file(case_file(ANALYST, case), "html", reader=ANALYST)
    assert "contextual elements (art. 8(2)(c))" in page


def test_the_json_case_file_names_each_war_crime_sections_family(raisi):
    case = make_case(raisi, crimes=[SENTENCING, "cah.murder", "war_iac.denying_fair_trial"])
    data = case_file_data(case_file(ANALYST, case), ANALYST)
    sections = [(s["group"], s["family"], s["article"]) for s in data["matrix"]]
    assert sections == [
        ("context", "cah", ""),
        ("cah.murder", "cah", "art. 7(1)(a)"),
        ("war_iac.context", "war_iac", ""),
        ("war_iac.denying_fair_trial", "war_iac", "art. 8(2)(a)(vi)"),
        ("war_niac.context", "war_niac", ""),
        (SENTENCING, "war_niac", "art. 8(2)(c)(iv)"),
        ("liability", "", ""),
    ]
    assert data["case"]["crimes"][0] == {
        "crime": SENTENCING,
        "article": "art. 8(2)(c)(iv)",
        "family": "war_niac",
    }
    groups = [g["group"] for g in data["proof_by_accused"][0]["groups"]]
    assert groups[:6] == [
        "context",
        "cah.murder",
        "war_iac.context",
        "war_iac.denying_fair_trial",
        "war_niac.context",
        SENTENCING,
    ]


def test_a_mixed_case_file_reads_crimes_against_humanity_first_then_war_crimes(raisi):
    case = make_case(raisi, crimes=[SENTENCING, "war_iac.wilful_killing", "cah.murder"])
    text = render_case_file(case_file(ANALYST, case), "md", reader=ANALYST)
    headings = [
        "### Crimes against humanity: contextual elements (art. 7(1), 7(2)(a))",
        "### Murder (art. 7(1)(a))",
        "### War crimes in international armed conflict: contextual elements (art. 8(2)(a))",
        "### War crime of wilful killing (art. 8(2)(a)(i))",
        NIAC_TITLE,
        "### War crime of sentencing or execution without due process (art. 8(2)(c)(iv))",
        "### Modes of liability (arts. 25(3), 28)",
    ]
    at = [text.index(h) for h in headings]
    assert at == sorted(at)
    summary = text.split("Crimes alleged:")[1].split("Accused:")[0]
    assert summary.index("Murder") < summary.index("wilful killing") < summary.index("sentencing")
    # The armed conflict's nexus is the case's: its count is not "for every accused".
    assert "0 of 2 elements supported, 0 contested" in text.split(NIAC_TITLE)[1]
