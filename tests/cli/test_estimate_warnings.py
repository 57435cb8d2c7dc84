"""`khavaran estimate`: the warnings and notes printed with the estimates."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from khavaran.cli.main import cli


def run(path: Path, text: str, *args: str) -> tuple[int, str]:
    path.write_text(text)
    result = CliRunner().invoke(cli, ["estimate", str(path), *args])
    return result.exit_code, " ".join(result.output.split())


def test_a_list_contained_in_the_other_is_warned_and_its_zero_width_interval_too(
    tmp_path: Path,
) -> None:
    code, output = run(tmp_path / "subset.csv", "A,B,count\n1,0,0\n0,1,40\n1,1,60\n", "--compare")
    assert code == 0, output
    assert "100 – 100" in output
    for method in ("loglinear", "chapman"):
        assert f"warning: {method}: list 'B' holds everyone seen: 'A' is contained in it" in output


def test_the_warnings_are_stored_with_the_json_result(tmp_path: Path) -> None:
    table = "A,B,C,count\n1,0,0,120\n0,1,0,90\n1,1,0,15\n1,0,1,160\n0,1,1,110\n1,1,1,10\n"
    code, output = run(tmp_path / "sub3.csv", table, "--method", "loglinear", "--json")
    assert code == 0, output
    (result,) = json.loads(output[output.index("{") :])["results"]
    assert result["warnings"][0].startswith("list 'C' has no one who is on no other list")


def test_a_warning_names_its_method_once(tmp_path: Path) -> None:
    table = "A,B,C,count\n1,0,0,60\n0,1,0,50\n0,0,1,40\n1,1,0,1\n0,1,1,1\n"
    code, output = run(tmp_path / "tail.csv", table, "--method", "dga")
    assert code == 0, output
    assert "warning: dga: 5.6% of the posterior lies near the end of the grid" in output
    assert "dga: dga:" not in output


def test_two_lists_with_one_person_in_common_are_warned_for_both_methods(tmp_path: Path) -> None:
    table = "A,B,count\n1,0,51\n0,1,41\n1,1,1\n"
    code, output = run(tmp_path / "two.csv", table, "--method", "loglinear", "--method", "chapman")
    assert code == 0, output
    assert "warning: chapman: only 1 person is on both lists; Chapman's interval" in output
    assert "warning: loglinear: only 1 person is on both lists; with two lists" in output


def test_it_says_how_the_strata_were_combined(tmp_path: Path) -> None:
    rows = ["A,B,city,count", "1,0,Tehran,70", "0,1,Tehran,40", "1,1,Tehran,30"]
    rows += ["1,0,Shiraz,50", "0,1,Shiraz,40", "1,1,Shiraz,12"]
    code, output = run(
        tmp_path / "strata.csv", "\n".join(rows) + "\n", "--strata", "city", "--method", "chapman"
    )
    assert code == 0, output
    note = "note: chapman, all strata: simulation: each stratum's undocumented count"
    assert f"{note} (estimate − documented) drawn from a log-normal with its standard" in output
