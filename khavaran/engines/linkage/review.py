"""The reviewer's queue: the pairs the model is least sure about, first."""

from __future__ import annotations

import pandas as pd


def review_queue(pairs: pd.DataFrame, threshold: float, width: float = 0.1) -> pd.DataFrame:
    """Pairs whose match probability lies within ``width`` of the threshold, closest first.

    Args:
        pairs: scored pairs with ``uid_l``, ``uid_r``, ``match_probability``.
        threshold: the clustering threshold.
        width: how far either side of the threshold a pair may lie.

    Returns:
        The pairs in the band with a ``distance`` column, ordered by distance, then uids.

    Example:
        >>> pairs = pd.DataFrame({"uid_l": ["a", "b"], "uid_r": ["c", "d"],
        ...                       "match_probability": [0.95, 0.89]})
        >>> review_queue(pairs, 0.9)["uid_l"].tolist()
        ['b', 'a']
    """
    distance = (pairs["match_probability"] - threshold).abs()
    queue = pairs.assign(distance=distance)[distance <= width]
    return queue.sort_values(["distance", "uid_l", "uid_r"], kind="stable").reset_index(drop=True)
