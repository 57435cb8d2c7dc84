"""Simulation-based calibration (SBC; Talts et al. 2018) of the LCMCR sampler.

Draw the parameters from the model's own prior, simulate captures from them, run the sampler on
the captures, and note where the true value falls among the posterior draws. If the sampler
draws from the exact posterior, that rank is uniform over replications; a bias of the sampler
shows as a slope, an interval too narrow or too wide as a U or a hump. Unlike a comparison with
a second sampler, this needs nothing but the model's definition.

The prior is the one the kernel implements: stick-breaking weights truncated at K classes
(V_k ~ Beta(1, α), V_K = 1), α ~ Gamma(a, b) (rate b), λ_jk ~ Beta(1, 1). The kernel's prior on
N is the improper 1/N; SBC needs a proper one, so N is drawn with P(N) ∝ 1/N on a range
[lo, hi]. The posterior under that prior is the kernel's posterior restricted to [lo, hi], so
the draws whose N falls outside the range are dropped (importance weights of 0 or 1) and the
ranks are taken among the rest: exact, at the cost of fewer draws. The truncation at K does not
affect ranks, because the data are drawn with the same K the sampler uses. Data sets that
LCMCR refuses (a list with nobody on it) are redrawn: that is a choice made on the data alone,
and the posterior given data in the accepted set is the same posterior, so ranks stay uniform.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2, kstest

from khavaran.engines.estimation import _lcmcr_kernels as kernels
from khavaran.engines.estimation.errors import SparseStratumError
from khavaran.engines.estimation.lcmcr import check_data, sampler_state, stick_weights
from khavaran.engines.estimation.simulate import Population, simulate

QUANTITIES = ("total", "alpha", "p_unseen", "p_list1")


@dataclass(frozen=True)
class PriorDraw:
    """One draw of the parameters from LCMCR's prior and the captures simulated from it."""

    alpha: float
    weights: np.ndarray
    lam: np.ndarray
    population: Population

    def truth(self) -> dict[str, float]:
        """The true values of the quantities whose ranks SBC checks."""
        summaries = _summaries(self.lam, self.weights)
        return {"total": float(self.population.total), "alpha": self.alpha, **summaries}


@dataclass(frozen=True)
class SBCSettings:
    """One SBC replication's model and chain.

    Attributes:
        n_lists, n_classes: lists J and truncation K (K as the sampler uses it).
        a, b: Gamma prior of α (LCMCR's 0.25, 0.25).
        lambda_prior: Beta prior of each λ_jk (LCMCR's 1, 1).
        total_range: N is drawn with P(N) ∝ 1/N on these integers, bounds included.
        burn_in, n_draws, thin: the chain; n_draws × thin should leave near-independent draws.
        min_single_share: keep only data sets where at least this share of the people seen are
            on one list only (a choice on the data, so still exact): most prior draws catch
            nearly everyone, and this steers SBC to the sparse data where N is uncertain.
    """

    n_lists: int = 4
    n_classes: int = 10
    a: float = 0.25
    b: float = 0.25
    total_range: tuple[int, int] = (300, 1_500)
    burn_in: int = 5_000
    n_draws: int = 100
    thin: int = 1_000
    min_single_share: float = 0.0
    lambda_prior: tuple[float, float] = (1.0, 1.0)


def draw_prior(rng: np.random.Generator, settings: SBCSettings) -> PriorDraw:
    """Parameters from LCMCR's prior, captures from the parameters; redrawn until LCMCR accepts.

    Example:
        >>> draw = draw_prior(np.random.default_rng(0), SBCSettings())
        >>> 300 <= draw.population.total <= 1_500
        True
    """
    lo, hi = settings.total_range
    totals = np.arange(lo, hi + 1)
    p_total = 1.0 / totals
    p_total /= p_total.sum()
    while True:
        alpha = float(rng.gamma(settings.a, 1.0 / settings.b))
        v = rng.beta(1.0, max(alpha, 1e-300), size=settings.n_classes)
        v[-1] = 1.0
        weights = stick_weights(v)
        shape = (settings.n_lists, settings.n_classes)
        if settings.lambda_prior == (1.0, 1.0):
            lam = rng.uniform(size=shape)
        else:
            lam = rng.beta(*settings.lambda_prior, size=shape)
        total = int(rng.choice(totals, p=p_total))
        population = simulate(total, weights, lam.T, rng)
        try:
            check_data(population.captures)
        except SparseStratumError:
            continue
        if _single_share(population) >= settings.min_single_share:
            return PriorDraw(alpha, weights, lam, population)


