"""How an estimate was reached, read back from its stored JSON: each stratum's figures, the
log-linear model chosen and the next ones, dga's heaviest graphs, the sampler's convergence,
and how the strata were combined. Presentation only: it never changes a figure."""

from __future__ import annotations

import json
import math
from typing import Any

from khavaran.engines.estimation import (
    CaptureHistories,
    LogLinear,
    Settings,
    StratifiedEstimate,
    estimate,
    how_reached,
)
from khavaran.engines.estimation.combination import DRAWS_SUMMED

TINY_LCMCR = Settings(seed=3, chains=2, burn_in=50, samples=40, thin=1, classes=2)


def stratum(label: str | None, scale: int = 1) -> CaptureHistories:
    counts = {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20, (1, 1, 0): 12, (1, 0, 1): 9}
    counts |= {(0, 1, 1): 7, (1, 1, 1): 3}
    return CaptureHistories.from_counts(
        ["A", "B", "C"], {k: v * scale for k, v in counts.items()}, "strata.csv", label
    )


def two_lists(label: str, only_a: int, only_b: int, both: int) -> CaptureHistories:
    counts = {(1, 0): only_a, (0, 1): only_b, (1, 1): both}
    return CaptureHistories.from_counts(["A", "B"], counts, "strata.csv", label)


def stored(result: Any) -> dict[str, Any]:
    """The result as an Estimate row keeps it: JSON without the draws."""
    return dict(json.loads(result.to_json(draws=False)))


def by_city(method: str, settings: Settings | None = None) -> StratifiedEstimate:
    tables = {"city=Tehran": stratum("city=Tehran"), "city=آبادان": stratum("city=آبادان", 2)}
    result = estimate(tables, method, settings or Settings())
    assert isinstance(result, StratifiedEstimate)
    return result


def test_a_log_linear_estimate_names_its_model_criterion_and_the_next_models() -> None:
    fitted = LogLinear(criterion="bic").fit(stratum(None))
    how = how_reached(stored(fitted.result_))
    model = how.whole.model
    assert model is not None and model.name == fitted.result_.details["model"]
    assert model.criterion == "bic" and model.score == fitted.result_.details["bic"]
    assert model.compared == 8 and model.search == "exhaustive"
    # The next four by BIC, in order, none better than the chosen; every model compared is
    # either the chosen, a runner-up, or worse than every runner-up.
    scores = sorted(row[5] for row in fitted.models_)
    assert [m.bic for m in model.runners_up] == scores[1:5]
    assert all(m.bic >= model.bic for m in model.runners_up)
    assert how.lists == ("A", "B", "C") and not how.stratified


def test_an_aic_choice_ranks_the_runners_up_by_aic() -> None:
    fitted = LogLinear(criterion="aic").fit(stratum(None))
    model = how_reached(stored(fitted.result_)).whole.model
    assert model is not None and model.criterion == "aic" and model.score == model.aic
    assert [m.aic for m in model.runners_up] == sorted(row[4] for row in fitted.models_)[1:5]


def test_keeping_the_runners_up_changes_no_figure_of_the_estimate() -> None:
    # The figures the code gave before it kept them (the same table, the same search).
    result = LogLinear().fit(stratum(None)).result_
    assert len(result.details["runners_up"]) == 4
    before = (211.07836270998519, 172.19953621416389, 273.4511673775678)
    after = (result.total, *result.interval)
    assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(after, before, strict=True))


def test_each_stratum_has_its_figures_model_and_warnings() -> None:
    result = by_city("loglinear")
    how = how_reached(stored(result))
    assert how.stratified and [p.stratum for p in how.strata] == ["city=Tehran", "city=آبادان"]
    for part, engine in zip(how.strata, result.strata, strict=True):
        assert (part.observed, part.total, part.interval) == (
            engine.observed,
            engine.total,
            engine.interval,
        )
        assert part.model is not None and part.model.name == engine.details["model"]
        assert part.warnings == engine.warnings
    assert how.whole.total == result.combined.total
    assert sum(p.observed for p in how.strata) == how.whole.observed


def test_likelihood_strata_are_said_to_be_combined_by_simulation_on_the_log_scale() -> None:
    combination = how_reached(stored(by_city("loglinear"))).combination
    assert combination is not None and combination.kind == "simulated"
    assert combination.draws == 100_000 and not combination.from_stderr
    assert "log-normal" in combination.text and combination.seed == 0
    tables = {"s=a": two_lists("s=a", 40, 30, 20), "s=b": two_lists("s=b", 50, 35, 25)}
    chapman = how_reached(stored(estimate(tables, "chapman"))).combination
    assert chapman is not None and chapman.kind == "simulated" and chapman.from_stderr


def test_bayesian_strata_are_said_to_be_combined_by_summing_their_draws() -> None:
    how = how_reached(stored(by_city("dga", Settings(seed=5)))).combination
    assert how is not None and how.kind == "summed_draws" and how.draws is None
    assert how.text == DRAWS_SUMMED and how.seed == 5


def test_dga_keeps_its_heaviest_graphs_with_their_posterior_weights() -> None:
    result = by_city("dga")
    how = how_reached(stored(result))
    for part in how.strata:
        weights = [g.weight for g in part.graphs]
        assert weights == sorted(weights, reverse=True) and 0 < sum(weights) <= 1 + 1e-9
        assert part.graphs_compared == 8 and all(g.cliques for g in part.graphs)


