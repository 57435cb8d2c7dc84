"""`khavaran estimate` on plain CSV files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khavaran.cli.main import cli

KOSOVO = Path("/work/shared/data/mse/kosovo.csv")
FAST = ["--burn-in", "2000", "--samples", "500", "--thin", "10", "--chains", "2"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["estimate", *args])
    return result.exit_code, result.output


@pytest.fixture
def kosovo() -> Path:
    if not KOSOVO.is_file():
        pytest.skip("the published Kosovo data are not on this machine")
    return KOSOVO


def test_it_prints_the_log_linear_estimate_of_kosovo(kosovo: Path) -> None:
    code, output = run(str(kosovo), "--method", "loglinear")
    assert code == 0, output
    assert "10,334" in output and "8,994 – 12,110" in output and "4,400" in output


def test_it_prints_json_with_settings_seed_and_hash(kosovo: Path) -> None:
    code, output = run(str(kosovo), "--method", "lcmcr", "--json", "--seed", "3", *FAST)
    assert code == 0, output
    (result,) = json.loads(output[output.index("{") :])["results"]
    assert result["method"] == "lcmcr" and result["seed"] == 3
    assert result["settings"]["n_chains"] == 2
    assert len(result["input_sha256"]) == 64
    assert result["diagnostics"]["rhat"] > 0


def test_it_compares_methods_and_writes_a_plot(kosovo: Path, tmp_path: Path) -> None:
    plot = tmp_path / "posterior.svg"
    code, output = run(str(kosovo), "--compare", "--plot", str(plot), *FAST)
    assert code == 0, output
    for method in ("lcmcr ", "lcmcr-calib", "dga", "loglinear"):
        assert method in output
    assert plot.read_text().lstrip().startswith("<?xml")


def test_it_refuses_a_table_without_a_list_column_value(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,C,count\n1,0,x,4\n")
    code, output = run(str(path))
    assert code != 0
    assert "row 2, column 'C': list membership must be 0 or 1" in output
    assert "Traceback" not in output


def test_it_names_a_missing_stratum_column(tmp_path: Path) -> None:
    path = tmp_path / "captures.csv"
    path.write_text("A,B,C,count\n1,0,0,4\n0,1,1,2\n")
    code, output = run(str(path), "--strata", "province")
    assert code != 0
    assert "stratum column 'province' is missing" in output


def test_it_refuses_a_sparse_stratum_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "captures.csv"
    rows = ["year,A,B,C,count", "1988,1,0,0,40", "1988,0,1,0,30", "1988,0,0,1,20"]
    rows += ["1988,1,1,0,10", "1988,0,1,1,5", "1987,1,0,0,3", "1987,1,1,0,2"]
    path.write_text("\n".join(rows) + "\n")
    code, output = run(str(path), "--strata", "year", "--method", "lcmcr", *FAST)
    assert code != 0
    assert "stratum year=1987" in output and "needs at least 3" in output
    assert "Traceback" not in output


def test_it_refuses_a_file_that_does_not_exist(tmp_path: Path) -> None:
    code, output = run(str(tmp_path / "missing.csv"))
    assert code != 0 and "file not found" in output


def test_it_uses_chapman_by_default_on_two_lists(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("A,B,count\n1,0,70\n0,1,40\n1,1,30\n")
    code, output = run(str(path))
    assert code == 0, output
    # (70+30+1)(40+30+1)/(30+1) − 1 = 230.3
    assert "chapman" in output and "230" in output
