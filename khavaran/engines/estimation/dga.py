"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997; R's dga).

Each decomposable graph on the lists is a log-linear model; with a hyper-Dirichlet prior its
marginal likelihood has a closed form over cliques and separators. The posterior of the number
unseen averages the graphs, weighted by their marginal likelihoods, under a prior on N ∝ 1/N.
The formulas follow R's dga ``bma.cr`` exactly, so the results match it to rounding.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Self

import numpy as np
from scipy.special import gammaln, logsumexp

from khavaran.engines.estimation.base import Estimator
from khavaran.engines.estimation.captures import CaptureHistories, all_patterns
from khavaran.engines.estimation.errors import (
    EstimationError,
    MethodNotApplicableError,
    SparseStratumError,
)
from khavaran.engines.estimation.graphs import decomposable_graphs
from khavaran.engines.estimation.results import Estimate

MIN_LISTS, MAX_LISTS = 3, 5
GRAPH_CHUNK = 64
MISSING_MULTIPLE = 30
TAIL_WARNING = 1e-4
DRAWS = 4000
# Under the saturated graph the posterior of the unseen is the prior's, most of it at zero: past
# 5% of the weight it puts the 2.5% quantile (the interval's lower end) at the documented count;
# past 50% it holds most of the posterior, the median included (Kosovo, spina bifida: under 1%).
SATURATED_INTERVAL = 0.05
SATURATED_ESTIMATE = 0.5
# The saturated graph's own tail in the grid's last tenth is about 0.1% (30 × documented); more
# there means the grid cuts off the other graphs' posterior, so their weights are the grid's.
GRID_CUTS_WEIGHTS = 0.01


class DecomposableGraphAveraging(Estimator):
    """dga: average over every decomposable graph on 3 to 5 lists.

    Args:
        delta: prior count per cell of the hyper-Dirichlet (dga's ``delta``; 1/16 by default).
        max_missing: largest number unseen considered; default 30 × documented (at least 1,000).
        n_prior: None for the prior on N ∝ 1/N (dga's default), or (a, b) for Madigan & York's
            (1997) negative-binomial prior, p(N) ∝ Γ(N + a) / Γ(N + 1) · (b / (1 + b))^N, the
            one R's dga example uses on spina bifida (a = 13.14, b = 55.17, with delta = 1).
        random_state: seed for the draws kept for plots and for summing strata.

    Assumes the dependence between lists is one of the decomposable graphs; heterogeneity of
    people that no graph captures biases the total down, as with any log-linear model.

    Example:
        >>> est = DecomposableGraphAveraging().fit(caps).result_  # doctest: +SKIP
        >>> est.details["mode"]  # doctest: +SKIP
        728
    """

    method = "dga"

    def __init__(
        self,
        delta: float = 1 / 16,
        max_missing: int | None = None,
        n_prior: tuple[float, float] | None = None,
        random_state: int = 0,
    ) -> None:
        self.delta = delta
        self.max_missing = max_missing
        self.n_prior = n_prior
        self.random_state = random_state

    def fit(self, captures: CaptureHistories) -> Self:
        """Compute the posterior of the total on a grid and summarize it.

        Args:
            captures: a table with 3 to 5 lists.

        Returns:
            self, with ``result_`` and ``posterior_`` (N grid, probabilities).
        """
        _check(captures)
        if not self.delta > 0:
            raise EstimationError(f"dga's prior count delta must be above 0, not {self.delta}")
        table = captures.full_table().astype(np.float64)
        # dga's own wrapper looks up to 30 times the documented count for the unseen.
        limit = self.max_missing or max(MISSING_MULTIPLE * captures.n_observed, 1000)
        _check_memory(captures, limit, chosen=self.max_missing is not None)
        missing = np.arange(limit + 1, dtype=np.float64)
        log_prior = None
        if self.n_prior is not None:
            log_prior = madigan_york_log_prior(captures.n_observed + missing, *self.n_prior)
        log_post, graph_weights = log_posterior(table, missing, self.delta, log_prior)
        probs = np.exp(log_post - logsumexp(log_post))
        totals = captures.n_observed + missing.astype(np.int64)
        self.posterior_ = (totals, probs)
        self._result = self._summarize(captures, totals, probs, graph_weights, limit)
        return self

    def _summarize(
        self,
        captures: CaptureHistories,
        totals: np.ndarray,
        probs: np.ndarray,
        graph_weights: np.ndarray,
        limit: int,
    ) -> Estimate:
        cdf = np.cumsum(probs)
        # dga's posteriorQuantiles: the first N whose cumulative probability exceeds the level.
        median, lower, upper = (
            float(totals[np.searchsorted(cdf, q, side="right")]) for q in (0.5, 0.025, 0.975)
        )
        graphs = decomposable_graphs(captures.n_lists)
        saturated = float(graph_weights[_saturated_index(graphs, captures.n_lists)])
        tail = float(probs[int(limit * 0.9) :].sum())
        warnings = _saturated_warning(saturated, tail) + _tail_warning(tail, totals, limit)
        rng = np.random.default_rng(self.random_state)
        draws = rng.choice(totals, size=DRAWS, p=probs / probs.sum())
        top = np.argsort(graph_weights)[::-1][:5]
        return Estimate(
            method=self.method,
            total=median,
            interval=(lower, upper),
            observed=captures.n_observed,
            lists=captures.lists,
            input_sha256=captures.sha256(),
            settings={
                "delta": self.delta,
                "prior_n": "1/N" if self.n_prior is None else list(self.n_prior),
                "max_missing": limit,
            },
            seed=self.random_state,
            draws=(tuple(int(d) for d in draws),),
            details={
                "mode": int(totals[int(np.argmax(probs))]),
                "mean": float((totals * probs).sum()),
                "graphs": len(graphs),
                "top_graphs": [
                    {"cliques": _clique_names(graphs[g][0], captures.lists), "weight": float(w)}
                    for g, w in zip(top, graph_weights[top], strict=True)
                ],
                "saturated_weight": saturated,
            },
            warnings=warnings,
            stratum=captures.stratum,
        )