def test_each_lcmcr_stratum_has_its_own_convergence_diagnostics() -> None:
    result = by_city("lcmcr", TINY_LCMCR)
    how = how_reached(stored(result))
    assert how.diagnosed
    for part, engine in zip(how.strata, result.strata, strict=True):
        assert part.convergence is not None and engine.diagnostics is not None
        assert part.convergence.rhat == engine.diagnostics.rhat
        assert part.convergence.ess_bulk == engine.diagnostics.ess_bulk
        assert part.convergence.chains == 2 and part.convergence.draws == 40
    # The summed draws are diagnosed too.
    assert how.whole.convergence is not None


def test_its_json_is_strict_with_no_upper_bound_as_null() -> None:
    result = stored(LogLinear().fit(stratum(None)).result_)
    result["interval"][1] = None  # as a stored interval with no upper bound is written
    how = how_reached(result)
    assert how.whole.interval[1] == math.inf
    text = json.dumps(how.to_json(), allow_nan=False)
    data = json.loads(text)
    assert data["whole"]["interval"][1] is None
    assert data["whole"]["model"]["score"] == result["details"]["bic"]


def test_an_estimate_stored_before_the_runners_up_and_combination_text_is_still_read() -> None:
    old = stored(by_city("loglinear"))
    for part in old["strata"]:
        del part["details"]["runners_up"]
    del old["combined"]["details"]["combination"], old["combined"]["details"]["combined_by"]
    how = how_reached(old)
    assert all(p.model is not None and p.model.runners_up == () for p in how.strata)
    assert how.combination is not None and how.combination.kind == "simulated"
    assert how_reached(stored(by_city("dga"))).combination is not None


def before_2026_11_27(result: dict[str, Any], text: str) -> dict[str, Any]:
    """A stratified result as the code before 0108143 stored it: its combination in the words
    of then, no marker, and every stratum on the estimate's one seed (None for the likelihood
    methods, which use none)."""
    combined = result["combined"]
    del combined["details"]["combined_by"]
    combined["details"]["combination"] = text
    if text == "normal approximation":
        combined["seed"] = None
    for part in result["strata"]:
        part["seed"] = combined["seed"]
    return result


def test_new_combined_results_say_how_in_a_marker() -> None:
    loglinear = by_city("loglinear", Settings(seed=4)).combined.details["combined_by"]
    assert loglinear == {
        "method": "lognormal-simulation",
        "draws": 100_000,
        "seed": 4,
        "sides": "interval",
    }
    tables = {"s=a": two_lists("s=a", 40, 30, 20), "s=b": two_lists("s=b", 50, 35, 25)}
    chapman = estimate(tables, "chapman")
    assert isinstance(chapman, StratifiedEstimate)
    assert chapman.combined.details["combined_by"]["sides"] == "standard-error"
    dga = by_city("dga", Settings(seed=5)).combined.details["combined_by"]
    assert dga == {"method": "draw-sum", "stratum_seeds": "independent", "seed": 5}


def test_the_marker_is_read_before_the_words() -> None:
    result = stored(by_city("dga", Settings(seed=5)))
    result["combined"]["details"]["combination"] = "normal approximation"
    how = how_reached(result).combination
    assert how is not None and how.kind == "summed_draws" and how.earlier == ""


def test_likelihood_strata_stored_before_2026_11_27_are_said_to_be_a_normal_approximation() -> None:
    old = before_2026_11_27(stored(by_city("loglinear")), "normal approximation")
    how = how_reached(old).combination
    assert how is not None and how.kind == "normal_approximation"
    assert how.seed is None and how.draws is None and how.strata == 2
    assert "before 2026-11-27" in how.earlier and "± 1.96 standard errors" in how.earlier
    data = how_reached(old).to_json()["combination"]
    assert data["kind"] == "normal_approximation" and data["earlier"] == how.earlier


def test_bayesian_strata_stored_before_2026_11_27_are_said_to_share_one_seed() -> None:
    old = before_2026_11_27(stored(by_city("dga", Settings(seed=7))), "draws summed")
    how = how_reached(old).combination
    assert how is not None and how.kind == "summed_draws_one_seed" and how.seed == 7
    assert "every stratum was sampled with the same seed (7)" in how.earlier
    assert "the combined interval is too wide" in how.earlier
    # With one stratum estimated, its draws are the total's: nothing is too wide.
    old["strata"] = old["strata"][:1]
    old["combined"]["details"]["combined_strata"] = 1
    alone = how_reached(old).combination
    assert alone is not None and "too wide" not in alone.earlier


def test_a_result_without_words_or_marker_is_read_from_its_seeds() -> None:
    dga = stored(by_city("dga", Settings(seed=7)))
    del dga["combined"]["details"]["combined_by"], dga["combined"]["details"]["combination"]
    how = how_reached(dga).combination
    assert how is not None and how.kind == "summed_draws"  # each stratum has its own seed
    for part in dga["strata"]:
        part["seed"] = 7
    how = how_reached(dga).combination
    assert how is not None and how.kind == "summed_draws_one_seed"
    loglinear = stored(by_city("loglinear"))
    del loglinear["combined"]["details"]["combined_by"]
    del loglinear["combined"]["details"]["combination"]
    loglinear["combined"]["seed"] = None  # today's simulation always has one
    how = how_reached(loglinear).combination
    assert how is not None and how.kind == "normal_approximation"
