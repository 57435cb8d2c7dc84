"""LCMCR with a calibrated interval: the mapping of draws, the fit, and reproducibility."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from khavaran.engines.estimation import (
    CalibratedLCMCR,
    EstimationError,
    LatentClassMSE,
    Settings,
    make_estimator,
    reproduce,
)
from khavaran.engines.estimation.calibrated_lcmcr import _ends_error, _moved, _quantiles
from khavaran.engines.estimation.results import Estimate
from khavaran.engines.estimation.simulate import heterogeneous_scenario

SHORT = {"burn_in": 2_000, "n_samples": 200, "thin": 10, "n_chains": 2}
QUICK = {"replicates": 10, "burn_in": 500, "n_samples": 100, "thin": 5}


def posterior(size: int = 2_000, seed: int = 0) -> np.ndarray:
    """Sorted right-skewed draws, like a posterior of a total."""
    rng = np.random.default_rng(seed)
    return np.sort(np.rint(1_000 * np.exp(rng.normal(0, 0.05, size))).astype(np.int64))


def test_no_shift_and_unit_scale_leave_every_draw_where_it_was() -> None:
    pooled = posterior()
    chain = pooled[::7]
    assert np.array_equal(_moved(pooled, chain, 0.0, 1.0, 0), chain)


def test_a_shift_of_one_moves_the_median_by_one_posterior_standard_deviation() -> None:
    pooled = posterior()
    moved = _moved(pooled, pooled, 1.0, 1.0, 0)
    sd = np.log(pooled).std()
    assert np.log(np.median(moved) / np.median(pooled)) == pytest.approx(sd, rel=0.1)


def test_a_wider_scale_widens_the_interval_past_the_last_draw_with_a_log_normal_tail() -> None:
    # Draws at the exact quantiles of a log-normal posterior, median 10,000, sd of log 0.05.
    scores = stats.norm.ppf((np.arange(2_000) + 0.5) / 2_000)
    pooled = np.rint(10_000 * np.exp(0.05 * scores)).astype(np.int64)
    moved = _moved(pooled, pooled, 0.0, 2.0, 0)
    # The tail is extended, not clipped: the top draw's score z maps to exp(2z·0.05).
    assert moved.max() == pytest.approx(10_000 * np.exp(2 * 0.05 * scores[-1]), rel=0.002)
    assert moved.min() == pytest.approx(10_000 * np.exp(2 * 0.05 * scores[0]), rel=0.002)


def test_inside_the_draws_the_quantiles_are_hazens() -> None:
    pooled = posterior()
    levels = np.array([0.025, 0.5, 0.975])
    hazen = np.quantile(pooled, levels, method="hazen")
    assert np.allclose(_quantiles(pooled, stats.norm.ppf(levels)), hazen)


def test_no_draw_falls_below_the_documented_count() -> None:
    pooled = posterior()
    assert _moved(pooled, pooled, -10.0, 1.0, 990).min() == 990


def normal_posterior(centre: float = 10_000, sd: float = 100, size: int = 4_000) -> np.ndarray:
    """Draws at the exact quantiles of a normal posterior."""
    return np.rint(centre + sd * stats.norm.ppf((np.arange(size) + 0.5) / size)).astype(np.int64)


def calibrated_on(scores: np.ndarray) -> Estimate:
    """The calibration of a fixed normal posterior (sd 100) given these simulations' scores."""
    draws = normal_posterior()
    raw = Estimate(
        method="lcmcr",
        total=float(np.median(draws)),
        interval=(float(draws[100]), float(draws[-101])),
        observed=9_000,
        lists=("A", "B", "C"),
        input_sha256="0" * 64,
        settings={},
        seed=1,
        draws=(tuple(int(d) for d in draws[::2]), tuple(int(d) for d in draws[1::2])),
    )
    replicate = LatentClassMSE(n_chains=1)
    return CalibratedLCMCR()._calibrated(raw, replicate, scores)


