"""Estimating per stratum, refusing sparse strata, and combining strata into one total."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from khavaran.engines.estimation.captures import CaptureHistories
from khavaran.engines.estimation.combination import combine
from khavaran.engines.estimation.errors import SparseStratumError
from khavaran.engines.estimation.lcmcr import Progress
from khavaran.engines.estimation.registry import LCMCR_METHODS, Settings, fit
from khavaran.engines.estimation.results import Estimate, StratifiedEstimate

__all__ = ["check_sparse", "combine", "estimate", "overlap_groups", "stratum_seed"]

MIN_RECORDS = 10
NEEDS_THREE_LISTS = LCMCR_METHODS | {"dga"}


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
    progress: Progress | None = None,
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
        return fit(method, table, settings, progress)
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
        # One seed for every stratum made their draws move together (dga's were comonotone),
        # and the summed interval about twice too wide.
        own = replace(settings, seed=stratum_seed(settings.seed, str(key)))
        results.append(fit(method, table, own, progress))
    if not results:
        raise SparseStratumError(f"every stratum is too sparse for {method}: {refused}")
    combined = combine(results, refused, seed=settings.seed)
    return StratifiedEstimate(method, combined, tuple(results), refused)


def stratum_seed(seed: int, stratum: str) -> int:
    """A stratum's own seed, from the estimate's seed and the stratum's label.

    Independent of the other strata (adding or refusing one changes no other's draws), the
    same on every run, and below 2^31 so that it is stored as any seed.

    Example:
        >>> stratum_seed(0, "city=Tehran") == stratum_seed(0, "city=Tehran")
        True
    """
    label = hashlib.sha256(stratum.encode()).digest()
    words = np.frombuffer(label, dtype=np.uint32).tolist()
    state = np.random.SeedSequence([seed, *words]).generate_state(1)
    return int(state[0]) & 0x7FFFFFFF
