"""The review queue: pairs whose odds are close to the threshold's, the closest first."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khavaran.engines.linkage import REVIEW_BITS, match_weight, review_queue


def _pairs(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["uid_l", "uid_r", "match_probability"])


def test_the_default_band_holds_pairs_scored_between_one_in_nine_and_eight_in_nine() -> None:
    pairs = _pairs([("a", "b", 0.999), ("c", "d", 0.85), ("e", "f", 0.12), ("g", "h", 0.10)])
    assert review_queue(pairs, 0.5)["uid_l"].tolist() == ["c", "e"]
    assert REVIEW_BITS == 3.0


def test_it_queues_pairs_nearest_the_threshold_in_odds_first() -> None:
    # Against 0.9 (odds 9): 0.88 is 0.30 bits away, 0.93 0.56, 0.6 2.58, 0.99 3.46.
    pairs = _pairs([("a", "b", 0.99), ("c", "d", 0.88), ("e", "f", 0.93), ("g", "h", 0.6)])
    queue = review_queue(pairs, 0.9)
    assert queue["uid_l"].tolist() == ["c", "e", "g"]
    assert queue["distance"].is_monotonic_increasing
    assert queue["distance"].iloc[0] == pytest.approx(abs(math.log2(0.88 / 0.12) - math.log2(9)))


def test_the_same_uncertainty_is_reviewed_at_any_threshold() -> None:
    # 0.85 against 0.5 and 0.98 against 0.9 are both about 2.5 bits above the threshold.
    assert len(review_queue(_pairs([("a", "b", 0.85)]), 0.5)) == 1
    assert len(review_queue(_pairs([("a", "b", 0.98)]), 0.9)) == 1
    assert review_queue(_pairs([("a", "b", 0.98)]), 0.9, bits=2.0).empty


def test_certain_pairs_have_a_finite_weight_and_stay_out_of_the_queue() -> None:
    pairs = _pairs([("a", "b", 1.0), ("c", "d", 0.0)])
    assert all(math.isfinite(w) for w in match_weight(pairs["match_probability"]))
    assert review_queue(pairs, 0.5).empty


@given(st.floats(0.01, 0.99), st.floats(0.0, 10.0))
def test_a_wider_band_never_drops_a_pair(threshold: float, bits: float) -> None:
    pairs = _pairs([(f"l{i}", f"r{i}", i / 20) for i in range(21)])
    narrow = set(review_queue(pairs, threshold, bits)["uid_l"])
    assert narrow <= set(review_queue(pairs, threshold, bits + 1.0)["uid_l"])
