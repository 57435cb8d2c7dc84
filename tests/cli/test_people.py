"""`khavaran people`: the people who share a name are listed for a reviewer, an editor merges
them, an admin takes a merge back; refusals in one line, and `verify` intact after each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khavaran.records import actions
from khavaran.records.models import Person
from tests.factories import ACTOR, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamid(tmp_path: Path, data_dir: Path) -> list[Person]:
    """Hamid Rezaei recorded three times, in two scripts; and a namesake born ten years later."""
    source = make_source(tmp_path, "Hamid Rezaei, حمید رضایی, Hamid Rezaei (born 1970).")
    first = make_person(make_excerpt(source, "Hamid Rezaei"), "Hamid Rezaei")
    second = make_person(make_excerpt(source, "حمید رضایی"), "حمید رضایی", script="persian")
    namesake = make_person(make_excerpt(source, "Hamid Rezaei (born 1970)"), "Hamid Rezaei")
    born = actions.save_fuzzy_date(*_year(1960), original="1960")
    actions.update_record(first, {"birth_date": born}, actor=ACTOR, reason="his record")
    later = actions.save_fuzzy_date(*_year(1970), original="1970")
    actions.update_record(namesake, {"birth_date": later}, actor=ACTOR, reason="his record")
    return [first, second, namesake]


def _year(year: int) -> tuple:
    from datetime import date

    return date(year, 1, 1), date(year, 12, 31)


def test_candidates_groups_the_same_name_in_both_scripts_and_says_what_differs(khavaran, hamid):
    first, second, namesake = hamid

    shown = khavaran("people", "candidates")

    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines() == [
        "Hamid Rezaei:",
        f"  person {first.pk} (public): Hamid Rezaei — born 1960",
        f"  person {second.pk} (public): حمید رضایی",
        f"  person {namesake.pk} (public): Hamid Rezaei — born 1970",
        f"  differ on birth date: person {first.pk}, person {namesake.pk}",
        f"  if one: khavaran people merge {first.pk} {second.pk} {namesake.pk} --reason TEXT",
    ]
    (group,) = [
        json.loads(line) for line in khavaran("people", "candidates", "--json").output.splitlines()
    ]
    assert [p["id"] for p in group["people"]] == [first.pk, second.pk, namesake.pk]


def test_merge_joins_them_and_unmerge_takes_it_back_with_verify_intact(khavaran, hamid):
    first, second, _ = hamid

    merged = khavaran("people", "merge", str(first.pk), str(second.pk), "--reason", "one man")

    assert merged.exit_code == 0, merged.output
    assert merged.output.splitlines() == [
        f"merged person {second.pk} into person {first.pk} (public); moved: names 1; "
        "duplicate names collapsed: 0"
    ]
    assert sorted(first.names.values_list("text", flat=True)) == ["Hamid Rezaei", "حمید رضایی"]
    assert khavaran("verify").exit_code == 0
    again = khavaran("people", "merge", str(first.pk), str(second.pk), "--reason", "again")
    assert again.exit_code == 1
    assert again.output == (
        f"Error: person {second.pk} was already merged into person {first.pk}: "
        "merge that one instead\n"
    )

    restored = khavaran("people", "unmerge", str(second.pk), "--reason", "a namesake")

    assert restored.exit_code == 0, restored.output
    assert list(second.names.values_list("text", flat=True)) == ["حمید رضایی"]
    assert not Person.objects.get(pk=second.pk).is_deleted
    verified = khavaran("verify")
    assert verified.exit_code == 0, verified.output


@pytest.mark.parametrize(
    ("role", "command", "refusal"),
    [
        (
            "viewer",
            "candidates",
            "only a reviewer, an analyst, an investigator or an admin may list",
        ),
        ("analyst", "merge", "only an investigator or an admin may merge people"),
        ("investigator", "unmerge", "only an admin may take back a merge"),
    ],
)
def test_each_role_is_refused_what_it_may_not_do_in_one_line(
    khavaran, account, hamid, role, command, refusal
):
    name = account(f"someone-{role}", role)
    ids = {"candidates": [], "merge": [str(hamid[0].pk), str(hamid[1].pk)], "unmerge": ["2"]}
    reason = [] if command == "candidates" else ["--reason", "x"]

    refused = khavaran("--as", name, "people", command, *ids[command], *reason)

    assert refused.exit_code == 1
    assert refused.output.startswith(f"Error: {refusal}") and refused.output.count("\n") == 1
    assert not Person.objects.filter(is_deleted=True).exists()


def test_merge_refuses_a_person_that_is_not_there_or_itself_in_one_line(khavaran, hamid):
    first = hamid[0]

    missing = khavaran("people", "merge", str(first.pk), "999", "--reason", "one man")
    itself = khavaran("people", "merge", str(first.pk), str(first.pk), "--reason", "one man")

    assert missing.output == "Error: no person 999 that you may read\n"
    assert itself.output == f"Error: person {first.pk} cannot be merged into itself\n"
    assert not Person.objects.filter(is_deleted=True).exists()