def _saturated_index(graphs: tuple[tuple[tuple[frozenset[int], ...], ...], ...], n: int) -> int:
    return next(g for g, (cliques, _) in enumerate(graphs) if cliques == (frozenset(range(n)),))


def _saturated_warning(weight: float, tail: float) -> tuple[str, ...]:
    """Say when the graph under which the data cannot identify N holds much of the posterior."""
    if weight <= SATURATED_INTERVAL or tail > GRID_CUTS_WEIGHTS:
        return ()
    reflects = (
        "the estimate and interval reflect"
        if weight > SATURATED_ESTIMATE
        else "the interval (its lower end first) reflects"
    )
    return (
        f"the saturated graph (all lists interacting) carries {_share(weight)} of the posterior "
        f"weight: under it the data say nothing about the undocumented, so {reflects} the "
        "prior, not the data",
    )


def _tail_warning(tail: float, totals: np.ndarray, limit: int) -> tuple[str, ...]:
    if tail <= TAIL_WARNING:
        return ()
    return (
        f"{_share(tail)} of the posterior lies near the end of the grid "
        f"({int(totals[-1]):,}); the upper bound depends on it: widen the grid "
        f"(--max-missing, now {limit:,} undocumented)",
    )


def _share(fraction: float) -> str:
    # Rounded to 0.1%, a share of 0.04% would read "0.0%" (none) and 99.96% "100.0%" (all).
    if fraction < 0.001:
        return "under 0.1%"
    return "over 99.9%" if fraction > 0.999 else f"{fraction:.1%}"


def grid_bytes(n_lists: int, limit: int) -> int:
    """Peak memory of dga on a grid of ``limit + 1`` numbers unseen, slightly overstated.

    Per grid point ``log_posterior`` holds a row per list subset, a few copies of one chunk of
    graphs' rows and about ten vectors (measured: 65 float64s per point on 3 lists, 400 on 4,
    430 on 5; counted here as 74, 453 and 490).
    """
    chunk = min(GRAPH_CHUNK, len(decomposable_graphs(n_lists)))
    return 8 * ((1 << n_lists) + 7 * chunk + 10) * (limit + 1)