def _single_share(population: Population) -> float:
    caps = population.captures
    return float(caps.counts[caps.patterns.sum(axis=1) == 1].sum() / caps.n_observed)


def posterior_draws(
    captures_seed: int, draw: PriorDraw, settings: SBCSettings
) -> dict[str, np.ndarray]:
    """Joint posterior draws of N, α and the λ summaries from the kernel LatentClassMSE runs."""
    data = draw.population.captures.nonzero()
    rng = np.random.default_rng(captures_seed)
    patterns, counts, lam, v, state = sampler_state(rng, data, settings.n_classes)
    args = (rng, patterns, counts, lam, v, state, settings.a, settings.b, *settings.lambda_prior)
    record = np.zeros(1, dtype=np.int64)
    kernels.sweep(*args, settings.burn_in, 0, record, 0)
    state[2] = 0.0
    out: dict[str, list[float]] = {q: [] for q in QUANTITIES}
    for _ in range(settings.n_draws):
        kernels.sweep(*args, settings.thin, settings.thin, record, 0)
        weights = stick_weights(v)
        values = {"total": float(record[0]), "alpha": float(state[0])}
        values.update(_summaries(lam, weights))
        for q, value in values.items():
            out[q].append(value)
    return {q: np.array(x) for q, x in out.items()}


def _summaries(lam: np.ndarray, weights: np.ndarray) -> dict[str, float]:
    # Functions of λ and π that do not depend on how the classes are labelled.
    return {
        "p_unseen": float(weights @ np.prod(1.0 - lam, axis=0)),
        "p_list1": float(weights @ lam[0]),
    }


def fractional_rank(rng: np.random.Generator, draws: np.ndarray, true: float) -> float:
    """Where ``true`` falls among ``draws``, in (0, 1); ties (N is an integer) broken at random.

    Uniform on (0, 1) when ``true`` and the draws are exchangeable: the rank r among L draws is
    uniform on {0, …, L}, and (r + U) / (L + 1) spreads it evenly.
    """
    below = int(np.sum(draws < true))
    ties = int(np.sum(draws == true))
    rank = below + int(rng.integers(0, ties + 1))
    return (rank + float(rng.random())) / (draws.size + 1)


def replicate(seed: int, settings: SBCSettings) -> dict[str, float]:
    """One SBC replication: the fractional rank of each quantity, and the draws kept.

    Replication ``seed`` draws its parameters and data with ``seed`` and runs the chain with
    ``seed + 1_000_000``, so replications are independent of each other and of their order.
    """
    rng = np.random.default_rng(seed)
    draw = draw_prior(rng, settings)
    draws = posterior_draws(seed + 1_000_000, draw, settings)
    lo, hi = settings.total_range
    # The posterior under the proper prior: the draws whose N lies in its range.
    keep = (draws["total"] >= lo) & (draws["total"] <= hi)
    out = {
        "kept": float(keep.sum()),
        "total_true": float(draw.population.total),
        "alpha_true": draw.alpha,
    }
    truth = draw.truth()
    for q in QUANTITIES:
        kept = draws[q][keep]
        out[q] = fractional_rank(rng, kept, truth[q]) if kept.size else math.nan
    return out


def uniformity(ranks: np.ndarray, bins: int = 10) -> dict[str, object]:
    """Chi-square (over ``bins`` equal bins) and Kolmogorov–Smirnov tests of uniform ranks.

    Returns:
        The p-values, the count in each bin and the share of ranks in the outer 5% on each side
        (each should be near 0.05: more means intervals too narrow).
    """
    ranks = ranks[np.isfinite(ranks)]
    counts = np.histogram(ranks, bins=bins, range=(0.0, 1.0))[0]
    expected = ranks.size / bins
    statistic = float(np.sum((counts - expected) ** 2 / expected))
    return {
        "n": float(ranks.size),
        "chi2_p": float(chi2.sf(statistic, bins - 1)),
        "ks_p": float(kstest(ranks, "uniform").pvalue),
        "mean": float(ranks.mean()),
        "below_0.025": float(np.mean(ranks < 0.025)),
        "above_0.975": float(np.mean(ranks > 0.975)),
        "bins": counts.tolist(),
    }
