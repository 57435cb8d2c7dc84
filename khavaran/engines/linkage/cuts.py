"""Links that reviewers' decisions cut, each with the pair that keeps its two sides apart.

A decision reaches past its own pair. A confirmation joins two clusters, and the model's
conflicts inside the joined group (records it scores as different people, see conflicts.py)
then keep apart records that were linked before: confirming A ~ B when A is linked to C and
the model scores B and C as two people cuts A ~ C, however strong. A split cuts a chain
somewhere. Clustering keeps every decision and every conflict, so such a cut may be forced,
but it must not be silent: a link at or above the threshold that the run without decisions
keeps in one cluster and the run with them separates is reported, so that a reviewer can
decide it (the review queue shows it whatever its probability).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .clustering import Pair, cluster_records


@dataclass(frozen=True)
class CutLink:
    """A link the decisions cut, and why.

    Attributes:
        uid_l, uid_r: the link's records (``uid_l < uid_r``).
        match_probability: the link's score.
        apart_l, apart_r: the pair that keeps the two sides apart, one record in ``uid_l``'s
            cluster and one in ``uid_r``'s; None when none crosses them (it always does).
        apart_probability: the model's score of that pair (a conflict); None when a reviewer
            split it.
        confirmed: the confirmed pairs in the two clusters, which may have brought the
            apart pair's records there.
    """

    uid_l: str
    uid_r: str
    match_probability: float
    apart_l: str | None
    apart_r: str | None
    apart_probability: float | None
    confirmed: tuple[Pair, ...]


def cut_links(
    uids: Sequence[str],
    links: pd.DataFrame,
    threshold: float,
    clusters: pd.Series,
    *,
    must_link: Sequence[Pair] = (),
    cannot_link: Sequence[Pair] = (),
    conflicts: pd.DataFrame | None = None,
) -> tuple[CutLink, ...]:
    """The links the decisions cut: together without decisions, apart with them.

    Args:
        uids: every record's uid.
        links: the scored pairs clustering was given (``uid_l``, ``uid_r``,
            ``match_probability``); those at or above ``threshold`` link.
        threshold: the linking threshold.
        clusters: the clustering with decisions (cluster id per uid, index: uid).
        must_link, cannot_link: the reviewers' decisions that clustering applied.
        conflicts: ``uid_l``, ``uid_r``, ``match_probability`` of the model's conflicts,
            scored inside the components the decisions made (a superset of those without).

    Returns:
        One CutLink per cut link, strongest first; a pair a reviewer split is not one.

    Example:
        >>> links = pd.DataFrame({"uid_l": ["a", "b"], "uid_r": ["c", "d"],
        ...                       "match_probability": [0.99, 0.98]})
        >>> conflicts = pd.DataFrame({"uid_l": ["b", "a"], "uid_r": ["c", "d"],
        ...                           "match_probability": [0.01, 0.02]})
        >>> uids, confirmed = ["a", "b", "c", "d"], [("a", "b")]
        >>> decided = cluster_records(uids, links, 0.5, must_link=confirmed,
        ...                           conflicts=[("b", "c"), ("a", "d")])
        >>> [(c.uid_l, c.uid_r, c.apart_l, c.apart_r) for c in cut_links(
        ...     uids, links, 0.5, decided, must_link=confirmed, conflicts=conflicts)]
        [('a', 'c', 'b', 'c'), ('b', 'd', 'a', 'd')]
    """
    if not must_link and not cannot_link:
        return ()
    soft = _frame(conflicts)
    kept = links[links["match_probability"] >= threshold]
    baseline = _without_decisions(list(uids), kept, threshold, soft)
    left, right = kept["uid_l"], kept["uid_r"]
    was_together = baseline.reindex(left).to_numpy() == baseline.reindex(right).to_numpy()
    now_apart = clusters.reindex(left).to_numpy() != clusters.reindex(right).to_numpy()
    split = {frozenset(pair) for pair in cannot_link}
    decided = [frozenset(p) in split for p in zip(left, right, strict=True)]
    cut = kept[was_together & now_apart & ~np.array(decided, dtype=bool)]
    if cut.empty:
        return ()
    cut = cut.sort_values(["match_probability", "uid_l", "uid_r"], ascending=[False, True, True])
    apart = _apart_pairs(clusters, soft, cannot_link)
    return tuple(
        _explain(str(a), str(b), float(p), clusters, apart, must_link)
        for a, b, p in zip(cut["uid_l"], cut["uid_r"], cut["match_probability"], strict=True)
    )


def _frame(conflicts: pd.DataFrame | None) -> pd.DataFrame:
    if conflicts is None:
        return pd.DataFrame({"uid_l": [], "uid_r": [], "match_probability": []})
    return conflicts[["uid_l", "uid_r", "match_probability"]]


def _without_decisions(
    uids: list[str], kept: pd.DataFrame, threshold: float, soft: pd.DataFrame
) -> pd.Series:
    """The clustering the model alone makes: its conflicts only inside its own components
    (those the decisions made are larger, and hold conflicts a run without them never sees)."""
    components = cluster_records(uids, kept, threshold)
    inside = components.reindex(soft["uid_l"]).to_numpy() == (
        components.reindex(soft["uid_r"]).to_numpy()
    )
    own = list(zip(soft["uid_l"][inside], soft["uid_r"][inside], strict=True))
    return cluster_records(uids, kept, threshold, conflicts=own)


def _apart_pairs(
    clusters: pd.Series, soft: pd.DataFrame, cannot_link: Sequence[Pair]
) -> dict[frozenset[str], tuple[str, str, float | None]]:
    """For each two clusters some pair keeps apart, the strongest such pair: a reviewer's split
    before any conflict, then the conflict the model is surest of."""
    rows = [(a, b, None) for a, b in cannot_link] + [
        (str(a), str(b), float(p))
        for a, b, p in zip(soft["uid_l"], soft["uid_r"], soft["match_probability"], strict=True)
    ]
    rows.sort(key=lambda row: (-1.0 if row[2] is None else row[2], row[0], row[1]))
    found: dict[frozenset[str], tuple[str, str, float | None]] = {}
    for a, b, p in rows:
        key = frozenset((str(clusters[a]), str(clusters[b])))
        if len(key) == 2:
            found.setdefault(key, (a, b, p))
    return found


def _explain(
    uid_l: str,
    uid_r: str,
    probability: float,
    clusters: pd.Series,
    apart: dict[frozenset[str], tuple[str, str, float | None]],
    must_link: Sequence[Pair],
) -> CutLink:
    sides = (str(clusters[uid_l]), str(clusters[uid_r]))
    found = apart.get(frozenset(sides))
    apart_l = apart_r = None
    apart_probability = None
    if found is not None:
        a, b, apart_probability = found
        # Named in the link's order: the record on uid_l's side first.
        apart_l, apart_r = (a, b) if str(clusters[a]) == sides[0] else (b, a)
    confirmed = tuple(sorted((a, b) for a, b in must_link if str(clusters[a]) in sides))
    return CutLink(uid_l, uid_r, probability, apart_l, apart_r, apart_probability, confirmed)