def available_memory() -> int | None:
    """Bytes of memory the system can give now (Linux's MemAvailable), or None where unknown."""
    try:
        with Path("/proc/meminfo").open(encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _check_memory(captures: CaptureHistories, limit: int, chosen: bool) -> None:
    """Refuse, before allocating, a grid this machine cannot hold (numpy would raise mid-way)."""
    need, free = grid_bytes(captures.n_lists, limit), available_memory()
    if free is None or need <= free:
        return
    where = f" (stratum {captures.stratum})" if captures.stratum else ""
    size = (
        f"--max-missing {limit:,}"
        if chosen
        else f"{MISSING_MULTIPLE} × the {captures.n_observed:,} documented"
    )
    fits = max(free // grid_bytes(captures.n_lists, 0) - 1, 0)
    raise MethodNotApplicableError(
        f"{captures.source}{where}: dga's grid of {limit + 1:,} possible undocumented counts "
        f"({size}) would need {need / 2**30:,.1f} GiB of memory, {free / 2**30:,.1f} GiB is "
        f"available; bound it with --max-missing N (up to about {fits:,} fits) or use another "
        "method (--method loglinear or lcmcr)"
    )


def log_posterior(
    table: np.ndarray,
    missing: np.ndarray,
    delta: float,
    log_prior: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalized log posterior of the number unseen, and each graph's posterior weight.

    Args:
        table: counts of all 2^J cells in dga's layout (cell 0, the unseen, is ignored).
        missing: grid of numbers unseen.
        delta: hyper-Dirichlet prior count per cell.
        log_prior: log prior of N = seen + missing on the grid; None: −log N (dga's default).

    Returns:
        (log posterior over ``missing``, posterior probability of each decomposable graph).
    """
    n_lists = int(np.log2(table.size))
    seen = table[1:].sum()
    components = component_log_ml(table, missing, delta)
    graphs = decomposable_graphs(n_lists)
    alpha_total = delta * 2**n_lists
    per_subgraph = gammaln(alpha_total) - gammaln(missing + seen + alpha_total)
    if log_prior is None:
        log_prior = -np.log(seen + missing)
    common = (
        gammaln(missing + seen + 1) - gammaln(table[1:] + 1).sum() - gammaln(missing + 1)
    ) + log_prior
    coefficients = np.zeros((len(graphs), components.shape[0]))
    subgraphs = np.zeros(len(graphs))
    for g, (cliques, separators) in enumerate(graphs):
        for clique in cliques:
            coefficients[g, _subset_index(clique, n_lists)] += 1
        for separator in separators:
            coefficients[g, _subset_index(separator, n_lists)] -= 1
        subgraphs[g] = len(cliques) - len(separators)
    by_graph = []
    log_post = np.full(missing.size, -np.inf)
    for start in range(0, len(graphs), GRAPH_CHUNK):
        rows = slice(start, start + GRAPH_CHUNK)
        weights = coefficients[rows] @ components + np.outer(subgraphs[rows], per_subgraph)
        weights += common
        log_post = np.logaddexp(log_post, logsumexp(weights, axis=0))
        by_graph.append(logsumexp(weights, axis=1))
    graph_log = np.concatenate(by_graph)
    return log_post, np.exp(graph_log - logsumexp(graph_log))


def madigan_york_log_prior(totals: np.ndarray, a: float, b: float) -> np.ndarray:
    """Madigan & York's (1997) prior on N, as written in R dga's ``bma.cr`` example."""
    return np.asarray(
        totals * np.log(b)
        - (totals + a) * np.log(1 + b)
        + gammaln(totals + a)
        - gammaln(totals + 1)
        - gammaln(a)
    )


def component_log_ml(
    table: np.ndarray,
    missing: np.ndarray,
    delta: float,
) -> np.ndarray:
    """Log marginal likelihood of every marginal table (one row per non-empty list subset)."""
    n_lists = int(np.log2(table.size))
    patterns = all_patterns(n_lists)
    observed = table.copy()
    observed[0] = 0
    rows = np.zeros((2**n_lists - 1, missing.size))
    for subset_index in range(1, 2**n_lists):
        members = [j for j in range(n_lists) if subset_index >> (n_lists - 1 - j) & 1]
        alpha = delta * 2 ** (n_lists - len(members))
        cells = patterns[:, members] @ (2 ** np.arange(len(members) - 1, -1, -1))
        marginal = np.bincount(cells, weights=observed, minlength=2 ** len(members))
        # The unseen count sits in the marginal cell where every member list is 0.
        fixed = (gammaln(marginal[1:] + alpha) - gammaln(alpha)).sum()
        rows[subset_index - 1] = fixed + gammaln(marginal[0] + missing + alpha) - gammaln(alpha)
    return rows


def _subset_index(members: frozenset[int], n_lists: int) -> int:
    return int(sum(2 ** (n_lists - 1 - j) for j in members)) - 1


def _clique_names(cliques: tuple[frozenset[int], ...], lists: tuple[str, ...]) -> list[str]:
    return ["×".join(lists[j] for j in sorted(c)) for c in cliques]


def _check(captures: CaptureHistories) -> None:
    if not MIN_LISTS <= captures.n_lists <= MAX_LISTS:
        raise MethodNotApplicableError(
            f"{captures.source}: dga averages graphs on {MIN_LISTS} to {MAX_LISTS} lists, the "
            f"table has {captures.n_lists}; use --method lcmcr or loglinear"
        )
    empty = [name for name, size in captures.list_sizes().items() if size == 0]
    if empty:
        where = f" (stratum {captures.stratum})" if captures.stratum else ""
        raise SparseStratumError(
            f"{captures.source}{where}: list '{empty[0]}' is empty; drop it or merge strata"
        )
