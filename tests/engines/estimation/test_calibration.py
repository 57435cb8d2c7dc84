"""Simulation-based calibration of the LCMCR sampler: small fixed-seed versions of the benchmark."""

from __future__ import annotations

import numpy as np
import pytest

from khavaran.engines.estimation.calibration import (
    SBCSettings,
    draw_prior,
    fractional_rank,
    posterior_draws,
    uniformity,
)

SMALL = SBCSettings(total_range=(100, 400), burn_in=1_000, n_draws=50, thin=200)


def _ranks(replications: int, settings: SBCSettings, shift: float) -> dict[str, np.ndarray]:
    # The rank of each true value among the draws whose N is in the prior's range; the total is
    # also ranked after multiplying it by ``shift``, as if the sampler were that far off.
    out: dict[str, list[float]] = {"total": [], "shifted": [], "alpha": [], "p_unseen": []}
    for seed in range(replications):
        rng = np.random.default_rng(seed)
        draw = draw_prior(rng, settings)
        draws = posterior_draws(seed + 1_000_000, draw, settings)
        keep = (draws["total"] >= settings.total_range[0]) & (
            draws["total"] <= settings.total_range[1]
        )
        truth = draw.truth()
        for name in ("total", "alpha", "p_unseen"):
            out[name].append(fractional_rank(rng, draws[name][keep], truth[name]))
        out["shifted"].append(fractional_rank(rng, draws["total"][keep], shift * truth["total"]))
    return {name: np.array(values) for name, values in out.items()}


@pytest.mark.slow
def test_true_values_rank_uniformly_among_the_posterior_draws() -> None:
    ranks = _ranks(60, SMALL, shift=1.05)
    # Three tests at 0.001: a calibrated sampler fails one for 0.3% of seeds.
    for name in ("total", "alpha", "p_unseen"):
        assert uniformity(ranks[name])["ks_p"] > 0.001, name
    # The check has teeth: were the draws of N 5% too low, it would say so.
    assert uniformity(ranks["shifted"])["ks_p"] < 1e-6


def test_prior_draws_lie_in_the_range_and_give_data_lcmcr_accepts() -> None:
    draw = draw_prior(np.random.default_rng(3), SMALL)
    assert 100 <= draw.population.total <= 400
    assert draw.weights.sum() == pytest.approx(1.0)
    assert min(draw.population.captures.list_sizes().values()) > 0


def test_a_rank_is_uniform_when_the_truth_is_one_more_draw() -> None:
    rng = np.random.default_rng(0)
    ranks = np.array(
        [fractional_rank(rng, rng.integers(0, 5, 9), rng.integers(0, 5)) for _ in range(4_000)]
    )
    assert uniformity(ranks)["chi2_p"] > 0.01
    assert ranks.min() > 0.0 and ranks.max() < 1.0
