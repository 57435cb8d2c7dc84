"""Estimates stored by earlier versions: `reproduce` tells a deterministic method's figures that
moved in their last digits (the log-linear fit was rewritten on 2026-11-27) from figures that
differ, and `show` says how strata stored before 2026-11-27 were combined, as it was then (a
normal approximation; every stratum on one seed), never as today's combination. `show` lists
only the settings the method used."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from khavaran.analysis.models import Estimate

pytestmark = pytest.mark.django_db

TINY = ["--burn-in", "200", "--samples", "40", "--thin", "2", "--chains", "2", "--jobs", "1"]
CSV = "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,10\n0,1,1,6\n1,0,1,5\n1,1,1,3\n"


def store(khavaran: Any, tmp_path: Path, *args: str, strata: bool = False) -> int:
    path = tmp_path / "captures.csv"
    if strata:
        rows = ["city,A,B,C,count"]
        rows += [f"Tehran,{line}" for line in CSV.splitlines()[1:]]
        rows += [f"آبادان,{line}" for line in CSV.replace("40", "50").splitlines()[1:]]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        args = ("--strata", "city", *args)
    else:
        path.write_text(CSV)
    made = khavaran("estimate", str(path), "--store", *args)
    assert made.exit_code == 0, made.output
    (pk,) = [int(n) for n in re.findall(r"stored as estimate (\d+)", made.output)]
    return pk


def with_total_moved(pk: int, relative: float) -> float:
    """The stored total, as an earlier fitting code gave it: moved by ``relative``."""
    stored = Estimate.objects.get(pk=pk)
    total = stored.result["total"] * (1 + relative)
    Estimate.objects.filter(pk=pk).update(result=stored.result | {"total": total})
    return float(total)


def as_stored_before_2026_11_27(pk: int) -> None:
    """Rewrite a stratified result as the code before 0108143 stored it: no combination marker,
    its words, and for the samplers every stratum on the estimate's one seed (the likelihood
    methods' combined seed was the first stratum's, None)."""
    stored = Estimate.objects.get(pk=pk)
    result = json.loads(json.dumps(stored.result))
    combined = result["combined"]
    del combined["details"]["combined_by"]
    if stored.method == "loglinear":
        combined["details"]["combination"] = "normal approximation"
        combined["seed"] = None
    else:
        combined["details"]["combination"] = "draws summed"
        for stratum in result["strata"]:
            stratum["seed"] = combined["seed"]
    Estimate.objects.filter(pk=pk).update(result=result, seed=combined["seed"])


def test_a_log_linear_estimate_whose_figures_moved_by_5e_7_is_reproduced_within_tolerance(
    khavaran: Any, tmp_path: Path
) -> None:
    pk = store(khavaran, tmp_path, "--method", "loglinear")
    moved = with_total_moved(pk, 5e-7)
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 0, result.output
    assert f"estimate {pk} reproduced within numerical tolerance: 1 figure(s) differ" in (
        result.output
    )
    assert "by at most 5.0e-07 relative" in result.output
    assert "the fitting code's numerics have changed since it was stored" in result.output
    assert f"  total: {moved} → " in result.output and "NOT" not in result.output


def test_a_log_linear_estimate_whose_figures_moved_by_1e_4_is_not_reproduced(
    khavaran: Any, tmp_path: Path
) -> None:
    pk = store(khavaran, tmp_path, "--method", "loglinear")
    moved = with_total_moved(pk, 1e-4)
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 1, result.output
    assert f"estimate {pk} NOT reproduced: 1 figure(s) differ" in result.output
    assert f"  total: {moved} → " in result.output and "tolerance" not in result.output


def test_a_sampler_keeps_the_exact_rule_same_seed_same_figures(
    khavaran: Any, tmp_path: Path
) -> None:
    pk = store(khavaran, tmp_path, "--method", "lcmcr", "--seed", "3", *TINY)
    with_total_moved(pk, 5e-7)
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 1, result.output
    assert f"estimate {pk} NOT reproduced: 1 figure(s) differ" in result.output


def test_show_says_likelihood_strata_stored_before_2026_11_27_were_normally_approximated(
    khavaran: Any, tmp_path: Path
) -> None:
    pk = store(khavaran, tmp_path, "--method", "loglinear", strata=True)
    as_stored_before_2026_11_27(pk)
    text = khavaran("estimate", "show", str(pk)).output
    (combined,) = [line for line in text.splitlines() if line.startswith("  combined: ")]
    assert combined.startswith("  combined: normal approximation, the combination used before")
    assert "width ÷ 3.92" in combined and "estimate anew" in combined
    assert "seed" not in combined.replace("no seed", "") and "simulation seed" not in text
    how = json.loads(khavaran("estimate", "show", str(pk), "--json").output)["how_reached"]
    assert how["combination"]["kind"] == "normal_approximation"
    assert how["combination"]["draws"] is None and how["combination"]["seed"] is None
    assert "± 1.96 standard errors" in how["combination"]["earlier"]
    # Re-run, its strata are combined as today: reproduce says why that differs.
    again = khavaran("estimate", "reproduce", str(pk))
    assert again.exit_code == 1, again.output
    assert "  combined.seed: null → 0" in again.output
    assert "note: its strata were combined as before 2026-11-27 (normal approximation)" in (
        again.output
    )


def test_show_says_bayesian_strata_stored_before_2026_11_27_shared_one_seed(
    khavaran: Any, tmp_path: Path
) -> None:
    pk = store(khavaran, tmp_path, "--method", "dga", "--seed", "7", strata=True)
    as_stored_before_2026_11_27(pk)
    text = khavaran("estimate", "show", str(pk)).output
    (combined,) = [line for line in text.splitlines() if line.startswith("  combined: ")]
    assert "every stratum was sampled with the same seed (7), not each with its own" in combined
    assert "the combined interval is too wide" in combined
    assert "derived from seed" not in text
    how = json.loads(khavaran("estimate", "show", str(pk), "--json").output)["how_reached"]
    assert how["combination"]["kind"] == "summed_draws_one_seed"
    assert how["combination"]["seed"] == 7


def test_new_strata_are_said_to_be_combined_as_their_marker_says(
    khavaran: Any, tmp_path: Path
) -> None:
    pk = store(khavaran, tmp_path, "--method", "loglinear", "--seed", "4", strata=True)
    marker = Estimate.objects.get(pk=pk).result["combined"]["details"]["combined_by"]
    assert marker == {
        "method": "lognormal-simulation",
        "draws": 100_000,
        "seed": 4,
        "sides": "interval",
    }
    text = khavaran("estimate", "show", str(pk)).output
    assert "(simulation seed 4)" in text and "before 2026-11-27" not in text
    assert khavaran("estimate", "reproduce", str(pk)).exit_code == 0


def test_show_lists_only_the_settings_a_log_linear_estimate_used(
    khavaran: Any, tmp_path: Path
) -> None:
    pk = store(khavaran, tmp_path, "--method", "loglinear")
    text = khavaran("estimate", "show", str(pk)).output
    (line,) = [line for line in text.splitlines() if line.startswith("seed ")]
    assert line.startswith("seed none (the method draws nothing at random); Khavaran ")
    assert line.endswith("; settings: criterion=bic, max_order=default")
    assert "None" not in text and "chains" not in text and "seed=" not in text
    # The JSON keeps every setting stored.
    data = json.loads(khavaran("estimate", "show", str(pk), "--json").output)
    assert data["settings"]["chains"] == 4


def test_show_lists_a_samplers_settings_and_its_seed(khavaran: Any, tmp_path: Path) -> None:
    pk = store(khavaran, tmp_path, "--method", "lcmcr", "--seed", "3", *TINY)
    text = khavaran("estimate", "show", str(pk)).output
    (line,) = [line for line in text.splitlines() if line.startswith("seed ")]
    assert line.startswith("seed 3; Khavaran ")
    assert line.endswith(
        "settings: chains=2, burn_in=200, samples=40, thin=2, classes=default, a=0.25, b=0.25"
    )
