"""Two clusters that are each other's only candidate are joined through a weak link."""

import pandas as pd

from khavaran.engines.linkage.sole_candidates import join_sole_candidates

THRESHOLD = 0.5


def _clusters(**members: str) -> pd.Series:
    return pd.Series(list(members.values()), index=list(members), name="cluster_id")


def _lists(**names: str) -> pd.Series:
    return pd.Series(list(names.values()), index=list(names))


def _pairs(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["uid_l", "uid_r", "match_probability"])


def test_it_joins_two_clusters_whose_only_link_is_each_other_under_the_threshold() -> None:
    clusters = _clusters(a="a", b="a", c="c")
    joined = join_sole_candidates(
        clusters, _pairs(("a", "b", 0.99), ("b", "c", 0.4)), _lists(a="L1", b="L2", c="L3"), 0.5
    )
    assert joined.tolist() == ["a", "a", "a"]
    assert joined.name == "cluster_id"


def test_it_leaves_a_weak_link_that_has_a_rival() -> None:
    # c's cluster has two candidates, a and d: the link is no longer the only explanation.
    clusters = _clusters(a="a", c="c", d="d")
    joined = join_sole_candidates(
        clusters,
        _pairs(("a", "c", 0.4), ("c", "d", 0.35)),
        _lists(a="L1", c="L2", d="L3"),
        THRESHOLD,
    )
    assert joined.tolist() == ["a", "c", "d"]


def test_a_link_cut_as_a_conflict_counts_as_a_rival() -> None:
    # b and c were linked (0.9) but kept apart; the weak link from a to b has a rival.
    clusters = _clusters(a="a", b="b", c="c")
    joined = join_sole_candidates(
        clusters,
        _pairs(("a", "b", 0.4), ("b", "c", 0.9)),
        _lists(a="L1", b="L2", c="L3"),
        THRESHOLD,
    )
    assert joined.tolist() == ["a", "b", "c"]


def test_it_never_joins_clusters_that_one_list_names_twice() -> None:
    clusters = _clusters(a="a", b="a", c="c")
    joined = join_sole_candidates(
        clusters, _pairs(("a", "b", 0.99), ("b", "c", 0.4)), _lists(a="L1", b="L2", c="L1"), 0.5
    )
    assert joined["c"] == "c"


def test_it_never_joins_what_a_reviewer_split() -> None:
    clusters = _clusters(a="a", c="c")
    joined = join_sole_candidates(
        clusters,
        _pairs(("a", "c", 0.45)),
        _lists(a="L1", c="L2"),
        THRESHOLD,
        cannot_link=[("c", "a")],
    )
    assert joined.tolist() == ["a", "c"]


def test_it_changes_nothing_without_links_between_clusters() -> None:
    clusters = _clusters(a="a", b="a")
    joined = join_sole_candidates(
        clusters, _pairs(("a", "b", 0.99)), _lists(a="L1", b="L2"), THRESHOLD
    )
    assert joined.equals(clusters)
