"""Accuracy measures and the capture histories handed to estimation."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khavaran.engines.linkage import bcubed_scores, capture_histories, pairwise_scores


def test_it_scores_a_perfect_clustering_as_one() -> None:
    truth = [1, 1, 2, 3, 3, 3]
    assert pairwise_scores(["a", "a", "b", "c", "c", "c"], truth).f1 == 1.0
    assert bcubed_scores(["a", "a", "b", "c", "c", "c"], truth).f1 == 1.0


def test_it_counts_pairs_and_records_as_defined() -> None:
    # Truth {1,2,3}; predicted {1,2},{3}: one of three true pairs found, none wrong.
    pairwise = pairwise_scores(["a", "a", "b"], [1, 1, 1])
    assert (pairwise.precision, pairwise.recall) == (1.0, pytest.approx(1 / 3))
    bcubed = bcubed_scores(["a", "a", "b"], [1, 1, 1])
    assert bcubed.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


@given(st.lists(st.integers(0, 5), min_size=1, max_size=30), st.randoms())
def test_it_keeps_scores_between_zero_and_one(truth: list[int], rnd: object) -> None:
    predicted = list(truth)
    rnd.shuffle(predicted)  # type: ignore[attr-defined]
    for scores in (pairwise_scores(predicted, truth), bcubed_scores(predicted, truth)):
        assert 0.0 <= scores.precision <= 1.0 and 0.0 <= scores.recall <= 1.0


def test_it_writes_one_column_per_list_and_a_count() -> None:
    clusters = pd.DataFrame(
        {
            "cluster_id": ["v1", "v1", "v2", "v3", "v3", "v3", "v4"],
            "list_name": ["A", "B", "B", "A", "B", "C", "A"],
        }
    )
    table = capture_histories(clusters)
    assert list(table.columns) == ["A", "B", "C", "count"]
    assert table["count"].sum() == 4
    rows = {tuple(r[:3]): r[3] for r in table.itertuples(index=False)}
    assert rows == {(0, 1, 0): 1, (1, 0, 0): 1, (1, 1, 0): 1, (1, 1, 1): 1}
