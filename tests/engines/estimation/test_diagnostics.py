"""R-hat and effective sample size, against ArviZ."""

from __future__ import annotations

import numpy as np
import pytest

from khavaran.engines.estimation.diagnostics import MIN_DRAWS_FOR_ESS, ess_bulk, ess_tail, rhat


@pytest.mark.parametrize("shift", [0.0, 0.5])
def test_it_agrees_with_arviz(shift: float) -> None:
    az = pytest.importorskip("arviz")
    rng = np.random.default_rng(3)
    noise = rng.normal(size=(4, 800))
    # An AR(1) chain per row, shifted apart when shift > 0.
    draws = np.zeros_like(noise)
    for t in range(1, noise.shape[1]):
        draws[:, t] = 0.7 * draws[:, t - 1] + noise[:, t]
    draws += shift * np.arange(4)[:, None]
    assert rhat(draws) == pytest.approx(float(az.rhat(draws)), rel=1e-6)
    assert ess_bulk(draws) == pytest.approx(float(az.ess(draws, method="bulk")), rel=0.05)
    assert ess_tail(draws) == pytest.approx(float(az.ess(draws, method="tail")), rel=0.05)


def test_it_flags_chains_that_disagree() -> None:
    rng = np.random.default_rng(4)
    draws = rng.normal(size=(4, 500)) + np.array([0, 0, 3, 3])[:, None]
    assert rhat(draws) > 1.1


def test_the_effective_sample_size_needs_a_few_draws_per_chain() -> None:
    rng = np.random.default_rng(5)
    assert np.isnan(ess_bulk(rng.normal(size=(2, MIN_DRAWS_FOR_ESS - 1))))
    assert np.isfinite(ess_bulk(rng.normal(size=(2, MIN_DRAWS_FOR_ESS))))
