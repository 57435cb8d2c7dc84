"""Combining the estimates of independent strata into one total (docs/estimation.md, Strata).

Bayesian methods: the strata's posterior draws are added draw by draw; each stratum was sampled
with its own seed, so the draws are independent and their sum is a draw of the total.

Likelihood methods (log-linear, Chapman): each stratum's undocumented count f0 = N − n is drawn
from a distribution whose median is the stratum's estimate and whose 2.5% and 97.5% points are
its interval's ends (log-normal on each side, Chao's log transform; Chapman's from its standard
error), independently per stratum, and the draws are summed. A normal approximation from the
interval's half-width made a skewed stratum's upper bound larger than the combined one.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from khavaran.engines.estimation.diagnostics import ess_bulk, ess_tail, rhat
from khavaran.engines.estimation.lcmcr import convergence_warnings
from khavaran.engines.estimation.results import Diagnostics, Estimate

Z95 = 1.959963984540054
SIMULATED = 100_000
FloatArray = npt.NDArray[np.float64]

DRAWS_SUMMED = (
    "posterior draws summed across strata, draw by draw; each stratum was sampled with its "
    "own seed, so its draws are independent of the others'"
)
SIMULATED_SUM = (
    "simulation: each stratum's undocumented count (estimate − documented) drawn {how}, "
    f"independently per stratum, and summed ({SIMULATED:,} draws); the total is the sum of "
    "the strata's totals"
)
FROM_INTERVAL = "from a log-normal on each side of its estimate, matched to its 95% interval"
FROM_STDERR = "from a log-normal with its standard error (Chao's log transform)"

# How the strata were combined, for a program to read (``details["combined_by"]``), beside
# the words of ``details["combination"]``: a result stored before 2026-11-27 has neither
# marker nor these methods (a normal approximation, every stratum on one seed).
DRAW_SUM = "draw-sum"
LOGNORMAL_SIMULATION = "lognormal-simulation"


def combine(
    estimates: Sequence[Estimate], refused: Mapping[str, str] | None = None, *, seed: int = 0
) -> Estimate:
    """Sum independent strata into one total: draw by draw for Bayesian methods, else by
    simulating each stratum's undocumented count from its interval.

    Args:
        estimates: one Estimate per stratum, all by the same method.
        refused: strata left out as too sparse, with the reason.
        seed: the seed of the simulation (likelihood methods) and of the whole estimate.

    Returns:
        The combined Estimate; ``details["combination"]`` says how the strata were combined,
        in words, and ``details["combined_by"]`` the same for a program ("draw-sum" with
        independent stratum seeds, or "lognormal-simulation" with its draws and seed).
    """
    warnings = [f"stratum {e.stratum}: {w}" for e in estimates for w in e.warnings]
    if refused:
        warnings.append(
            "the combined total leaves out sparse strata (" + ", ".join(sorted(refused)) + "); "
            "it covers only the strata estimated"
        )
    first = estimates[0]
    common: dict[str, Any] = {
        "method": first.method,
        "observed": sum(e.observed for e in estimates),
        "lists": first.lists,
        "input_sha256": _combined_hash(estimates),
        "settings": first.settings,
        "seed": seed,
        "stratum": None,
    }
    if first.draws and len({np.shape(e.draws) for e in estimates}) == 1:
        return _sum_draws(estimates, warnings, common)
    low, high = simulated_interval(estimates, seed)
    return Estimate(
        total=sum(e.total for e in estimates),
        interval=(low, high),
        details={
            "combined_strata": len(estimates),
            "combination": _simulated_text(first),
            "combined_by": {
                "method": LOGNORMAL_SIMULATION,
                "draws": SIMULATED,
                "seed": seed,
                "sides": "standard-error" if first.method == "chapman" else "interval",
            },
        },
        warnings=tuple(warnings),
        **common,
    )


def _sum_draws(
    estimates: Sequence[Estimate], warnings: list[str], common: dict[str, Any]
) -> Estimate:
    draws = np.sum([np.array(e.draws, dtype=np.int64) for e in estimates], axis=0)
    lower, median, upper = np.quantile(draws, [0.025, 0.5, 0.975])
    diagnostics = _combined_diagnostics(estimates, draws)
    if diagnostics is not None:
        warnings.extend(convergence_warnings(diagnostics))
    return Estimate(
        total=float(median),
        interval=(float(lower), float(upper)),
        draws=tuple(tuple(int(d) for d in chain) for chain in draws),
        diagnostics=diagnostics,
        details={
            "combined_strata": len(estimates),
            "combination": DRAWS_SUMMED,
            "combined_by": {
                "method": DRAW_SUM,
                "stratum_seeds": "independent",
                "seed": common["seed"],
            },
        },
        warnings=tuple(warnings),
        **common,
    )


def _simulated_text(first: Estimate) -> str:
    how = FROM_STDERR if first.method == "chapman" else FROM_INTERVAL
    return SIMULATED_SUM.format(how=how)


def simulated_interval(estimates: Sequence[Estimate], seed: int) -> tuple[float, float]:
    """95% interval of the summed total, by simulating each stratum's undocumented count.

    The bounds never fall inside what one stratum implies: the lower is at least the documented
    total, the upper at least any stratum's upper bound plus the others' documented counts (it
    is so for the exact sum of independent counts; the floor only removes simulation noise).
    """
    if not all(math.isfinite(e.total) for e in estimates):
        # A stratum with no finite estimate (log-linear) leaves the sum unbounded above.
        return float(sum(e.observed for e in estimates)), math.inf
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal((len(estimates), SIMULATED))
    undocumented = sum(
        (undocumented_draws(e, z) for e, z in zip(estimates, normal, strict=True)),
        start=np.zeros(SIMULATED),
    )
    low, high = np.quantile(undocumented, [0.025, 0.975], method="inverted_cdf")
    documented = sum(e.observed for e in estimates)
    floor = max(e.interval[1] + documented - e.observed for e in estimates)
    return documented + float(low), max(documented + float(high), floor)


def undocumented_draws(estimate: Estimate, normal: FloatArray) -> FloatArray:
    """Draws of a stratum's undocumented count from standard normal draws ``normal``.

    Each side of the estimate is log-normal, reaching the interval's end at ±1.96 (a normal
    side where that end is zero, since a log-normal cannot reach it). Chapman's interval is
    clipped at the documented count, so its ends come from its standard error instead.
    """
    f0 = max(estimate.total - estimate.observed, 0.0)
    low, high = (max(end - estimate.observed, 0.0) for end in estimate.interval)
    stderr = estimate.details.get("stderr")
    if estimate.method == "chapman" and stderr is not None and f0 > 0:
        spread = math.exp(Z95 * math.sqrt(math.log1p((float(stderr) / f0) ** 2)))
        low, high = f0 / spread, f0 * spread
    end = np.where(normal < 0, low, high)
    share = np.abs(normal) / Z95
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        logged = f0 * np.power(end / f0, share) if f0 > 0 else np.zeros_like(share)
        linear = f0 + (end - f0) * share
    draws = np.where((end > 0) & (f0 > 0), logged, linear)
    # A draw exactly at the estimate (share 0) of a side without an upper bound is the estimate.
    draws = np.where(share == 0, f0, draws)
    return np.maximum(draws, 0.0)


def _combined_diagnostics(estimates: Sequence[Estimate], draws: np.ndarray) -> Diagnostics | None:
    parts = [e.diagnostics for e in estimates if e.diagnostics is not None]
    if not parts:
        return None
    return Diagnostics(
        rhat=rhat(draws) if draws.shape[0] > 1 else float("nan"),
        ess_bulk=ess_bulk(draws),
        ess_tail=ess_tail(draws),
        n_chains=draws.shape[0],
        n_draws=draws.shape[1],
        chain_medians=tuple(float(m) for m in np.median(draws, axis=1)),
        seconds=sum(p.seconds for p in parts),
        iterations_per_second=float(np.mean([p.iterations_per_second for p in parts])),
    )


def _combined_hash(estimates: Sequence[Estimate]) -> str:
    joined = "\n".join(f"{e.stratum}:{e.input_sha256}" for e in estimates)
    return hashlib.sha256(joined.encode()).hexdigest()
