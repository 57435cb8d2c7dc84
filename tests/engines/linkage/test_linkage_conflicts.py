"""Oversized chains lose their weakest links before conflicts are scored."""

import pandas as pd

from khavaran.engines.linkage.conflicts import MAX_COMPONENT, prune_chains


def test_it_drops_weak_links_that_chain_hundreds_of_records_together() -> None:
    n = MAX_COMPONENT + 50
    uids = pd.Series([f"r{i:04d}" for i in range(n)])
    # Strong pairs (r0-r1, r2-r3, ...) chained into one component by weak links.
    rows = [(uids[i], uids[i + 1], 0.999 if i % 2 == 0 else 0.6) for i in range(n - 1)]
    pairs = pd.DataFrame(rows, columns=["uid_l", "uid_r", "match_probability"])
    kept = prune_chains(uids, pairs, 0.5)
    assert (kept["match_probability"] >= 0.9).all()
    assert len(kept) == (n + 1) // 2


def test_it_leaves_components_of_ordinary_size_alone() -> None:
    uids = pd.Series(["a", "b", "c", "d"])
    pairs = pd.DataFrame(
        [("a", "b", 0.6), ("b", "c", 0.55), ("c", "d", 0.4)],
        columns=["uid_l", "uid_r", "match_probability"],
    )
    assert prune_chains(uids, pairs, 0.5)["uid_r"].tolist() == ["b", "c"]
