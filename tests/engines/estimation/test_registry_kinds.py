"""Every method says what its estimate and interval are; a sum of strata says how it was made."""

from __future__ import annotations

from khavaran.engines.estimation import METHODS, CaptureHistories, estimate
from khavaran.engines.estimation.registry import KINDS, SIMULATED_SUM, kind_of

ROWS = {(1, 0, 0): 60, (0, 1, 0): 50, (0, 0, 1): 40, (1, 1, 0): 20, (1, 0, 1): 15, (1, 1, 1): 5}


def test_every_method_says_what_its_estimate_and_interval_are() -> None:
    assert set(KINDS) == set(METHODS)
    assert KINDS["loglinear"].interval == "95% profile-likelihood confidence interval"
    assert KINDS["lcmcr"].estimate == "posterior median" and "credible" in KINDS["dga"].interval
    assert [m for m, kind in KINDS.items() if kind.bayesian] == ["lcmcr", "lcmcr-calibrated", "dga"]


def test_a_likelihood_sum_of_strata_has_a_simulated_interval_and_its_strata_their_own() -> None:
    tables: dict[str | None, CaptureHistories] = {
        f"y={y}": CaptureHistories.from_counts(["A", "B", "C"], ROWS, stratum=f"y={y}")
        for y in (1, 2)
    }
    result = estimate(tables, "loglinear")
    assert kind_of(result.combined) is SIMULATED_SUM  # type: ignore[union-attr]
    assert kind_of(result.strata[0]) is KINDS["loglinear"]  # type: ignore[union-attr]
