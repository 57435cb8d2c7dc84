"""`khavaran estimate show ID [--json]` says how a stored estimate was reached: each stratum's
documented count, estimate, interval and warnings; the log-linear model chosen, by which
criterion, and the next models; dga's heaviest graphs; the sampler's R-hat and ESS per stratum;
and how the strata were combined into one total."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from khavaran.analysis.models import Estimate

pytestmark = pytest.mark.django_db

TINY = ["--burn-in", "200", "--samples", "40", "--thin", "2", "--chains", "2", "--jobs", "1"]
CSV = "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,10\n0,1,1,6\n1,0,1,5\n1,1,1,3\n"


def by_city(tmp_path: Path) -> Path:
    """Two cities, one written with its آ; and a third too sparse for any method."""
    lines = CSV.splitlines()[1:]
    rows = ["city,A,B,C,count"]
    rows += [f"Tehran,{line}" for line in lines]
    rows += [f"آبادان,{line}" for line in CSV.replace("40", "50").splitlines()[1:]]
    rows += ["Qom,1,0,0,3", "Qom,1,1,0,2"]
    path = tmp_path / "by-city.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def store(khavaran, path: Path, *args: str) -> int:
    made = khavaran("estimate", str(path), "--store", "--strata", "city", "--skip-sparse", *args)
    assert made.exit_code == 0, made.output
    (pk,) = [int(n) for n in re.findall(r"stored as estimate (\d+)", made.output)]
    return pk


def test_show_gives_each_stratums_figures_model_and_how_they_were_combined(khavaran, tmp_path):
    pk = store(khavaran, by_city(tmp_path), "--method", "loglinear")
    stored = Estimate.objects.get(pk=pk)
    tehran = next(s for s in stored.result["strata"] if s["stratum"] == "city=Tehran")
    shown = khavaran("estimate", "show", str(pk))
    assert shown.exit_code == 0, shown.output
    text = shown.output
    assert "how it was reached: 2 strata estimated each on its own, 1 refused" in text
    low, high = tehran["interval"]
    assert (
        f"city=Tehran: documented {tehran['observed']:,}, estimate {tehran['total']:,.0f} "
        f"(95% interval {low:,.0f} – {high:,.0f})"
    ) in text
    assert "city=آبادان: documented" in text and "city=Qom: refused:" in text
    assert "lists in the models: 1 A, 2 B, 3 C" in text
    model = tehran["details"]["model"]
    assert f"model {model}: the lowest BIC of 8 models (exhaustive search)" in text
    assert text.count("  next: ") == 8  # four runners-up in each stratum
    assert "combined: simulation: each stratum's undocumented count" in text
    assert "(simulation seed 0)" in text


def test_show_gives_each_stratums_convergence_for_a_sampler(khavaran, tmp_path):
    pk = store(khavaran, by_city(tmp_path), "--method", "lcmcr", "--seed", "4", *TINY)
    stored = Estimate.objects.get(pk=pk)
    text = khavaran("estimate", "show", str(pk)).output
    for stratum in stored.result["strata"]:
        rhat = stratum["diagnostics"]["rhat"]
        assert f"    convergence: R-hat {rhat:.3f}, ESS bulk" in text
    assert text.count("convergence: R-hat") == 3  # each stratum, and the summed draws
    assert "combined: posterior draws summed across strata, draw by draw" in text
    assert "(each stratum's seed derived from seed 4)" in text


def test_show_names_dgas_heaviest_graphs(khavaran, tmp_path):
    path = tmp_path / "three.csv"
    path.write_text(CSV)
    made = khavaran("estimate", str(path), "--store", "--method", "dga")
    (pk,) = [int(n) for n in re.findall(r"stored as estimate (\d+)", made.output)]
    graphs = Estimate.objects.get(pk=pk).result["details"]["top_graphs"]
    text = khavaran("estimate", "show", str(pk)).output
    heaviest = graphs[0]
    assert "dga averaged 8 decomposable graphs; the heaviest by posterior weight: " in text
    assert f"[{', '.join(heaviest['cliques'])}] {heaviest['weight']:.1%}" in text


def test_show_json_carries_the_route_too(khavaran, tmp_path):
    pk = store(khavaran, by_city(tmp_path), "--method", "loglinear")
    data = json.loads(khavaran("estimate", "show", str(pk), "--json").output)
    how = data["how_reached"]
    assert [s["stratum"] for s in how["strata"]] == ["city=Tehran", "city=آبادان"]
    assert set(how["refused"]) == {"city=Qom"}
    assert how["combination"]["kind"] == "simulated"
    assert how["combination"]["draws"] == 100_000
    model = how["strata"][0]["model"]
    assert model["criterion"] == "bic" and model["score"] == model["bic"]
    assert len(model["runners_up"]) == 4
    assert how["whole"]["total"] == data["total"]


def test_an_estimate_stored_before_the_runners_up_were_kept_still_reproduces(khavaran, tmp_path):
    path = tmp_path / "three.csv"
    path.write_text(CSV)
    made = khavaran("estimate", str(path), "--store", "--method", "loglinear")
    (pk,) = [int(n) for n in re.findall(r"stored as estimate (\d+)", made.output)]
    stored = Estimate.objects.get(pk=pk)
    details = {k: v for k, v in stored.result["details"].items() if k != "runners_up"}
    Estimate.objects.filter(pk=pk).update(result=stored.result | {"details": details})
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 0, result.output
    assert f"estimate {pk} reproduced" in result.output
    # Its page still names the model, without the runners-up it never kept.
    shown = khavaran("estimate", "show", str(pk)).output
    assert f"model {details['model']}: the lowest BIC" in shown and "next:" not in shown
