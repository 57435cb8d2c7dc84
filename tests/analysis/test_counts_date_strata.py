"""`khavaran lists export-captures --strata death_month` (death_year, death_month_sh,
death_year_sh): capture histories by when the victims were killed, in either calendar.

Each record's date of death is read as the import read it (a FuzzyDate: "1367/05/10", "مرداد
۱۳۶۷", "1988-08-01", "summer 1988") and allows the strata its range touches. A victim is in
the one stratum all their dated records allow; a victim whose dates allow several ("summer
1988" by month) or none in common (records that disagree), or who has no date, is in
"unknown", counted by reason, never guessed into a stratum."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from khavaran.analysis.actions import import_list
from khavaran.analysis.counts import stratified_captures
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import VictimList
from khavaran.engines.estimation import read_captures
from tests.factories import ACTOR, make_linkage_run

pytestmark = pytest.mark.django_db


def death_list(tmp_path: Path, name: str, people: dict[int, str]) -> VictimList:
    """A list naming person number → date of death as the list writes it ("" for none)."""
    path = tmp_path / f"{name}.csv"
    rows = [f"Person,Number{i:03d},{when}" for i, when in people.items()]
    path.write_text("\n".join(["First name,Last name,Date of death", *rows]) + "\n", "utf-8")
    return import_list(path, ImportOptions(name=name, actor=ACTOR)).victim_list


@pytest.fixture
def run(tmp_path):
    """1: the same day in two calendars (10 Mordad 1367 = 1 August 1988). 2: the year 1367
    and Mordad 1367 (23 July – 22 August 1988). 3: summer 1988 alone. 4: no date. 5: two lists
    that disagree (1988 and 1981). 6: 1988, and 5 September 1988 (14 Shahrivar 1367)."""
    memorial = death_list(
        tmp_path,
        "memorial",
        {1: "1988-08-01", 2: "1367", 3: "summer 1988", 4: "", 5: "1988-08-10", 6: "1988"},
    )
    families = death_list(
        tmp_path,
        "families",
        {1: "1367/05/10", 2: "مرداد ۱۳۶۷", 4: "؟", 5: "1981-06-20", 6: "1988-09-05"},
    )
    return make_linkage_run([memorial, families])


def strata_of(run, field: str) -> dict[str, int]:
    table = stratified_captures(run, field).table
    return {str(k): int(v) for k, v in table.groupby(field)["count"].sum().items()}


def test_victims_are_counted_by_gregorian_month_of_death(run) -> None:
    assert strata_of(run, "death_month") == {"1988-08": 1, "1988-09": 1, "unknown": 4}


def test_a_month_of_one_calendar_spans_two_of_the_other_and_is_not_guessed(run) -> None:
    # Mordad 1367 is one Solar Hijri month but July and August 1988: person 2 is placed by
    # Solar Hijri month, and is "unknown" by Gregorian month.
    assert strata_of(run, "death_month_sh") == {"1367-05": 2, "1367-06": 1, "unknown": 3}
    by_gregorian = stratified_captures(run, "death_month")
    assert (by_gregorian.unknown, by_gregorian.spanning, by_gregorian.disagreeing) == (1, 2, 1)


def test_years_take_the_year_every_record_allows(run) -> None:
    # "1367" runs from March 1988 to March 1989; with Mordad 1367 beside it, the year is 1988.
    assert strata_of(run, "death_year") == {"1988": 4, "unknown": 2}
    assert strata_of(run, "death_year_sh") == {"1367": 4, "unknown": 2}


def test_the_command_writes_labels_and_says_who_is_unknown_and_why(khavaran, run, tmp_path) -> None:
    out = tmp_path / "captures.csv"
    result = khavaran("lists", "export-captures", str(out), "--strata", "death_month_sh")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["families", "memorial", "death_month_sh", "count"]
    assert {r["death_month_sh"] for r in rows} == {"1367-05", "1367-06", "unknown"}
    assert (
        "1 victims with no date of death, 1 whose date spans more than one month, "
        "1 whose records' dates allow no month in common" in result.stdout
    )
    assert "1367-05 (Mordad 1367): 2 victims" in result.stdout
    assert "unknown: 3 victims" in result.stdout
    assert "khavaran estimate" in result.stdout and "--strata death_month_sh" in result.stdout


def test_the_file_is_what_estimate_reads_with_strata_of_time(khavaran, run, tmp_path) -> None:
    out = tmp_path / "captures.csv"
    assert khavaran("lists", "export-captures", str(out), "--strata", "death_year").exit_code == 0
    tables = read_captures(out, strata=["death_year"])
    assert set(tables) == {"death_year=1988", "death_year=unknown"}
    assert sum(t.n_observed for t in tables.values()) == 6


def test_a_run_whose_lists_give_no_dates_puts_everyone_in_unknown(tmp_path) -> None:
    run = make_linkage_run([death_list(tmp_path, "only", {1: "", 2: ""})])
    result = stratified_captures(run, "death_month")
    assert strata_of(run, "death_month") == {"unknown": 2}
    assert (result.unknown, result.spanning, result.disagreeing) == (2, 0, 0)
