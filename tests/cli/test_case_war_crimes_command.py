"""`khavaran case` with war crimes (art. 8(2)(a) and (c)): the catalogue lists them after the
crimes against humanity, `show` names each family before its sections with its armed conflict
once and heads the modes of liability apart, and awareness of the conflict asks which accused in
one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(tmp_path: Path, data_dir: Path):
    public = make_excerpt(make_source(tmp_path, "Raisi sat on the commission in 1988."))
    return {"public": public, "person": make_person(public)}


def test_the_catalogue_lists_the_war_crimes_and_their_elements_by_article(khavaran):
    listed = khavaran("case", "elements").output
    for line in (
        "war_iac.wilful_killing\tart. 8(2)(a)(i)\tWar crime of wilful killing (crime)",
        "war_iac.denying_fair_trial\tart. 8(2)(a)(vi)\tWar crime of denying a fair trial (crime)",
        "war_niac.sentencing\tart. 8(2)(c)(iv)\t"
        "War crime of sentencing or execution without due process (crime)",
        "war_niac.context.nexus\tart. 8(2)(c)\tIn the context of and associated with an armed "
        "conflict not of an international character",
        "war_iac.context.awareness\tart. 8(2)(a)\tAware of the existence of an armed conflict",
        "war_iac.torture.2\tart. 8(2)(a)(ii)-1, element 2\tFor a prohibited purpose",
        "war_niac.sentencing.4\tart. 8(2)(c)(iv), element 4\t",
    ):
        assert line in listed
    # The Statute's order: art. 6, 7, then 8; the modes of liability last.
    order = [
        listed.index(k)
        for k in ("genocide.killing.1", "cah.murder.1", "war_iac.context", "war_niac.context")
    ]
    assert order == sorted(order) and order[-1] < listed.index("liability.commission")


def test_show_names_each_family_and_its_armed_conflict_once(khavaran, evidence):
    person = evidence["person"]
    crimes = ("--crime", "war_niac.sentencing", "--crime", "cah.murder", "--crime")
    added = khavaran("case", "add", "T", *crimes, "war_iac.wilful_killing")
    case_id = added.output.strip()
    khavaran("case", "accuse", case_id, str(person.pk))
    args = ("--excerpt", str(evidence["public"].pk), "--strength", "weak")
    linked = khavaran("case", "link", case_id, "war_niac.context.awareness", *args)
    assert linked.exit_code == 1 and "say which person (--person)" in linked.output
    assert "Traceback" not in linked.output
    linked = khavaran(
        "case", "link", case_id, "war_niac.context.awareness", *args, "--person", str(person.pk)
    )
    assert linked.exit_code == 0, linked.output
    assert khavaran("case", "link", case_id, "war_niac.context.nexus", *args).exit_code == 0
    shown = khavaran("case", "show", case_id).output
    assert (
        "crimes alleged: cah.murder (art. 7(1)(a)), war_iac.wilful_killing (art. 8(2)(a)(i)), "
        "war_niac.sentencing (art. 8(2)(c)(iv))"
    ) in shown
    lines = shown.splitlines()
    at = [
        lines.index(line)
        for line in (
            "Crimes against humanity (art. 7)",
            "context: 3 of 3 elements without supporting evidence, 0 contested",
            "War crimes in international armed conflict (art. 8(2)(a))",
            "war_iac.context: 2 of 2 elements without supporting evidence, 0 contested",
            "war_iac.wilful_killing: 3 of 3 elements without supporting evidence, 0 contested",
            "War crimes in armed conflict not of an international character (art. 8(2)(c))",
            "war_niac.context: 0 of 2 elements without supporting evidence, 0 contested",
            "war_niac.sentencing: 5 of 5 elements without supporting evidence, 0 contested",
        )
    ]
    assert at == sorted(at)
    assert sum(1 for line in lines if line.startswith("war_niac.context:")) == 1
    awareness = next(line for line in lines if "war_niac.context.awareness" in line)
    assert "Ebrahim Raisi: supported" in awareness


def test_the_armed_conflict_is_refused_in_one_line_for_a_case_without_war_crimes(
    khavaran, evidence
):
    case_id = khavaran("case", "add", "T", "--crime", "cah.murder").output.strip()
    args = ("--excerpt", str(evidence["public"].pk), "--strength", "weak")
    refused = khavaran("case", "link", case_id, "war_iac.context.nexus", *args)
    assert refused.exit_code == 1
    assert refused.output.startswith(
        f"Error: case {case_id} alleges no war crimes in international armed conflict "
        "(art. 8(2)(a))"
    )
    assert "Traceback" not in refused.output
    shown = khavaran("case", "show", case_id).output
    assert "war_iac" not in shown and "War crimes" not in shown


def test_show_heads_the_modes_of_liability_apart_from_the_last_family(khavaran, evidence):
    crimes = ("--crime", "war_iac.wilful_killing", "--crime", "war_niac.sentencing")
    case_id = khavaran("case", "add", "T", *crimes).output.strip()
    lines = khavaran("case", "show", case_id).output.splitlines()
    niac = lines.index(
        "War crimes in armed conflict not of an international character (art. 8(2)(c))"
    )
    heading = lines.index("Modes of liability (arts. 25(3), 28)")
    liability = next(n for n, line in enumerate(lines) if line.startswith("liability:"))
    # Pleaded for every crime alleged, not a part of art. 8(2)(c).
    assert niac < heading == liability - 1
