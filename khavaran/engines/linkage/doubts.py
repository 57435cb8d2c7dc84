"""Pairs a person must see: the model may not score them above the review band.

Fellegi–Sunter adds the comparisons' weights as if they were independent, but among two
people they are not: siblings share their family name, father, city, prison and often the day
of death, and the model counted each as fresh evidence until two brothers with two given
names scored 0.9998. The same sum let a shared first name, father and city outweigh two family
names that have nothing in common (Sobhani, Salehi). Such a pair may still be one person (a
list that wrote the wrong name), so the model does not veto it; it scores it no higher than
the middle of the review band's upper half, where it is still linked at the threshold but
waits for a reviewer (accept-clusters holds its cluster).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from .review import REVIEW_BITS, match_weight
from .settings import DIFFERENT_NAMES, LONG_U_DIFFERS, comparisons

# The levels that put a pair in doubt: two different given names, and family names that are
# neither one name nor a spelling of it (below one edit and Jaro-Winkler 0.92).
DOUBTFUL_LEVELS: dict[str, tuple[str, ...]] = {
    "given": (DIFFERENT_NAMES, LONG_U_DIFFERS),
    "family": ("Jaro-Winkler distance of family_key >= 0.8", "All other comparisons"),
}
# Doubtful pairs score at most this many bits above the threshold's match weight: inside the
# review band (REVIEW_BITS either side), clear of its edge.
CAP_BITS = REVIEW_BITS - 1.0


def cap_probability(threshold: float) -> float:
    """The highest match probability a doubtful pair keeps (0.8 at the threshold 0.5).

    Example:
        >>> round(cap_probability(0.5), 6)
        0.8
    """
    weight = float(match_weight(threshold)) + CAP_BITS
    return float(1.0 / (1.0 + 2.0**-weight))


def cap_doubtful(pairs: pd.DataFrame, table: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """``pairs`` with every doubtful pair above the cap lowered to it (probability and weight).

    Args:
        pairs: ``uid_l``, ``uid_r``, ``match_probability``, ``match_weight``.
        table: the prepared records (records.prepare), with ``uid``.
        threshold: the clustering threshold the review band is centred on.
    """
    cap = cap_probability(threshold)
    high = pairs.index[pairs["match_probability"] > cap]
    if len(high) == 0:
        return pairs
    doubtful = _doubtful(pairs.loc[high, ["uid_l", "uid_r"]], table)
    capped = pairs.copy()
    rows = high[doubtful]
    capped.loc[rows, "match_probability"] = cap
    # Splink's match weight includes the prior: log2 of the odds, as review.match_weight.
    capped.loc[rows, "match_weight"] = float(match_weight(cap))
    return capped


def _doubtful(pairs: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """Whether each pair lands on a doubtful level (its comparison's first level that holds)."""
    records = table.set_index("uid")
    left = records.loc[pairs["uid_l"]].add_suffix("_l").reset_index(drop=True)
    right = records.loc[pairs["uid_r"]].add_suffix("_r").reset_index(drop=True)
    frame = pd.concat([left, right], axis=1)
    built = {c.output_column_name: c for c in (x.get_comparison("duckdb") for x in comparisons())}
    cases = [_in_levels(built[name], labels) for name, labels in DOUBTFUL_LEVELS.items()]
    connection = duckdb.connect()
    try:
        connection.register("pairs", frame)
        found = connection.execute(f"SELECT {' OR '.join(cases)} FROM pairs").fetchnumpy()
    finally:
        connection.close()
    return np.asarray(next(iter(found.values())), dtype=bool)


def _in_levels(comparison: object, labels: tuple[str, ...]) -> str:
    # Splink's own rule: a pair takes the first level whose condition holds.
    whens = []
    for level in comparison.comparison_levels:  # type: ignore[attr-defined]
        doubtful = "TRUE" if level.label_for_charts in labels else "FALSE"
        if level.sql_condition.strip().upper() == "ELSE":
            whens.append(f"ELSE {doubtful}")
        else:
            whens.append(f"WHEN {level.sql_condition} THEN {doubtful}")
    return f"coalesce(CASE {' '.join(whens)} END, FALSE)"
