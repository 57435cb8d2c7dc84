"""Estimating per stratum, refusing sparse strata, and combining strata into one total."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from khavaran.engines.estimation.captures import CaptureHistories
from khavaran.engines.estimation.diagnostics import ess_bulk, ess_tail, rhat
from khavaran.engines.estimation.errors import SparseStratumError
from khavaran.engines.estimation.lcmcr import convergence_warnings
from khavaran.engines.estimation.registry import LCMCR_METHODS, Settings, make_estimator
from khavaran.engines.estimation.results import Diagnostics, Estimate, StratifiedEstimate

MIN_RECORDS = 10
NEEDS_THREE_LISTS = LCMCR_METHODS | {"dga"}
Z95 = 1.959963984540054


def check_sparse(captures: CaptureHistories, method: str) -> None:
    """Refuse a table too sparse for ``method``, naming the file, stratum and reason.

    Every method needs each list to have a record, at least ten people seen and someone on
    more than one list; LCMCR and dga need three lists with records (HRDAG's rule in verdata).

    Raises:
        SparseStratumError: the one-line reason.
    """
    where = captures.source + (f" (stratum {captures.stratum})" if captures.stratum else "")
    sizes = captures.list_sizes()
    empty = [name for name, size in sizes.items() if size == 0]
    if empty and captures.stratum is None:
        raise SparseStratumError(f"{where}: {_empty_lists(empty, len(sizes), method)}")
    with_data = len(sizes) - len(empty)
    if method in NEEDS_THREE_LISTS and with_data < 3:
        if captures.stratum is None:
            raise SparseStratumError(
                f"{where}: {method} needs at least 3 lists and this table has {with_data}; "
                "use loglinear or chapman"
            )
        raise SparseStratumError(
            f"{where}: only {with_data} list(s) of {len(sizes)} with people in this stratum; "
            f"{method} needs at least 3 (merge strata, or leave it out with --skip-sparse)"
        )
    if empty:
        raise SparseStratumError(
            f"{where}: list '{empty[0]}' has no one in this stratum; merge strata, or leave it "
            "out with --skip-sparse"
        )
    if captures.n_observed < MIN_RECORDS:
        raise SparseStratumError(
            f"{where}: only {captures.n_observed} people seen; at least {MIN_RECORDS} are needed "
            "for any estimate" + (" (merge strata)" if captures.stratum else "")
        )
    on_several = int(captures.counts[captures.patterns.sum(axis=1) > 1].sum())
    if on_several == 0:
        # Every method reads the unseen from how the lists overlap; with no overlap the data
        # are as likely for any total (log-linear gave trillions, with no upper bound).
        raise SparseStratumError(
            f"{where}: no one is on more than one list, so the lists say nothing about the "
            f"people on none; {captures.n_observed:,} are documented and no total can be "
            "estimated (check the linkage, or find lists that overlap)"
        )
    groups = overlap_groups(captures)
    if len(groups) > 1:
        # The same as no overlap, between groups: how many the one group's lists miss says
        # nothing about the other's (a tester's two new lists gave LCMCR 403 [383, 427]).
        named = "; ".join(", ".join(f"'{name}'" for name in group) for group in groups)
        raise SparseStratumError(
            f"{where}: the lists fall into {len(groups)} groups that share no one ({named}), "
            "so no total of them all can be estimated; estimate each group on its own, drop "
            "the lists that share no one, or check the linkage"
        )


def overlap_groups(captures: CaptureHistories) -> list[list[str]]:
    """The lists, grouped by who they share: two lists are in one group when a chain of
    lists, each sharing someone with the next, joins them. Lists with no one are left out."""
    parent = list(range(captures.n_lists))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for pattern, count in zip(captures.patterns, captures.counts, strict=True):
        on = np.flatnonzero(pattern)
        if count > 0 and len(on) > 1:
            for other in on[1:]:
                parent[root(int(other))] = root(int(on[0]))
    sizes = captures.list_sizes()
    groups: dict[int, list[str]] = {}
    for i, name in enumerate(captures.lists):
        if sizes[name] > 0:
            groups.setdefault(root(i), []).append(name)
    return list(groups.values())


def _empty_lists(empty: Sequence[str], n_lists: int, method: str) -> str:
    """Why a table (not a stratum) with lists that name no one is refused, and what to do."""
    names = ", ".join(f"'{name}'" for name in empty)
    text = (
        f"list {names} has no one on it; drop that column"
        if len(empty) == 1
        else f"lists {names} have no one on them; drop those columns"
    )
    left = n_lists - len(empty)
    if left < 2:
        return f"{text} (estimation needs at least 2 lists with people on them; {left} left)"
    if method in NEEDS_THREE_LISTS and left < 3:
        return f"{text}, then use loglinear or chapman ({method} needs at least 3 lists)"
    return text


def estimate(
    tables: Mapping[str | None, CaptureHistories],
    method: str,
    settings: Settings | None = None,
    *,
    skip_sparse: bool = False,
    progress: object = None,
) -> Estimate | StratifiedEstimate:
    """Estimate the total of an unstratified table, or of each stratum and their sum.

    Args:
        tables: as returned by :func:`read_captures` (``{None: table}`` when unstratified).
        method: "lcmcr", "lcmcr-calibrated", "dga", "loglinear" or "chapman".
        settings: the methods' settings.
        skip_sparse: leave sparse strata out with a warning instead of raising.
        progress: callable given the number of sampler iterations done (LCMCR).

    Returns:
        An Estimate, or a StratifiedEstimate when the tables are strata.

    Example:
        >>> result = estimate(read_captures("kosovo.csv"), "loglinear")  # doctest: +SKIP
    """
    settings = settings or Settings()
    if list(tables) == [None]:
        table = tables[None]
        check_sparse(table, method)
        return make_estimator(method, settings, progress).fit(table).result_  # type: ignore[arg-type]
    results: list[Estimate] = []
    refused: dict[str, str] = {}
    for key in sorted(tables, key=str):
        table = tables[key]
        try:
            check_sparse(table, method)
        except SparseStratumError as exc:
            if not skip_sparse:
                raise
            refused[str(key)] = str(exc)
            continue
        results.append(make_estimator(method, settings, progress).fit(table).result_)  # type: ignore[arg-type]
    if not results:
        raise SparseStratumError(f"every stratum is too sparse for {method}: {refused}")
    return StratifiedEstimate(method, combine(results, refused), tuple(results), refused)


def combine(estimates: Sequence[Estimate], refused: Mapping[str, str] | None = None) -> Estimate:
    """Sum strata: draw by draw for Bayesian methods, else totals with a normal interval.

    The strata are independent populations, so the draws of their totals add; for the
    likelihood methods each interval's half-width gives a standard error and variances add.
    """
    first = estimates[0]
    warnings = [f"stratum {e.stratum}: {w}" for e in estimates for w in e.warnings]
    if refused:
        warnings.append(
            "the combined total leaves out sparse strata (" + ", ".join(sorted(refused)) + "); "
            "it covers only the strata estimated"
        )
    common = {
        "method": first.method,
        "observed": sum(e.observed for e in estimates),
        "lists": first.lists,
        "input_sha256": _combined_hash(estimates),
        "settings": first.settings,
        "seed": first.seed,
        "stratum": None,
    }
    shapes = {np.shape(e.draws) for e in estimates}
    if first.draws and len(shapes) == 1:
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
            details={"combined_strata": len(estimates), "combination": "draws summed"},
            warnings=tuple(warnings),
            **common,  # type: ignore[arg-type]
        )
    total = sum(e.total for e in estimates)
    se = math.sqrt(sum(((e.interval[1] - e.interval[0]) / (2 * Z95)) ** 2 for e in estimates))
    return Estimate(
        total=total,
        interval=(max(total - Z95 * se, float(common["observed"])), total + Z95 * se),  # type: ignore[arg-type]
        details={"combined_strata": len(estimates), "combination": "normal approximation"},
        warnings=tuple(warnings),
        **common,  # type: ignore[arg-type]
    )


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
    import hashlib

    joined = "\n".join(f"{e.stratum}:{e.input_sha256}" for e in estimates)
    return hashlib.sha256(joined.encode()).hexdigest()
