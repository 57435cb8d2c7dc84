"""`khavaran case` with genocide (art. 6): the catalogue lists it, `show` groups the matrix by
article without the attack for genocide, and a contextual element of crimes against humanity
is refused in one line for a case of genocide alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(tmp_path: Path, data_dir: Path):
    public = make_excerpt(make_source(tmp_path, "Raisi sat on the commission in 1988."))
    return {"public": public, "person": make_person(public)}


def test_the_catalogue_lists_genocide_and_sexual_violence(khavaran):
    listed = khavaran("case", "elements").output
    assert "genocide.killing\tart. 6(a)\tGenocide by killing (crime)" in listed
    assert "genocide.harm.3\tart. 6(b), element 3\tIntent to destroy the group" in listed
    assert "cah.rape.1\tart. 7(1)(g)-1, element 1\t" in listed
    assert "cah.sexual_violence\tart. 7(1)(g)-6\t" in listed


def test_show_groups_the_matrix_by_article(khavaran, evidence):
    person = evidence["person"]
    added = khavaran("case", "add", "T", "--crime", "cah.murder", "--crime", "genocide.killing")
    case_id = added.output.strip()
    khavaran("case", "accuse", case_id, str(person.pk))
    args = ("--excerpt", str(evidence["public"].pk), "--strength", "weak")
    linked = khavaran("case", "link", case_id, "genocide.killing.3", *args)
    assert linked.exit_code == 1 and "say which person (--person)" in linked.output
    linked = khavaran(
        "case", "link", case_id, "genocide.killing.3", *args, "--person", str(person.pk)
    )
    assert linked.exit_code == 0, linked.output
    shown = khavaran("case", "show", case_id).output
    assert "crimes alleged: genocide.killing (art. 6(a)), cah.murder (art. 7(1)(a))" in shown
    lines = shown.splitlines()
    at = [
        lines.index(line)
        for line in (
            "Genocide (art. 6)",
            "genocide.killing: 3 of 4 elements without supporting evidence, 0 contested",
            "Crimes against humanity (art. 7)",
            "context: 3 of 3 elements without supporting evidence, 0 contested",
        )
    ]
    assert at == sorted(at)
    assert "  genocide.killing.3\tlink" in shown and "Ebrahim Raisi: supported" in shown


def test_the_attack_is_refused_for_a_case_of_genocide_alone(khavaran, evidence):
    case_id = khavaran("case", "add", "T", "--crime", "genocide.harm").output.strip()
    args = ("--excerpt", str(evidence["public"].pk), "--strength", "weak")
    refused = khavaran("case", "link", case_id, "cah.context.attack", *args)
    assert refused.exit_code == 1
    assert refused.output.startswith(
        f"Error: case {case_id} alleges no crimes against humanity (art. 7)"
    )
    assert "Traceback" not in refused.output
    shown = khavaran("case", "show", case_id).output
    assert "context" not in shown and "Crimes against humanity" not in shown
