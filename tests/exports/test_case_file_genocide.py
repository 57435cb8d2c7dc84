"""The case file of a case alleging genocide (art. 6): genocide's elements with their article,
in Markdown, HTML and JSON, no contextual elements of crimes against humanity, and a case
alleging both families grouped by article."""

from __future__ import annotations

import pytest

from khavaran.exports.casefile import case_file_data, render_case_file
from khavaran.exports.collect import Reader
from khavaran.records.dossiers import case_file
from tests.factories import make_case, make_link

pytestmark = pytest.mark.django_db

ANALYST = Reader("analyst")
KILLING = "genocide.killing"


def test_the_case_file_lists_genocides_elements_with_their_article(raisi, excerpt):
    case = make_case(raisi, crimes=[KILLING])
    make_link(case, f"{KILLING}.3", excerpt, person=raisi, note="sat on the commission")
    text = render_case_file(case_file(ANALYST, case), "md", reader=ANALYST)
    assert "- Genocide by killing (art. 6(a))" in text
    assert "### Genocide by killing (art. 6(a))" in text
    for n, label in enumerate(
        (
            "Killed one or more persons",
            "Victims belonged to a national, ethnical, racial or religious group",
            "Intent to destroy the group, in whole or in part",
            "Manifest pattern of similar conduct, or conduct itself destructive",
        ),
        start=1,
    ):
        assert f"#### {label} — `{KILLING}.{n}`, art. 6(a), element {n}" in text
    intent = text.split(f"`{KILLING}.3`")[1].split("####")[0]
    assert "Status per accused — Ebrahim Raisi: supported." in intent
    assert "contextual elements" not in text.lower() and "cah.context" not in text
    page = render_case_file(case_file(ANALYST, case), "html", reader=ANALYST)
    assert "Genocide by killing (art. 6(a))" in page and "cah.context" not in page


def test_the_json_case_file_names_each_sections_family(raisi):
    case = make_case(raisi, crimes=["cah.murder", KILLING])
    data = case_file_data(case_file(ANALYST, case), ANALYST)
    sections = [(s["group"], s["family"], s["article"]) for s in data["matrix"]]
    assert sections == [
        (KILLING, "genocide", "art. 6(a)"),
        ("context", "cah", ""),
        ("cah.murder", "cah", "art. 7(1)(a)"),
        ("liability", "", ""),
    ]
    assert data["case"]["crimes"] == [
        {"crime": "cah.murder", "article": "art. 7(1)(a)", "family": "cah"},
        {"crime": KILLING, "article": "art. 6(a)", "family": "genocide"},
    ]
    groups = [(g["group"], g["crime"]) for g in data["proof_by_accused"][0]["groups"]]
    assert groups[:3] == [(KILLING, ""), ("context", ""), ("cah.murder", "")]


def test_a_mixed_case_file_reads_genocide_first_then_crimes_against_humanity(raisi):
    case = make_case(raisi, crimes=["cah.murder", KILLING])
    text = render_case_file(case_file(ANALYST, case), "md", reader=ANALYST)
    headings = [
        "### Genocide by killing (art. 6(a))",
        "### Crimes against humanity: contextual elements (art. 7(1), 7(2)(a))",
        "### Murder (art. 7(1)(a))",
        "### Modes of liability (arts. 25(3), 28)",
    ]
    at = [text.index(h) for h in headings]
    assert at == sorted(at)
    summary = text.split("Crimes alleged:")[1].split("Accused:")[0]
    assert summary.index("Genocide by killing") < summary.index("Murder")
