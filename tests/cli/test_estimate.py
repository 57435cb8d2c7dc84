"""`khavaran estimate` on plain CSV files."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from khavaran.cli.estimate import method_table
from khavaran.cli.main import cli
from khavaran.engines.estimation import (
    CaptureHistories,
    Chapman,
    Diagnostics,
    Estimate,
    StratifiedEstimate,
    estimate,
)

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


@pytest.mark.parametrize(
    ("plot", "message", "exit_code"),
    [
        ("posterior.pdf", "plots are written as .png or .svg, not '.pdf'", 1),
        # Refused as the command line is read (a usage error, hence 2).
        ("two.csv/posterior.png", "two.csv is a file, not a folder", 2),
        ("figures/posterior.png", "there is no folder", 2),
    ],
)
def test_a_plot_it_cannot_write_is_refused_in_one_line_before_any_estimate(
    tmp_path: Path, plot: str, message: str, exit_code: int
) -> None:
    path = tmp_path / "two.csv"
    path.write_text("A,B,count\n1,0,70\n0,1,40\n1,1,30\n")
    code, output = run(str(path), "--plot", str(tmp_path / plot))
    assert code == exit_code
    assert message in output and "Traceback" not in output
    assert "chapman" not in output  # refused before the estimate, not after it


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


def _printed(results: list[object], width: int = 80) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(method_table(results))  # type: ignore[arg-type]
    return console.export_text()


def _lcmcr_like(method: str) -> Estimate:
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
    est = Chapman().fit(table).result_
    diagnostics = Diagnostics(
        rhat=1.001,
        ess_bulk=3189.0,
        ess_tail=3500.0,
        n_chains=4,
        n_draws=1000,
        chain_medians=(734.0,) * 4,
        seconds=4.8,
        iterations_per_second=90_000.0,
    )
    return dataclasses.replace(est, method=method, diagnostics=diagnostics)


def test_the_method_table_keeps_each_interval_on_one_line_at_80_columns() -> None:
    text = _printed([_lcmcr_like("lcmcr"), _lcmcr_like("lcmcr-calibrated")])
    est = _lcmcr_like("lcmcr")
    interval = f"{est.interval[0]:,.0f} – {est.interval[1]:,.0f}"
    assert text.count(interval) == 2
    assert "lcmcr-calibrated" in text and "documented" in text
    assert "stratum" not in text


def test_the_method_table_names_the_strata_when_there_are_strata() -> None:
    tables: dict[str | None, CaptureHistories] = {
        f"year={year}": CaptureHistories.from_counts(
            ["A", "B", "C"],
            {
                (1, 0, 0): 60,
                (0, 1, 0): 50,
                (0, 0, 1): 40,
                (1, 1, 0): 20,
                (1, 0, 1): 15,
                (0, 1, 1): 10,
                (1, 1, 1): 5,
            },
            stratum=f"year={year}",
        )
        for year in (1987, 1988)
    }
    result = estimate(tables, "loglinear")
    assert isinstance(result, StratifiedEstimate)
    # The longest method name, at 80 columns: every label and interval must still be whole.
    renamed = [dataclasses.replace(e, method="lcmcr-calibrated") for e in result.strata]
    result = dataclasses.replace(result, strata=tuple(renamed))
    text = _printed([result])
    assert "stratum" in text
    assert "year=1987" in text and "year=1988" in text and "all strata" in text
    for est in (*result.strata, result.combined):
        assert f"{est.interval[0]:,.0f} – {est.interval[1]:,.0f}" in text


def test_the_method_table_never_cuts_a_figure_short_at_80_columns() -> None:
    # A billion-sized count: at 80 columns rich used to print the estimate as "2,904,76…".
    table = CaptureHistories.from_counts(
        ["A", "B"], {(1, 0): 1_000_000_000, (0, 1): 40, (1, 1): 20}
    )
    est = Chapman().fit(table).result_
    text = _printed([est])
    assert "…" not in text
    assert f"{est.total:,.0f}" in text and f"{est.observed:,}" in text
    assert f"{est.interval[0]:,.0f} – {est.interval[1]:,.0f}" in text


def test_the_method_table_shows_diagnostics_only_for_methods_that_have_them() -> None:
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
    assert "R-hat" not in _printed([Chapman().fit(table).result_])
    both = _printed([Chapman().fit(table).result_, _lcmcr_like("lcmcr")])
    assert "R-hat" in both and "1.001" in both and "3,189" in both


def _captures(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_lists_that_share_no_one_are_refused_not_given_a_total_in_the_trillions(
    tmp_path: Path,
) -> None:
    # Log-linear gave 5,109,624,206,243 with no upper bound, and storing it crashed.
    table = _captures(tmp_path / "m0.csv", "A,B,count\n1,0,100\n0,1,80\n")
    for method in ("loglinear", "chapman"):
        code, output = run(str(table), "--method", method)
        assert code == 1 and "no one is on more than one list" in output
        assert "Traceback" not in output


@pytest.mark.parametrize(
    ("option", "value"), [("--seed", "-1"), ("--delta", "0"), ("--delta", "-0.5")]
)
def test_an_option_out_of_its_range_is_refused_in_one_line(
    tmp_path: Path, option: str, value: str
) -> None:
    table = _captures(
        tmp_path / "t.csv", "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,9\n1,1,1,5\n"
    )
    code, output = run(str(table), "--method", "dga", option, value)
    assert code == 2 and f"Invalid value for '{option}'" in output


def test_a_method_that_cannot_apply_is_refused_before_any_runs(tmp_path: Path) -> None:
    header = ",".join(f"L{i}" for i in range(6)) + ",count\n"
    rows = "".join(
        ",".join("1" if j in (i, (i + 1) % 6) else "0" for j in range(6)) + ",7\n" for i in range(6)
    )
    table = _captures(tmp_path / "six.csv", header + rows)
    code, output = run(str(table), "--method", "loglinear", "--method", "dga", "--json")
    assert code == 2 and "--method dga does not apply to a table of 6 lists" in output
    assert '"results"' not in output  # nothing ran


def test_the_table_keeps_every_figure_when_written_to_a_file(kosovo: Path, tmp_path: Path) -> None:
    # Redirected output is 80 columns wide to rich; long stratum names used to squeeze the
    # estimate to "estim…" and drop the interval.
    rows = kosovo.read_text(encoding="utf-8").splitlines()
    long_name = "district of a very long name indeed as the files give them"
    lines = [rows[0] + ",region"]
    lines += [f"{row},{long_name} {n}" for n in (1, 2) for row in rows[1:]]
    table = _captures(tmp_path / "strata.csv", "\n".join(lines) + "\n")
    code, output = run(str(table), "--strata", "region", "--method", "loglinear")
    assert code == 0, output
    assert "estimate" in output and "95% interval" in output and "documented" in output
    assert "…" not in output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--confidentiality", "confidential"], "--confidentiality is the level of stored"),
        (["--with-draws"], "--with-draws adds the draws to --json output"),
    ],
)
def test_an_option_that_would_do_nothing_is_refused(
    tmp_path: Path, args: list[str], said: str
) -> None:
    table = _captures(tmp_path / "two.csv", "A,B,count\n1,0,40\n0,1,30\n1,1,20\n")
    code, output = run(str(table), *args)
    assert code == 2 and said in output


@pytest.mark.parametrize("method", ["chapman", "loglinear"])
def test_a_count_too_large_for_people_is_one_line_naming_row_and_column(
    tmp_path: Path, method: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("A,B,count\n1,0,10\n0,1,12\n1,1,99999999999999999999\n")
    code, output = run(str(path), "--method", method)
    assert code == 1 and "Traceback" not in output and "OverflowError" not in output
    assert output.startswith("Error: ") and output.count("\n") == 1
    assert "x.csv, row 4, column 'count'" in output and "1,000,000,000,000" in output


def test_a_list_column_without_a_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("A,B,,count\n1,0,0,10\n0,1,0,12\n1,1,0,5\n0,0,1,4\n")
    code, output = run(str(path), "--method", "loglinear")
    assert code == 1 and "column 3 has no name" in output


def test_an_empty_list_without_strata_is_not_told_about_strata(tmp_path: Path) -> None:
    path = tmp_path / "Cnobody.csv"
    path.write_text("A,B,C,count\n1,0,0,10\n0,1,0,12\n1,1,0,5\n")
    code, output = run(str(path))
    assert code == 1 and "list 'C' has no one on it; drop that column" in output
    assert "strat" not in output


def test_strata_of_a_run_point_to_the_export_that_writes_them() -> None:
    code, output = run("--run", "3", "--strata", "city")
    assert code == 2
    assert "khavaran lists export-captures captures.csv --run 3 --strata FIELD" in output


def test_lists_in_groups_that_share_no_one_are_refused_naming_the_groups(tmp_path: Path) -> None:
    # A tester's two new lists shared no one with the three old ones: LCMCR said 403 [383, 427].
    rows = "A,B,C,D,E,count\n" + "".join(
        f"{line}\n"
        for line in (
            "1,0,0,0,0,60", "0,1,0,0,0,50", "0,0,1,0,0,40", "1,1,0,0,0,20", "0,1,1,0,0,15",
            "1,1,1,0,0,5", "0,0,0,1,0,30", "0,0,0,0,1,25", "0,0,0,1,1,10",
        )
    )  # fmt: skip
    table = _captures(tmp_path / "two-groups.csv", rows)
    for method in ("lcmcr", "dga", "loglinear"):
        code, output = run(str(table), "--method", method)
        assert code == 1, output
        assert "the lists fall into 2 groups that share no one ('A', 'B', 'C'; 'D', 'E')" in output
        assert "Traceback" not in output


THREE = "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,10\n0,1,1,6\n1,0,1,5\n1,1,1,3\n"


def test_max_missing_sets_the_end_of_dgas_grid_and_its_warning_names_the_option(
    tmp_path: Path,
) -> None:
    # dga's warning told users to "raise max_missing", which no command took.
    table = _captures(tmp_path / "three.csv", THREE)
    code, output = run(str(table), "--method", "dga", "--max-missing", "20", "--json")
    assert code == 0, output
    (result,) = json.loads(output[output.index("{") :])["results"]
    assert result["settings"]["max_missing"] == 20
    assert result["interval"][1] <= result["observed"] + 20
    (warning,) = result["warnings"]
    assert "widen the grid (--max-missing, now 20 undocumented)" in warning
    code, wide = run(str(table), "--method", "dga", "--max-missing", "5000", "--json")
    assert code == 0 and json.loads(wide[wide.index("{") :])["results"][0]["warnings"] == []


def test_max_missing_without_dga_is_refused(tmp_path: Path) -> None:
    table = _captures(tmp_path / "three.csv", THREE)
    code, output = run(str(table), "--method", "loglinear", "--max-missing", "500")
    assert code == 2 and "--max-missing widens dga's grid: add --method dga" in output
    code, output = run(str(table), "--method", "dga", "--max-missing", "0")
    assert code == 2 and "Traceback" not in output


def test_json_keeps_persian_stratum_labels_readable(tmp_path: Path) -> None:
    path = tmp_path / "captures.csv"
    rows = ["استان,A,B,count", "تهران,1,0,40", "تهران,0,1,30", "تهران,1,1,10"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["estimate", str(path), "--strata", "استان", "--method", "chapman", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert "استان=تهران" in result.stdout or '"تهران"' in result.stdout
    assert "\\u" not in result.stdout
    json.loads(result.stdout)
