"""Clusters honour reviewers: a confirmed split never re-merges."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khavaran.engines.linkage import DecisionError, cluster_records


def _pairs(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["uid_l", "uid_r", "match_probability"])


CHAIN = _pairs([("a", "b", 0.99), ("b", "c", 0.95), ("c", "d", 0.97), ("e", "f", 0.5)])
UIDS = ["a", "b", "c", "d", "e", "f"]


def test_it_links_connected_records_at_the_threshold() -> None:
    clusters = cluster_records(UIDS, CHAIN, 0.9)
    assert clusters.tolist() == ["a", "a", "a", "a", "e", "f"]


def test_it_keeps_a_confirmed_split_apart_and_cuts_the_weakest_link() -> None:
    clusters = cluster_records(UIDS, CHAIN, 0.9, cannot_link=[("a", "d")])
    assert clusters["a"] != clusters["d"]
    assert clusters["a"] == clusters["b"] and clusters["c"] == clusters["d"]


def test_it_merges_a_confirmed_pair_below_the_threshold() -> None:
    clusters = cluster_records(UIDS, CHAIN, 0.9, must_link=[("e", "f")])
    assert clusters["e"] == clusters["f"] != clusters["a"]


def test_it_refuses_contradictory_or_unknown_decisions() -> None:
    with pytest.raises(DecisionError, match="decide one of the pairs that chain them again"):
        cluster_records(UIDS, CHAIN, 0.9, must_link=[("a", "b")], cannot_link=[("b", "a")])
    with pytest.raises(DecisionError, match="'z'"):
        cluster_records(UIDS, CHAIN, 0.9, cannot_link=[("a", "z")])


@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.9, 1.0)), max_size=40),
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=5),
)
def test_it_never_puts_a_split_pair_in_one_cluster(
    edges: list[tuple[int, int, float]], splits: list[tuple[int, int]]
) -> None:
    uids = [f"r{i}" for i in range(10)]
    pairs = _pairs([(f"r{a}", f"r{b}", p) for a, b, p in edges if a != b])
    cannot = [(f"r{a}", f"r{b}") for a, b in splits if a != b]
    clusters = cluster_records(uids, pairs, 0.9, cannot_link=cannot)
    assert all(clusters[a] != clusters[b] for a, b in cannot)
    if not cannot:
        assert clusters.equals(cluster_records(uids, pairs, 0.9))


def test_it_keeps_apart_records_the_model_scores_as_two_people() -> None:
    clusters = cluster_records(UIDS, CHAIN, 0.9, conflicts=[("a", "d")])
    assert clusters["a"] != clusters["d"]
    assert clusters["a"] == clusters["b"] and clusters["c"] == clusters["d"]


def test_a_reviewers_confirmation_outweighs_the_models_conflict() -> None:
    clusters = cluster_records(UIDS, CHAIN, 0.9, must_link=[("a", "d")], conflicts=[("a", "d")])
    assert clusters["a"] == clusters["d"]
