"""Estimating per stratum, refusing sparse strata, combining strata."""

from __future__ import annotations

import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    Estimate,
    Settings,
    SparseStratumError,
    StratifiedEstimate,
    estimate,
)
from khavaran.engines.estimation.strata import overlap_groups


def stratum(label: str, scale: int) -> CaptureHistories:
    counts = {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20, (1, 1, 0): 12, (1, 0, 1): 9}
    counts |= {(0, 1, 1): 7, (1, 1, 1): 3}
    return CaptureHistories.from_counts(
        ["A", "B", "C"], {k: v * scale for k, v in counts.items()}, "strata.csv", label
    )


def test_it_sums_strata_totals_for_likelihood_methods() -> None:
    tables = {"year=1987": stratum("year=1987", 1), "year=1988": stratum("year=1988", 3)}
    result = estimate(tables, "loglinear")
    assert isinstance(result, StratifiedEstimate)
    assert result.combined.total == pytest.approx(sum(s.total for s in result.strata))
    assert result.combined.observed == 121 + 363
    low, high = result.combined.interval
    assert low < result.combined.total < high


def test_it_sums_posterior_draws_for_bayesian_methods() -> None:
    tables = {"a": stratum("a", 1), "b": stratum("b", 2)}
    result = estimate(tables, "dga", Settings(seed=4))
    assert isinstance(result, StratifiedEstimate)
    one, two = result.strata
    assert result.combined.all_draws().tolist() == (one.all_draws() + two.all_draws()).tolist()


def test_it_refuses_a_sparse_stratum_by_name() -> None:
    sparse = CaptureHistories.from_counts(
        ["A", "B", "C"], {(1, 0, 0): 4, (1, 1, 0): 2}, "strata.csv", "province=Ilam"
    )
    tables = {"province=Tehran": stratum("province=Tehran", 2), "province=Ilam": sparse}
    with pytest.raises(SparseStratumError, match=r"stratum province=Ilam.*lcmcr needs at least 3"):
        estimate(tables, "lcmcr")


def test_it_can_leave_a_sparse_stratum_out_and_says_so() -> None:
    sparse = CaptureHistories.from_counts(["A", "B", "C"], {(1, 0, 0): 4}, "s.csv", "x=1")
    result = estimate({"x=1": sparse, "x=2": stratum("x=2", 2)}, "loglinear", skip_sparse=True)
    assert isinstance(result, StratifiedEstimate)
    assert list(result.refused) == ["x=1"]
    assert any("leaves out sparse strata" in w for w in result.combined.warnings)
    again = StratifiedEstimate.from_json(result.to_json())
    assert again == result


def test_an_estimate_round_trips_through_json() -> None:
    est = estimate({None: stratum("all", 2)}, "dga")
    assert isinstance(est, Estimate)
    assert Estimate.from_json(est.to_json()) == est


def test_an_unstratified_table_with_an_empty_list_is_told_to_drop_that_column() -> None:
    counts = {(1, 0, 0): 10, (0, 1, 0): 12, (1, 1, 0): 5}
    table = CaptureHistories.from_counts(["A", "B", "C"], counts, "nobody.csv")
    for method in ("lcmcr", "dga", "loglinear"):
        with pytest.raises(SparseStratumError) as error:
            estimate({None: table}, method)
        message = str(error.value)
        assert message.startswith("nobody.csv: list 'C' has no one on it; drop that column")
        assert "strat" not in message


def test_the_empty_list_message_says_what_is_left_after_dropping_it() -> None:
    counts = {(1, 0, 0): 10, (0, 1, 0): 12, (1, 1, 0): 5}
    table = CaptureHistories.from_counts(["A", "B", "C"], counts, "nobody.csv")
    with pytest.raises(SparseStratumError, match=r"then use loglinear or chapman"):
        estimate({None: table}, "lcmcr")
    two_empty = CaptureHistories.from_counts(["A", "B", "C"], {(1, 0, 0): 20}, "x.csv")
    with pytest.raises(SparseStratumError, match=r"lists 'B', 'C' have no one on them"):
        estimate({None: two_empty}, "loglinear")


def test_a_stratum_with_an_empty_list_is_named() -> None:
    counts = {(1, 0, 0): 10, (0, 1, 0): 12, (1, 1, 0): 5}
    sparse = CaptureHistories.from_counts(["A", "B", "C"], counts, "s.csv", "province=Ilam")
    tables = {"province=Tehran": stratum("province=Tehran", 2), "province=Ilam": sparse}
    with pytest.raises(
        SparseStratumError, match=r"stratum province=Ilam\): list 'C' has no one in this stratum"
    ):
        estimate(tables, "loglinear")


def test_lists_joined_through_a_third_form_one_group() -> None:
    # A and C share no one, but each shares someone with B.
    table = CaptureHistories.from_counts(
        ["A", "B", "C", "D"], {(1, 1, 0, 0): 5, (0, 1, 1, 0): 4, (0, 0, 0, 1): 9}
    )
    assert overlap_groups(table) == [["A", "B", "C"], ["D"]]
