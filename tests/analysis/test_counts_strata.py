"""`khavaran lists export-captures --strata FIELD`: capture histories with a stratum column
from the victims' records, in the form `khavaran estimate CAPTURES.csv --strata FIELD` reads.

A victim's stratum is the value most of their records give, spellings compared as linkage
compares places (Tehran, Teheran and تهران are one stratum); a tie goes to the value that sorts
first; a victim none of whose records gives one is in the stratum "unknown"."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from khavaran.analysis.actions import import_list
from khavaran.analysis.counts import STRATUM_FIELDS
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import VictimList
from khavaran.cli.lists import export_captures
from khavaran.engines.estimation import read_captures
from tests.factories import ACTOR, make_linkage_run

pytestmark = pytest.mark.django_db


def city_list(tmp_path: Path, name: str, people: dict[int, str]) -> VictimList:
    """A list naming person number → city (empty: no city given)."""
    path = tmp_path / f"{name}.csv"
    rows = [f"Person,Number{i:03d},{city}" for i, city in people.items()]
    path.write_text("\n".join(["First name,Last name,City", *rows]) + "\n", encoding="utf-8")
    return import_list(path, ImportOptions(name=name, actor=ACTOR)).victim_list


@pytest.fixture
def run(tmp_path):
    """Person 1 is in Tehran on both lists (in two scripts), person 2 in Tabriz on one list and
    Rasht on the other (a tie), person 3 has no city, person 4 is only on families."""
    memorial = city_list(tmp_path, "memorial", {1: "Tehran", 2: "Tabriz", 3: ""})
    families = city_list(tmp_path, "families", {1: "تهران", 2: "Rasht", 3: "", 4: "Teheran"})
    return make_linkage_run([memorial, families])


def export(khavaran, run, tmp_path: Path, *args: str) -> tuple[list[dict[str, str]], str]:
    out = tmp_path / "captures.csv"
    result = khavaran("lists", "export-captures", str(out), "--run", str(run.pk), *args)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle)), result.stdout


def test_each_victim_is_counted_once_in_the_stratum_of_their_records(khavaran, run, tmp_path):
    rows, output = export(khavaran, run, tmp_path, "--strata", "city")
    assert list(rows[0]) == ["families", "memorial", "city", "count"]
    cells = {(r["city"], r["families"], r["memorial"]): int(r["count"]) for r in rows}
    # Tehran: person 1 on both lists (written تهران and Tehran) and person 4 (Teheran) alone.
    # The stratum takes the spelling most records of the run give, the first sorted on a tie.
    tehran = {k[1:]: n for k, n in cells.items() if k[0] in ("Tehran", "Teheran", "تهران")}
    assert tehran == {("1", "1"): 1, ("1", "0"): 1}
    assert cells[("Rasht", "1", "1")] == 1  # Rasht and Tabriz tie: Rasht sorts first
    assert cells[("unknown", "1", "1")] == 1
    assert sum(cells.values()) == 4
    assert "1 victims with no city are in 'unknown', 1 whose records disagree" in output
    assert "khavaran estimate" in output and "--strata city" in output


def test_the_file_is_what_estimate_reads_with_strata(khavaran, run, tmp_path):
    export(khavaran, run, tmp_path, "--strata", "city")
    tables = read_captures(tmp_path / "captures.csv", strata=["city"])
    assert sum(t.n_observed for t in tables.values()) == 4
    assert "city=unknown" in tables


def test_without_strata_the_export_is_unchanged(khavaran, run, tmp_path):
    rows, _ = export(khavaran, run, tmp_path)
    assert list(rows[0]) == ["families", "memorial", "count"]


def test_a_field_that_is_not_a_place_or_group_is_refused_in_one_line(khavaran, run, tmp_path):
    result = khavaran("lists", "export-captures", str(tmp_path / "c.csv"), "--strata", "given_name")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "'given_name' is not one of 'city', 'prison', 'affiliation'" in result.output


def test_a_list_named_like_the_stratum_column_is_refused(khavaran, tmp_path):
    named = city_list(tmp_path, "city", {1: "Qom"})
    run = make_linkage_run([named, city_list(tmp_path, "b", {1: "Qom", 2: "Arak"})])
    result = khavaran("lists", "export-captures", str(tmp_path / "c.csv"), "--strata", "city")
    assert result.exit_code == 1
    assert f"linkage run {run.pk} has a list named 'city'" in result.output


def test_the_command_offers_every_stratum_field() -> None:
    option = next(p for p in export_captures.params if p.name == "field")
    assert tuple(option.type.choices) == STRATUM_FIELDS


def test_a_stratum_is_written_as_its_lists_write_it_not_in_its_normalized_form(khavaran, tmp_path):
    # Normalization folds آ to ا ("ابادان"): it groups the spellings, but the stratum is shown
    # as the lists write it, the spelling most records give (a tie: the one that sorts first).
    memorial = city_list(tmp_path, "memorial", {1: "آبادان", 2: "ابادان", 3: "كرمان"})
    families = city_list(tmp_path, "families", {1: "آبادان", 2: " آبادان ", 3: "کرمان"})
    run = make_linkage_run([memorial, families])
    rows, _ = export(khavaran, run, tmp_path, "--strata", "city")
    counts = {r["city"]: int(r["count"]) for r in rows}
    assert counts == {"آبادان": 2, "كرمان": 1}
    tables = read_captures(tmp_path / "captures.csv", strata=["city"])
    assert set(tables) == {"city=آبادان", "city=كرمان"}
