"""Capture histories: which lists saw each victim, the estimation engine's input."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd


def capture_histories(clusters: pd.DataFrame, lists: Sequence[str] | None = None) -> pd.DataFrame:
    """Count victims by the set of lists that recorded them.

    Args:
        clusters: one row per record with ``cluster_id`` and ``list_name``.
        lists: the lists, in column order; all lists in ``clusters``, sorted, when None.

    Returns:
        One 0/1 column per list and a ``count`` column; one row per observed pattern, ordered
        as binary numbers with the first list as the highest bit (like kosovo.csv).

    Example:
        >>> frame = pd.DataFrame({"cluster_id": ["a", "a", "b"], "list_name": ["X", "Y", "Y"]})
        >>> capture_histories(frame).to_dict("records")
        [{'X': 0, 'Y': 1, 'count': 1}, {'X': 1, 'Y': 1, 'count': 1}]
    """
    names = list(lists) if lists is not None else sorted(clusters["list_name"].unique())
    seen = pd.crosstab(clusters["cluster_id"], clusters["list_name"]).reindex(
        columns=names, fill_value=0
    )
    histories = (seen > 0).astype(int)
    histories = histories[histories.sum(axis=1) > 0]
    table = histories.groupby(names).size().rename("count").reset_index()
    table.columns.name = None
    return table.sort_values(names, kind="stable").reset_index(drop=True)


def write_capture_histories(table: pd.DataFrame, path: str | Path) -> None:
    """Write the capture histories as CSV, the format the estimation engine reads."""
    table.to_csv(path, index=False)
