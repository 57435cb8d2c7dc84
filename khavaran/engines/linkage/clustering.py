"""Clusters from scored pairs, honouring reviewers' decisions.

Without decisions, a cluster is a connected component of the pairs at or above the threshold.
Reviewers' ``must_link`` pairs are added as edges whatever their score. A ``cannot_link`` pair
(a confirmed split) must never end up in one cluster, whatever a re-run scores: each component
that holds such a pair is rebuilt greedily, strongest edge first, skipping any edge that would
join two groups a split keeps apart (Kruskal's order with constraints). Components without a
split are left exactly as connected components made them. The model's own ``conflicts``
(pairs it scores as clearly two people, see conflicts.py) are split the same way, except
where reviewers confirmed the records as one person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

Pair = tuple[str, str]


class DecisionError(ValueError):
    """A reviewer decision that names an unknown record or contradicts another decision."""


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        self.parent[rb] = ra
        return ra


def _positions(pairs: Iterable[Pair], index: dict[str, int], kind: str) -> list[tuple[int, int]]:
    out = []
    for left, right in pairs:
        for uid in (left, right):
            if uid not in index:
                raise DecisionError(
                    f"{kind} decision ({left}, {right}): record {uid!r} is not in this run; "
                    "re-import its list or drop the decision"
                )
        out.append((index[left], index[right]))
    return out


def _components(n: int, edges: list[tuple[int, int]]) -> np.ndarray:
    if not edges:
        return np.arange(n)
    rows, cols = np.array(edges).T
    graph = coo_matrix((np.ones(len(edges)), (rows, cols)), shape=(n, n))
    _count, labels = connected_components(graph, directed=False)
    return np.asarray(labels)


def _check_conflicts(
    labels_must: np.ndarray, cannot: list[tuple[int, int]], uids: list[str]
) -> None:
    for a, b in cannot:
        if labels_must[a] == labels_must[b]:
            raise DecisionError(
                f"records {uids[a]!r} and {uids[b]!r} are confirmed both as one person "
                "(must_link) and as two (cannot_link): decide one of the pairs that chain them "
                "again (khavaran link review --confirm or --split PAIR_ID); a new decision "
                "replaces the old one"
            )


def _split(
    scored: list[tuple[float, int, int]],
    cannot: list[tuple[int, int]],
    finder: _UnionFind,
) -> None:
    forbidden: dict[int, set[int]] = {}
    for a, b in cannot:
        ra, rb = finder.find(a), finder.find(b)
        forbidden.setdefault(ra, set()).add(rb)
        forbidden.setdefault(rb, set()).add(ra)
    for _score, a, b in scored:
        ra, rb = finder.find(a), finder.find(b)
        if ra == rb or rb in forbidden.get(ra, ()):
            continue
        # The group with more splits keeps its root: re-pointing the fewer costs less.
        if len(forbidden.get(ra, ())) < len(forbidden.get(rb, ())):
            ra, rb = rb, ra
        finder.union(ra, rb)
        moved = forbidden.pop(rb, set())
        if moved:
            kept = forbidden.setdefault(ra, set())
            for other in moved:
                forbidden[other].discard(rb)
                forbidden[other].add(ra)
            kept |= moved


def cluster_records(
    uids: Sequence[str],
    pairs: pd.DataFrame,
    threshold: float,
    *,
    must_link: Iterable[Pair] = (),
    cannot_link: Iterable[Pair] = (),
    conflicts: Iterable[Pair] = (),
) -> pd.Series:
    """Cluster records from scored pairs and reviewer decisions.

    Args:
        uids: every record's uid (records without pairs become singletons).
        pairs: ``uid_l``, ``uid_r``, ``match_probability``.
        threshold: pairs at or above it link their records.
        must_link: pairs a reviewer confirmed as one person.
        cannot_link: pairs a reviewer split; never in one cluster.
        conflicts: pairs the model is confident are two people; kept apart like
            ``cannot_link`` unless a reviewer's ``must_link`` joins them.

    Returns:
        Cluster id per uid (index: uid); the id is the smallest uid in the cluster.

    Raises:
        DecisionError: a decision names an unknown uid, or must_link and cannot_link disagree.

    Example:
        >>> pairs = pd.DataFrame({"uid_l": ["a", "b"], "uid_r": ["b", "c"],
        ...                       "match_probability": [0.99, 0.95]})
        >>> cluster_records(["a", "b", "c"], pairs, 0.9, cannot_link=[("a", "c")]).tolist()
        ['a', 'a', 'c']
    """
    uid_list = list(uids)
    index = {uid: i for i, uid in enumerate(uid_list)}
    must = _positions(must_link, index, "must_link")
    cannot = _positions(cannot_link, index, "cannot_link")
    must_labels = _components(len(uid_list), must)
    _check_conflicts(must_labels, cannot, uid_list)
    # The model's conflicts yield to reviewers: a confirmed pair is never split by a score.
    soft = _positions(conflicts, index, "conflict")
    cannot += [(a, b) for a, b in soft if must_labels[a] != must_labels[b]]
    kept = pairs[pairs["match_probability"] >= threshold]
    left = kept["uid_l"].map(index).to_numpy(dtype=np.int64)
    right = kept["uid_r"].map(index).to_numpy(dtype=np.int64)
    edges = list(zip(left.tolist(), right.tolist(), strict=True)) + must
    labels = _components(len(uid_list), edges)
    if cannot:
        labels = _apply_splits(labels, kept, left, right, must, cannot)
    return _name_clusters(uid_list, labels)


def _apply_splits(
    labels: np.ndarray,
    kept: pd.DataFrame,
    left: np.ndarray,
    right: np.ndarray,
    must: list[tuple[int, int]],
    cannot: list[tuple[int, int]],
) -> np.ndarray:
    finder = _UnionFind(len(labels))
    for a, b in must:
        finder.union(a, b)
    troubled = {labels[a] for a, b in cannot if labels[a] == labels[b]}
    in_troubled = np.isin(labels[left], list(troubled))
    probabilities = kept["match_probability"].to_numpy()[in_troubled]
    lefts, rights = left[in_troubled], right[in_troubled]
    order = np.lexsort((rights, lefts, -probabilities))
    scored = list(
        zip(
            probabilities[order].tolist(),
            lefts[order].tolist(),
            rights[order].tolist(),
            strict=True,
        )
    )
    members = np.flatnonzero(np.isin(labels, list(troubled)))
    _split(scored, cannot, finder)
    result = labels.copy()
    offset = labels.max() + 1 if len(labels) else 0
    for i in members:
        result[i] = offset + finder.find(int(i))
    return result


def _name_clusters(uids: list[str], labels: np.ndarray) -> pd.Series:
    frame = pd.DataFrame({"uid": uids, "label": labels})
    smallest = frame.groupby("label")["uid"].transform("min")
    return pd.Series(smallest.to_numpy(), index=pd.Index(uids, name="uid"), name="cluster_id")
