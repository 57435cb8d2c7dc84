"""Convergence diagnostics across chains: rank-normalized split R-hat and effective sample size.

Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), as in ArviZ and Stan; written here with
numpy so the engine does not import ArviZ (seconds of start-up) on every run. A test checks the
figures against ArviZ.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.stats import norm, rankdata

Chains = npt.NDArray[np.float64]

# Draws per chain below which the effective sample size is not estimated (nan): each chain is
# split in halves, and an autocorrelation estimate needs four draws in each.
MIN_DRAWS_FOR_ESS = 8


def split_chains(draws: Chains) -> Chains:
    """Cut each chain in two halves (a drift within a chain then shows as disagreement)."""
    half = draws.shape[1] // 2
    return np.vstack([draws[:, :half], draws[:, draws.shape[1] - half :]])


def rank_normalize(draws: Chains) -> Chains:
    """Replace draws by normal scores of their pooled ranks (robust to heavy tails)."""
    ranks = rankdata(draws, method="average").reshape(draws.shape)
    result: Chains = norm.ppf((ranks - 0.375) / (draws.size + 0.25))
    return result


def _basic_rhat(draws: Chains) -> float:
    n = draws.shape[1]
    within = draws.var(axis=1, ddof=1).mean()
    between = n * draws.mean(axis=1).var(ddof=1)
    if within <= 0:
        return 1.0 if between <= 0 else float("inf")
    return float(np.sqrt(((n - 1) / n * within + between / n) / within))


def rhat(draws: Chains) -> float:
    """Rank-normalized split R-hat of (chains, draws); > 1.01 suggests, > 1.1 shows, trouble.

    Args:
        draws: array of shape (chains, draws per chain).

    Returns:
        The larger of the bulk and the folded (tail) R-hat.

    Example:
        >>> rhat(np.random.default_rng(0).normal(size=(4, 500))) < 1.01
        True
    """
    split = split_chains(np.asarray(draws, dtype=np.float64))
    folded = np.abs(split - np.median(split))
    return max(_basic_rhat(rank_normalize(split)), _basic_rhat(rank_normalize(folded)))


def _autocovariance(chain: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    n = chain.size
    centered = chain - chain.mean()
    size = 2 ** int(np.ceil(np.log2(2 * n)))
    spectrum = np.fft.rfft(centered, size)
    result: npt.NDArray[np.float64] = np.fft.irfft(spectrum * np.conj(spectrum), size)[:n] / n
    return result


def _ess(draws: Chains) -> float:
    n_chains, n = draws.shape
    # nan when there is nothing to estimate from: too few draws, or draws that never vary.
    if n < MIN_DRAWS_FOR_ESS // 2 or np.ptp(draws) == 0:
        return float("nan")
    acov = np.array([_autocovariance(c) for c in draws])
    mean_var = acov[:, 0].mean() * n / (n - 1)
    var_plus = mean_var * (n - 1) / n
    if n_chains > 1:
        var_plus += draws.mean(axis=1).var(ddof=1)
    rho = 1.0 - (mean_var - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Geyer's initial positive sequence of paired autocorrelations, made monotone.
    pairs = rho[: n - n % 2].reshape(-1, 2).sum(axis=1)
    positive = np.flatnonzero(pairs <= 0)
    pairs = pairs[: positive[0]] if positive.size else pairs
    pairs = np.minimum.accumulate(pairs)
    tau = -1.0 + 2.0 * pairs.sum()
    tau = max(tau, 1.0 / np.log10(n_chains * n))
    return float(n_chains * n / tau)


def ess_bulk(draws: Chains) -> float:
    """Bulk effective sample size of (chains, draws): independent draws worth as much."""
    return _ess(rank_normalize(split_chains(np.asarray(draws, dtype=np.float64))))


def ess_tail(draws: Chains) -> float:
    """Tail effective sample size: the smaller for the 5% and 95% quantiles."""
    split = split_chains(np.asarray(draws, dtype=np.float64))
    low, high = np.quantile(split, [0.05, 0.95])
    return min(_ess((split <= low).astype(np.float64)), _ess((split <= high).astype(np.float64)))
