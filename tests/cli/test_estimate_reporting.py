"""What `khavaran estimate` says beside its figures: which strata a total covers, what each
estimate and interval is, when two methods disagree, where the JSON came from, and options that
would do nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from khavaran import __version__
from khavaran.cli import estimate as estimate_cli
from khavaran.cli.estimate import Options, Origin, method_table, report
from khavaran.cli.estimate_report import disagreements
from khavaran.cli.main import cli
from khavaran.engines.estimation import CaptureHistories, Chapman, LogLinear, Settings

THREE = "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,10\n0,1,1,6\n1,0,1,5\n1,1,1,3\n"
# East has no one on list C: log-linear refuses it, and --skip-sparse leaves it out.
STRATA = (
    "province,A,B,C,count\n"
    + "".join(f"{p},{row}\n" for p in ("north", "south") for row in THREE.splitlines()[1:])
    + "east,1,0,0,50\neast,0,1,0,40\neast,1,1,0,9\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["estimate", *args])
    return result.exit_code, result.stdout, result.stderr


def _csv(tmp_path: Path, text: str, name: str = "captures.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_total_that_leaves_out_sparse_strata_is_not_called_all_strata(tmp_path: Path) -> None:
    path = _csv(tmp_path, STRATA)
    code, out, _ = run(str(path), "--strata", "province", "--method", "loglinear", "--skip-sparse")
    assert code == 0, out
    assert "all strata" not in out
    assert "strata estimated (north, south)" in out
    assert "province=east" in out and "left out: sparse" in out and "99" in out
    said = " ".join(out.split())  # the terminal's line breaks are not the text's
    assert "loglinear: left out: province=east (99 documented), too sparse: list 'C'" in said
    assert "the total covers the 228 documented in the strata estimated, not the 327" in said


def test_the_json_names_the_strata_left_out_with_their_documented_counts(tmp_path: Path) -> None:
    path = _csv(tmp_path, STRATA)
    args = ("--strata", "province", "--method", "loglinear", "--skip-sparse", "--json")
    code, out, _ = run(str(path), *args)
    assert code == 0, out
    (result,) = json.loads(out)["results"]
    (refused,) = result["refused_strata"]
    assert refused["stratum"] == "province=east" and refused["documented"] == 99
    assert refused["reason"].startswith("list 'C' has no one in this stratum")
    assert result["covers"] == "strata estimated (north, south)"
    assert "province=east" in result["refused"]  # the old key is kept for scripts


def test_the_plot_says_which_strata_it_leaves_out(tmp_path: Path) -> None:
    path, plot = _csv(tmp_path, STRATA), tmp_path / "skip.svg"
    args = ("--strata", "province", "--method", "loglinear", "--skip-sparse", "--plot", str(plot))
    code, out, _ = run(str(path), *args)
    assert code == 0, out
    svg = plot.read_text()
    assert "documented in the strata estimated: 228" in svg
    assert "left out as too sparse: province=east (99 documented)" in svg


def test_the_table_says_what_each_estimate_and_interval_is() -> None:
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
    results = [Chapman().fit(table).result_, LogLinear().fit(table).result_]
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(method_table(results))
    text = console.export_text()
    assert "chapman: Chapman, 95% normal-approximation CI" in text
    assert "loglinear: MLE, 95% profile-likelihood CI" in text


def test_the_json_says_what_each_figure_is_and_where_the_input_came_from(tmp_path: Path) -> None:
    path = _csv(tmp_path, "A,B,count\n1,0,300\n0,1,200\n1,1,100\n", "two lists.csv")
    code, out, _ = run(str(path), "--method", "chapman", "--method", "loglinear", "--json")
    assert code == 0, out
    document = json.loads(out)
    chapman, loglinear = document["results"]
    assert chapman["estimate_kind"] == "Chapman's estimate"
    assert chapman["interval_kind"].startswith("95% normal-approximation confidence interval")
    assert loglinear["estimate_kind"] == "maximum-likelihood estimate of the chosen model"
    assert loglinear["interval_kind"] == "95% profile-likelihood confidence interval"
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert document["input"] == {"file": "two lists.csv", "file_sha256": sha}
    assert document["build"].startswith(f"{__version__}+") and document["version"] == __version__
    assert chapman["version"] == __version__ and len(chapman["input_sha256"]) == 64


def test_intervals_that_do_not_overlap_are_said_to_disagree() -> None:
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})
    low = dataclasses.replace(Chapman().fit(table).result_, method="loglinear")
    low = dataclasses.replace(low, total=12_342.0, interval=(10_868.0, 14_143.0))
    high = dataclasses.replace(low, method="lcmcr", total=22_360.0, interval=(14_984.0, 33_123.0))
    (line,) = disagreements([high, low])
    assert line.startswith(
        "the 95% intervals of loglinear (10,868 – 14,143) and lcmcr (14,984 – 33,123) do not "
        "overlap: the methods disagree"
    )
    assert "not either figure alone" in line
    console = Console(width=100, record=True, file=io.StringIO())
    report([low, high], Options(("loglinear", "lcmcr"), Settings()), console, None, {}, _ORIGIN)
    assert "warning: the 95% intervals of loglinear" in console.export_text()
    overlapping = dataclasses.replace(high, interval=(14_000.0, 33_123.0))
    assert disagreements([low, overlapping]) == []


_ORIGIN = Origin(None, None, False, "restricted")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--method", "lcmcr", "--delta", "2"], "--delta is dga's prior count: add --method dga"),
        (["--method", "loglinear", "--classes", "3"], "--classes sets LCMCR's number of classes"),
        (["--method", "lcmcr", "--criterion", "aic"], "--criterion chooses the log-linear model"),
        (["--method", "lcmcr", "--replicates", "99"], "add --method lcmcr-calibrated"),
        (["--method", "loglinear", "--chains", "2"], "add --method lcmcr or --method lcmcr-"),
        (["--method", "dga", "--max-missing", "9"], None),
    ],
)
def test_an_option_for_methods_that_do_not_run_is_refused(
    tmp_path: Path, args: list[str], said: str | None
) -> None:
    path = _csv(tmp_path, THREE)
    code, out, err = run(str(path), *args)
    if said is None:
        assert code == 0, out + err
        return
    assert code == 2 and said in err and "(" in err
    assert err.strip().splitlines()[-1].startswith("Error: ")


def test_compare_applies_each_option_to_the_methods_it_concerns_and_says_nothing(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path, "A,B,count\n1,0,300\n0,1,200\n1,1,100\n")
    code, out, err = run(str(path), "--compare", "--delta", "2", "--classes", "3")
    assert code == 0, out + err
    assert "chapman" in out and "loglinear" in out and "delta" not in out + err


def test_a_long_fit_without_a_progress_bar_says_what_it_is_doing_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _csv(tmp_path, THREE)
    code, _, err = run(str(path), "--method", "loglinear")
    assert code == 0 and "fitting" not in err
    monkeypatch.setattr(estimate_cli, "_stderr_is_terminal", lambda: True)
    code, _, err = run(str(path), "--method", "loglinear", "--method", "dga")
    assert code == 0, err
    assert "fitting 8 log-linear models…" in err
    assert "averaging" in err and "decomposable graphs…" in err


def test_a_word_in_a_list_column_hints_at_strata_on_the_command_line(tmp_path: Path) -> None:
    code, _, err = run(str(_csv(tmp_path, STRATA)), "--method", "loglinear")
    assert code == 1
    assert "found 'north' (is it a stratum column? give --strata province)" in err


def test_a_total_no_model_bounds_is_said_in_words_not_printed_as_inf(tmp_path: Path) -> None:
    # Lists that overlap only all three at once: no log-linear model bounds the unseen.
    path = _csv(tmp_path, "A,B,C,count\n1,0,0,50\n0,1,0,40\n0,0,1,30\n1,1,1,12\n")
    code, out, _ = run(str(path), "--method", "loglinear")
    assert code == 0, out
    assert "no finite estimate" in out and "no upper bound" in out
    assert "inf" not in out.replace("finite", "")
