"""Ids typed with other digits, and what `people candidates` and `lists count` tell a reader
below full clearance (a white-box tester's findings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from khavaran.ids import MAX_ID, row_id
from khavaran.records import actions
from tests.factories import ACTOR, make_excerpt, make_person, make_source, make_victim_list

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["²", "①", "-1", "1.0", "", "1" * 30, str(MAX_ID + 1)])
def test_only_whole_numbers_in_digits_are_row_ids(typed: str) -> None:
    assert row_id(typed) is None


@pytest.mark.parametrize("typed", ["12", " 12 ", "۱۲", "١٢"])
def test_persian_and_arabic_indic_digits_read_as_the_number(typed: str) -> None:
    assert row_id(typed) == 12


@pytest.mark.parametrize(
    "args",
    [("people", "merge", "²", "3", "--reason", "x"), ("case", "export", "²", "-o", "x.md")],
)
def test_a_superscript_id_is_refused_in_one_line(khavaran: Any, args: tuple[str, ...]) -> None:
    result = khavaran(*args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)
    assert "whole number" in result.output


def test_candidates_neither_show_nor_group_by_a_name_only_a_confidential_source_gives(
    khavaran: Any, account: Any, tmp_path: Path
) -> None:
    people = []
    for n, public in ((1, "Ali Ahmadi"), (2, "Hossein Karimi")):
        here = tmp_path / str(n)
        here.mkdir()
        person = make_person(make_excerpt(make_source(here, f"Report {n}.")), public)
        secret = make_source(here, f"Testimony {n}.", name="t.txt", confidentiality="confidential")
        spec = actions.NameSpec(
            text="Rahim Kazemi", script="latin", excerpts=[make_excerpt(secret)]
        )
        actions.add_name(person, spec, actor=ACTOR)
        people.append(person)
    assert "Rahim Kazemi" in khavaran("people", "candidates").output
    result = khavaran("--as", account("ali", "analyst"), "people", "candidates")
    assert result.exit_code == 0, result.output
    assert "Rahim Kazemi" not in result.output and "no people share a name" in result.output


def test_a_reviewer_counts_over_the_lists_they_may_read_and_no_level_is_named(
    khavaran: Any, account: Any, tmp_path: Path
) -> None:
    from tests.factories import make_linkage_run

    lists = [
        make_victim_list(tmp_path, "memorial", [1, 2], confidentiality="public"),
        make_victim_list(tmp_path, "witnesses", [1], confidentiality="confidential"),
    ]
    make_linkage_run(lists)
    result = khavaran("--as", account("rana", "reviewer"), "lists", "count")
    assert result.exit_code == 0, result.output
    assert "confidential" not in result.output and "witnesses" not in result.stdout
    assert "over the lists you may read" in result.stderr
    assert "memorial" in result.stdout
