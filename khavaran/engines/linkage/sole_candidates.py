"""Clusters that are each other's only candidate, through a link just under the threshold.

Fellegi–Sunter scores each pair on its own, with one prior for every pair. But a person is
listed at most once per list (bar the odd duplicate), so what a record's weak link means
depends on its rivals. When a cluster's only scored link outside itself goes to a cluster
whose only link goes back, and no list names both (joining them breaks no one-per-list
rule), the link has no competitor for either side. The one-to-one view of linkage (Jaro
1989; Sadinle 2017) then makes it likelier than its pairwise score, which averages over
pairs that do have rivals. Such clusters are joined; the link stays in the review band,
so a reviewer still sees it and a cluster joined this way waits for review before it
becomes a victim.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .clustering import Pair


def join_sole_candidates(
    clusters: pd.Series,
    pairs: pd.DataFrame,
    lists: pd.Series,
    threshold: float,
    cannot_link: Iterable[Pair] = (),
) -> pd.Series:
    """Join pairs of clusters that are each other's only candidate.

    Args:
        clusters: cluster id per uid (index: uid), ids being each cluster's smallest uid.
        pairs: every scored pair (``uid_l``, ``uid_r``, ``match_probability``).
        lists: list name per uid (index: uid).
        threshold: the linking threshold; a joining link is under it.
        cannot_link: pairs reviewers split; two clusters they span are never joined.

    Returns:
        The cluster ids after joining (the smaller id names the joined cluster).

    Example:
        >>> clusters = pd.Series(["a", "b", "c"], index=["a", "b", "c"])
        >>> lists = pd.Series(["L1", "L2", "L2"], index=["a", "b", "c"])
        >>> pairs = pd.DataFrame({"uid_l": ["a"], "uid_r": ["b"], "match_probability": [0.4]})
        >>> join_sole_candidates(clusters, pairs, lists, 0.5).tolist()
        ['a', 'a', 'c']
    """
    left = clusters.reindex(pairs["uid_l"]).to_numpy()
    right = clusters.reindex(pairs["uid_r"]).to_numpy()
    across = left != right
    if not across.any():
        return clusters
    links = pd.DataFrame(
        {
            "a": np.minimum(left[across], right[across]),
            "b": np.maximum(left[across], right[across]),
            "p": pairs["match_probability"].to_numpy()[across],
        }
    )
    strongest = links.groupby(["a", "b"])["p"].max().reset_index()
    # Every scored link counts as a rival, those cut by a conflict or a reviewer included.
    rivals = pd.concat([strongest["a"], strongest["b"]]).value_counts()
    sole = (
        (rivals.reindex(strongest["a"]).to_numpy() == 1)
        & (rivals.reindex(strongest["b"]).to_numpy() == 1)
        & (strongest["p"].to_numpy() < threshold)
    )
    candidates = strongest[sole]
    if candidates.empty:
        return clusters
    # The lists of the candidates' clusters only: a set per cluster of a million is slow.
    involved = set(candidates["a"]) | set(candidates["b"])
    cluster_of = clusters.reindex(lists.index)
    mask = cluster_of.isin(involved).to_numpy()
    lists_of = lists[mask].groupby(cluster_of[mask].to_numpy()).agg(frozenset)
    known = clusters.index
    apart = {
        tuple(sorted((clusters[x], clusters[y])))
        for x, y in cannot_link
        if x in known and y in known
    }
    joined = {
        b: a
        for a, b in zip(candidates["a"], candidates["b"], strict=True)
        if not (lists_of[a] & lists_of[b]) and (a, b) not in apart
    }
    moved = clusters.isin(joined.keys())
    result = clusters.copy()
    result[moved] = clusters[moved].map(joined)
    return result