def test_the_ends_monte_carlo_error_comes_from_the_spread_of_the_scores_and_their_number() -> None:
    # μ has standard error σ/√B, s the relative one 1/√(2(B − 1)); on a normal posterior with
    # sd 100 people an end's error is 100 · √(σ²/B + 1.96² s² / (2(B − 1))).
    error = 100 * np.hypot(1 / np.sqrt(40), 1.96 * 1.1 / np.sqrt(78))
    assert _ends_error(normal_posterior(), 0.0, 1.0, 1.1, 40) == pytest.approx(
        (error, error), rel=0.02
    )
    # An end held at the documented count does not move with the seed.
    assert _ends_error(normal_posterior(), 0.0, 1.0, 1.1, 40, floor=10_300)[0] == 0.0


def test_it_warns_when_its_ends_move_with_the_seed_for_want_of_simulations() -> None:
    few = calibrated_on(stats.norm.ppf((np.arange(10) + 0.5) / 10))
    (warning,) = few.warnings
    assert warning.startswith("the calibrated interval moves with the seed: its ends carry")
    assert "from its 10 simulations; raise --replicates (four times as many halve it)" in warning
    lower, upper = few.details["ends_monte_carlo_error"]  # type: ignore[misc]
    assert lower == pytest.approx(upper, rel=0.05) and lower > 0.1 * (
        few.interval[1] - few.interval[0]
    )


def test_with_many_simulations_its_ends_are_precise_and_it_does_not_warn() -> None:
    many = calibrated_on(stats.norm.ppf((np.arange(400) + 0.5) / 400))
    assert many.warnings == ()
    assert max(many.details["ends_monte_carlo_error"]) < 0.05 * (  # type: ignore[arg-type]
        many.interval[1] - many.interval[0]
    )


def test_it_calibrates_lcmcr_on_a_simulated_population_and_keeps_lcmcrs_own_figures() -> None:
    pop = heterogeneous_scenario(1_000, 5, 3)
    base = LatentClassMSE(random_state=4, **SHORT)
    est = CalibratedLCMCR(base, **QUICK).fit(pop.captures).result_
    plain = LatentClassMSE(random_state=4, **SHORT).fit(pop.captures).result_
    assert est.method == "lcmcr-calibrated"
    # Keeping states for the calibration does not change LCMCR's draws.
    assert est.details["raw_total"] == plain.total
    assert est.details["raw_interval"] == list(plain.interval)
    assert len(est.details["scores"]) == 10
    assert all(e > 0 for e in est.details["ends_monte_carlo_error"])  # type: ignore[union-attr]
    assert est.interval[0] <= est.total <= est.interval[1]
    assert est.interval[0] >= pop.captures.n_observed
    assert est.settings["replicates"] == 10 and est.settings["n_chains"] == 2
    assert [len(chain) for chain in est.draws] == [200, 200]
    # The caller's estimator is left as it was.
    assert base.keep_states == 0 and base.states_ == ()


def test_it_reproduces_from_the_stored_seed_and_settings() -> None:
    pop = heterogeneous_scenario(800, 4, 5)
    settings = Settings(seed=9, chains=2, burn_in=1_000, samples=200, thin=10, replicates=10)
    first = make_estimator("lcmcr-calibrated", settings).fit(pop.captures).result_
    again = reproduce(Estimate.from_json(first.to_json()), pop.captures)
    assert again.draws == first.draws
    assert (again.total, again.interval) == (first.total, first.interval)
    assert again.details["scores"] == first.details["scores"]


def test_running_the_simulations_in_threads_does_not_change_the_result() -> None:
    pop = heterogeneous_scenario(800, 4, 6)
    serial = CalibratedLCMCR(LatentClassMSE(random_state=2, **SHORT), **QUICK)
    threads = CalibratedLCMCR(LatentClassMSE(random_state=2, **SHORT), n_jobs=2, **QUICK)
    assert serial.fit(pop.captures).result_.draws == threads.fit(pop.captures).result_.draws


def test_it_refuses_fewer_than_ten_simulations() -> None:
    pop = heterogeneous_scenario(800, 4, 6)
    with pytest.raises(EstimationError, match="replicates must be an integer ≥ 10"):
        CalibratedLCMCR(replicates=3).fit(pop.captures)
