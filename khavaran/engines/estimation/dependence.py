"""Signs in a capture table that the lists are not independent, as warnings for the estimate.

Every method reads the people on no list from how the lists overlap, assuming each list was
compiled on its own. A list with no one of its own (everyone on it is on another list) is the
classic sign that it was compiled from the others; such a table gives an interval of almost no
width ("no one undocumented"), which must never be read without this warning.
"""

from __future__ import annotations

import numpy as np

from khavaran.engines.estimation.captures import CaptureHistories
from khavaran.engines.estimation.results import Estimate

CONSEQUENCE = (
    "every method assumes the lists are independent, so the total and its interval may be "
    "too low and too narrow"
)


def dependence_warnings(captures: CaptureHistories) -> tuple[str, ...]:
    """Warnings for a list that holds everyone seen, or for lists with no one of their own.

    Args:
        captures: one table (a stratum or the whole population).

    Returns:
        Plain-language warnings; empty when every list has someone on no other list.

    Example:
        >>> caps = CaptureHistories.from_counts(["A", "B"], {(0, 1): 40, (1, 1): 60})
        >>> dependence_warnings(caps)[0][:34]
        "list 'B' holds everyone seen: 'A' "
    """
    sizes = captures.list_sizes()
    seen = captures.n_observed
    whole = [name for name, size in sizes.items() if seen > 0 and size == seen]
    if whole:
        return (_holds_everyone(whole, captures),)
    alone = _people_only_on(captures)
    return tuple(
        f"list '{name}' has no one who is on no other list: it may have been compiled from "
        f"them; {CONSEQUENCE}"
        for name, size in sizes.items()
        if size > 0 and alone[name] == 0
    )


def _holds_everyone(whole: list[str], captures: CaptureHistories) -> str:
    others = [name for name in captures.lists if name != whole[0]]
    where = f" in this stratum ({captures.stratum})" if captures.stratum else ""
    text = (
        f"list '{whole[0]}' holds everyone seen{where}: "
        + ", ".join(f"'{name}'" for name in others)
        + f" {'is' if len(others) == 1 else 'are'} contained in it, so one may have been "
        f"compiled from the other; {CONSEQUENCE}"
    )
    if captures.stratum:
        # A field that only one list records puts all of a stratum on that list (a tester's
        # prison strata: each looked completely documented).
        text += (
            f"; the stratum variable may come from '{whole[0]}' alone: stratify on a field "
            "every list records"
        )
    return text


def _people_only_on(captures: CaptureHistories) -> dict[str, int]:
    single = captures.patterns.sum(axis=1) == 1
    counts = captures.counts[single] @ captures.patterns[single] if single.any() else None
    if counts is None:
        return dict.fromkeys(captures.lists, 0)
    return {name: int(c) for name, c in zip(captures.lists, np.asarray(counts), strict=True)}


def interval_warnings(estimate: Estimate, already: tuple[str, ...]) -> tuple[str, ...]:
    """A warning for an interval less than one person wide that no other warning explains."""
    low, high = estimate.interval
    if high - low >= 1 or already:
        return ()
    if high - estimate.observed >= 1:
        # Far above the documented count, no width is a fit that broke down, not dependence.
        return (
            f"the 95% interval {low:,.0f} – {high:,.0f} has no width although it lies above the "
            f"documented count ({estimate.observed:,}): the fit has broken down numerically; do "
            "not quote it",
        )
    return (
        f"the 95% interval {low:,.0f} – {high:,.0f} has no width: the lists leave no room for "
        "anyone undocumented, which is what lists that are not independent (one compiled from "
        "another) show; do not quote it as certain",
    )
