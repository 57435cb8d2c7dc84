"""Bayesian non-parametric latent class model (LCMCR, Manrique-Vallier 2016).

People fall into latent classes; within a class, lists are independent with class-specific
probabilities λ_jk; class weights have a truncated stick-breaking prior with concentration
α ~ Gamma(a, b); N has the prior 1/N. A Gibbs sampler with data augmentation of the unseen draws
from the posterior of N. Heterogeneity between people is what the classes absorb; that is why this
is the method most used in human-rights work.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Self

import numpy as np

from khavaran.engines.estimation import _lcmcr_kernels as kernels
from khavaran.engines.estimation.base import Estimator
from khavaran.engines.estimation.captures import CaptureHistories
from khavaran.engines.estimation.diagnostics import MIN_DRAWS_FOR_ESS, ess_bulk, ess_tail, rhat
from khavaran.engines.estimation.errors import EstimationError, SparseStratumError
from khavaran.engines.estimation.results import Diagnostics, Estimate

# Thresholds of the warnings (Vehtari et al. 2021; the spread is Khavaran's own, see docs).
# Two tiers of R-hat: above RHAT_REPORT the chains are not yet converged enough to quote, above
# RHAT_LIMIT they did not converge at all. The defaults stay under 1.01 on Kosovo and spina bifida.
RHAT_REPORT = 1.01
RHAT_LIMIT = 1.1
ESS_MIN = 400.0
CHAIN_SPREAD_LIMIT = 0.05
MIN_LISTS_WITH_DATA = 3
BLOCK = 2_000

Progress = Callable[[int], None]


@dataclass(frozen=True)
class State:
    """One state of a chain after burn-in: a draw of the total and of the model's parameters.

    Attributes:
        total: N.
        weights: (K,) class shares π.
        lam: (J, K) chance of being on list j in class k.
    """

    total: int
    weights: np.ndarray
    lam: np.ndarray


@dataclass(frozen=True)
class _Chain:
    draws: np.ndarray
    seconds: float
    states: tuple[State, ...] = ()


class LatentClassMSE(Estimator):
    """LCMCR: the total from a Dirichlet-process latent class model, several chains.

    Args:
        n_classes: truncation K of the stick-breaking prior; default min(2^J − 1, 10).
        a, b: Gamma prior of the concentration α (0.25, 0.25 as in LCMCR and HRDAG's verdata).
        lambda_prior: Beta prior (a_λ, b_λ) of each list probability λ_jk. LCMCR's is (1, 1),
            uniform; (0.5, 0.5) is Jeffreys' prior, an option studied in docs/estimation.md.
        burn_in: iterations discarded at the start of each chain.
        n_samples: draws kept per chain.
        thin: iterations between kept draws.
        n_chains: independent chains (R-hat needs at least two).
        random_state: seed; the same seed and settings give the same draws.
        n_jobs: chains run at once (threads); does not change the draws.
        progress: called with the number of iterations done since the last call.
        keep_states: keep this many states of the parameters, spread evenly over the kept
            iterations of all chains, in ``states_`` (the calibrated LCMCR simulates from them);
            does not change the draws.

    Example:
        >>> est = LatentClassMSE(random_state=1).fit(caps).result_  # doctest: +SKIP
        >>> est.total, est.diagnostics.rhat  # doctest: +SKIP
        (10480.0, 1.002)
    """

    method = "lcmcr"

    def __init__(
        self,
        n_classes: int | None = None,
        a: float = 0.25,
        b: float = 0.25,
        lambda_prior: tuple[float, float] = (1.0, 1.0),
        burn_in: int = 10_000,
        n_samples: int = 1_000,
        thin: int = 100,
        n_chains: int = 4,
        random_state: int = 0,
        n_jobs: int = 1,
        progress: Progress | None = None,
        keep_states: int = 0,
    ) -> None:
        self.n_classes = n_classes
        self.a = a
        self.b = b
        self.lambda_prior = lambda_prior
        self.burn_in = burn_in
        self.n_samples = n_samples
        self.thin = thin
        self.n_chains = n_chains
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.progress = progress
        self.keep_states = keep_states
        self._states: tuple[State, ...] = ()

    @property
    def states_(self) -> tuple[State, ...]:
        """The states kept by the last :meth:`fit` (``keep_states`` of them)."""
        return self._states

    def total_iterations(self) -> int:
        """Gibbs iterations over all chains (for a progress bar)."""
        return self.n_chains * (self.burn_in + self.n_samples * self.thin)

    def fit(self, captures: CaptureHistories) -> Self:
        """Run the chains and summarize the posterior of the total.

        Args:
            captures: a table with at least three non-empty lists.

        Returns:
            self, with ``result_``; its ``warnings`` say when the chains disagree.
        """
        self._check_settings()
        check_data(captures)
        data = captures.nonzero()
        n_classes = self._n_classes(captures)
        seeds = np.random.SeedSequence(self.random_state).generate_state(self.n_chains)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, self.n_jobs)) as pool:
            chains = list(pool.map(lambda s: self._chain(data, n_classes, int(s)), seeds))
        seconds = time.perf_counter() - started
        draws = np.vstack([c.draws for c in chains])
        self._states = tuple(s for c in chains for s in c.states)[: self.keep_states]
        self._result = self._summarize(captures, draws, n_classes, seconds)
        return self

    def chain_draws(self, captures: CaptureHistories, seed: int) -> np.ndarray:
        """The kept totals of one chain on ``captures``, with no check or summary.

        For simulated tables (the calibrated LCMCR), where a list may have caught nobody: the
        model allows it, and refusing such a table would bias which simulations count.
        """
        return self._chain(captures.nonzero(), self._n_classes(captures), seed).draws

    def _n_classes(self, captures: CaptureHistories) -> int:
        # LCMCR's default truncation: every pattern its own class, at most 10.
        return self.n_classes or min(2**captures.n_lists - 1, 10)

    def _chain(self, data: CaptureHistories, n_classes: int, seed: int) -> _Chain:
        started = time.perf_counter()
        # One generator per chain: the starting values, then every draw of the sampler.
        rng = np.random.default_rng(seed)
        patterns, counts, lam, v, state = sampler_state(rng, data, n_classes)
        priors = (float(self.a), float(self.b), *(float(x) for x in self.lambda_prior))
        args = (rng, patterns, counts, lam, v, state, *priors)
        record = np.zeros(self.n_samples, dtype=np.int64)
        self._run(args, self.burn_in, 0, record)
        state[2] = 0.0
        # Segments of whole thins, a state kept after each; how the iterations are cut into
        # calls does not change the draws.
        per_chain = math.ceil(self.keep_states / self.n_chains)
        cuts = np.linspace(0, self.n_samples, max(per_chain, 1) + 1).round().astype(int)
        states, offset = [], 0
        for samples in np.diff(cuts):
            offset = self._run(args, int(samples) * self.thin, self.thin, record, offset)
            if per_chain:
                states.append(State(int(counts.sum() + state[1]), stick_weights(v), lam.copy()))
        return _Chain(record, time.perf_counter() - started, tuple(states))

    def _run(
        self,
        args: tuple[object, ...],
        iterations: int,
        thin: int,
        record: np.ndarray,
        offset: int = 0,
    ) -> int:
        done = 0
        # Blocks are whole multiples of thin so the recording phase never shifts.
        block = BLOCK if thin == 0 else max(thin, BLOCK // thin * thin)
        while done < iterations:
            step = min(block, iterations - done)
            offset = kernels.sweep(*args, step, thin, record, offset)  # type: ignore[call-arg, arg-type]
            done += step
            if self.progress is not None:
                self.progress(step)
        return offset

    def _summarize(
        self,
        captures: CaptureHistories,
        draws: np.ndarray,
        n_classes: int,
        seconds: float,
    ) -> Estimate:
        pooled = draws.ravel()
        lower, median, upper = np.quantile(pooled, [0.025, 0.5, 0.975])
        diagnostics = Diagnostics(
            rhat=rhat(draws) if self.n_chains > 1 else float("nan"),
            ess_bulk=ess_bulk(draws),
            ess_tail=ess_tail(draws),
            n_chains=self.n_chains,
            n_draws=self.n_samples,
            chain_medians=tuple(float(m) for m in np.median(draws, axis=1)),
            seconds=seconds,
            iterations_per_second=self.total_iterations() / seconds if seconds > 0 else 0.0,
        )
        settings = {
            "n_classes": n_classes,
            "a": self.a,
            "b": self.b,
            "lambda_prior": list(self.lambda_prior),
            "burn_in": self.burn_in,
            "n_samples": self.n_samples,
            "thin": self.thin,
            "n_chains": self.n_chains,
        }
        return Estimate(
            method=self.method,
            total=float(median),
            interval=(float(lower), float(upper)),
            observed=captures.n_observed,
            lists=captures.lists,
            input_sha256=captures.sha256(),
            settings=settings,
            seed=self.random_state,
            draws=tuple(tuple(int(d) for d in chain) for chain in draws),
            diagnostics=diagnostics,
            details={"mean": float(pooled.mean())},
            warnings=convergence_warnings(diagnostics),
            stratum=captures.stratum,
        )

    def _check_settings(self) -> None:
        for name in ("burn_in", "n_samples", "thin", "n_chains"):
            value = getattr(self, name)
            minimum = 0 if name == "burn_in" else 1
            if not isinstance(value, int) or value < minimum:
                raise EstimationError(f"lcmcr: {name} must be an integer ≥ {minimum}, not {value}")
        if self.n_samples < 4:
            raise EstimationError("lcmcr: n_samples must be at least 4 for diagnostics")
        if len(self.lambda_prior) != 2 or not min(self.lambda_prior) > 0:
            raise EstimationError(
                f"lcmcr: lambda_prior must be two positive numbers, not {self.lambda_prior}"
            )
        if self.n_classes is not None and self.n_classes < 1:
            raise EstimationError(f"lcmcr: n_classes must be ≥ 1, not {self.n_classes}")


def sampler_state(
    rng: np.random.Generator, data: CaptureHistories, n_classes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A chain's start: the kernel's (patterns, counts, λ, V, [α, n0, iteration])."""
    lam = rng.uniform(0.05, 0.95, size=(data.n_lists, n_classes))
    v = rng.beta(1.0, 1.0, size=n_classes)
    v[-1] = 1.0
    patterns = np.ascontiguousarray(data.patterns, dtype=np.int64)
    counts = np.ascontiguousarray(data.counts, dtype=np.int64)
    return patterns, counts, lam, v, np.array([1.0, 0.0, 0.0])


def stick_weights(v: np.ndarray) -> np.ndarray:
    """Class shares π_k = V_k ∏_{l<k} (1 − V_l) from the stick-breaking weights."""
    return v * np.concatenate(([1.0], np.cumprod(1.0 - v[:-1])))


def check_data(captures: CaptureHistories) -> None:
    """Refuse a table LCMCR cannot use (HRDAG's rule: three lists with data, none empty).

    Raises:
        SparseStratumError: naming the file, the stratum and the list at fault.
    """
    where = f"{captures.source}" + (f" (stratum {captures.stratum})" if captures.stratum else "")
    sizes = captures.list_sizes()
    with_data = [name for name, size in sizes.items() if size > 0]
    if len(with_data) < MIN_LISTS_WITH_DATA:
        raise SparseStratumError(
            f"{where}: only {len(with_data)} list(s) with records; LCMCR needs at least "
            f"{MIN_LISTS_WITH_DATA} (merge strata, or use --method chapman for two lists)"
        )
    empty = [name for name, size in sizes.items() if size == 0]
    if empty:
        raise SparseStratumError(
            f"{where}: list '{empty[0]}' has no records in this stratum; drop the list or merge "
            "strata"
        )


def convergence_warnings(diagnostics: Diagnostics) -> tuple[str, ...]:
    """Plain-language warnings when the chains disagree or mix too little to be trusted."""
    warnings = [_rhat_warning(diagnostics)]
    ess = min(diagnostics.ess_bulk, diagnostics.ess_tail)
    if math.isnan(ess):
        warnings.append(_no_ess_warning(diagnostics))
    elif not ess >= ESS_MIN:
        warnings.append(
            f"only {ess:.0f} effective samples (want ≥ {ESS_MIN:.0f}); the interval is "
            "imprecise, raise --samples or --thin"
        )
    medians = diagnostics.chain_medians
    spread = (max(medians) - min(medians)) / float(np.median(medians)) if medians else 0.0
    if len(medians) > 1 and spread > CHAIN_SPREAD_LIMIT:
        warnings.append(
            f"the total depends on the seed: chain medians range from {min(medians):,.0f} to "
            f"{max(medians):,.0f} ({spread:.0%} apart); the model is poorly identified here"
        )
    return tuple(w for w in warnings if w)


def _rhat_warning(diagnostics: Diagnostics) -> str:
    # Silence only when R-hat is known to be ≤ 1.01: one chain, or an R-hat that could not be
    # computed, is a convergence nobody checked, not one that passed.
    value, chains = diagnostics.rhat, diagnostics.n_chains
    if chains < 2:
        return "convergence was not checked: one chain gives no R-hat; run 2 or more (--chains)"
    if math.isnan(value):
        return (
            f"convergence was not checked: R-hat could not be computed from {chains} chains of "
            f"{diagnostics.n_draws} draws; run longer chains (--samples)"
        )
    if value > RHAT_LIMIT:
        return (
            f"the chains did not converge: R-hat {value:.3f} > {RHAT_LIMIT} across {chains} "
            "chains; do not quote this total, run longer chains (--burn-in, --samples, --thin)"
        )
    if value > RHAT_REPORT:
        return (
            f"the chains have not converged enough to report: R-hat {value:.3f} > {RHAT_REPORT} "
            f"across {chains} chains; run longer (--samples/--thin)"
        )
    return ""


def _no_ess_warning(diagnostics: Diagnostics) -> str:
    if diagnostics.n_draws < MIN_DRAWS_FOR_ESS:
        return (
            f"too few draws to estimate the effective sample size ({diagnostics.n_draws} per "
            f"chain; it needs at least {MIN_DRAWS_FOR_ESS}, and ≥ {ESS_MIN:.0f} effective "
            "samples are wanted): raise --samples"
        )
    return (
        "the effective sample size could not be estimated: nearly every draw of the total is "
        "the same; the chains may be stuck, run longer chains (--burn-in, --samples, --thin)"
    )
