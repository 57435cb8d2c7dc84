"""Warnings for lists that look compiled from the others (a zero-width interval is never silent)."""

from __future__ import annotations

import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    Estimate,
    Settings,
    StratifiedEstimate,
    estimate,
    reproduce,
)
from khavaran.engines.estimation.dependence import dependence_warnings, interval_warnings

SUBSET = CaptureHistories.from_counts(["A", "B"], {(1, 0): 0, (0, 1): 40, (1, 1): 60}, "subset.csv")
# A court archive compiled from two NGO lists: no one is on C alone.
COMPILED = CaptureHistories.from_counts(
    ["A", "B", "C"],
    {(1, 0, 0): 120, (0, 1, 0): 90, (1, 1, 0): 15, (1, 0, 1): 160, (0, 1, 1): 110, (1, 1, 1): 10},
    "sub3.csv",
)
INDEPENDENT = CaptureHistories.from_counts(
    ["A", "B", "C"],
    {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20, (1, 1, 0): 12, (1, 0, 1): 9, (0, 1, 1): 7},
    "fine.csv",
)


@pytest.mark.parametrize("method", ["chapman", "loglinear"])
def test_a_list_contained_in_the_other_is_warned_whatever_the_method(method: str) -> None:
    result = estimate({None: SUBSET}, method)
    assert isinstance(result, Estimate)
    assert any("list 'B' holds everyone seen: 'A' is contained in it" in w for w in result.warnings)
    assert any("assumes the lists are independent" in w for w in result.warnings)


def test_chapmans_zero_width_interval_on_a_contained_list_comes_with_a_warning() -> None:
    result = estimate({None: SUBSET}, "chapman")
    assert isinstance(result, Estimate)
    assert result.interval == (100.0, 100.0)
    assert result.warnings


@pytest.mark.parametrize("method", ["loglinear", "dga"])
def test_a_list_with_no_one_of_its_own_is_named(method: str) -> None:
    result = estimate({None: COMPILED}, method)
    assert isinstance(result, Estimate)
    (warning,) = [w for w in result.warnings if "no one who is on no other list" in w]
    assert warning.startswith("list 'C' has no one who is on no other list: it may have been")


def test_a_list_holding_everyone_in_a_stratum_points_at_the_stratum_variable() -> None:
    # Only the court list records the prison: everyone in a prison stratum is on it.
    counts = {(1, 0, 0): 30, (1, 1, 0): 12, (1, 0, 1): 9, (1, 1, 1): 3}
    tables = {
        label: CaptureHistories.from_counts(["court", "B", "C"], counts, "caps.csv", label)
        for label in ("prison=Evin", "prison=Qasr")
    }
    result = estimate(tables, "loglinear")
    assert isinstance(result, StratifiedEstimate)
    (warning,) = result.strata[0].warnings
    assert "list 'court' holds everyone seen in this stratum (prison=Evin)" in warning
    assert "the stratum variable may come from 'court' alone" in warning
    assert any(w.startswith("stratum prison=Evin: list 'court'") for w in result.combined.warnings)


def test_lists_that_each_have_people_of_their_own_are_not_warned() -> None:
    assert dependence_warnings(INDEPENDENT) == ()
    result = estimate({None: INDEPENDENT}, "loglinear")
    assert isinstance(result, Estimate)
    assert not any("independent" in w for w in result.warnings)


def test_an_interval_under_one_person_wide_is_warned_when_nothing_else_explains_it() -> None:
    flat = Estimate("loglinear", 100.0, (100.0, 100.4), 100, ("A", "B"), "x", {}, None)
    (warning,) = interval_warnings(flat, ())
    assert warning.startswith("the 95% interval 100 – 100 has no width")
    assert interval_warnings(flat, ("list 'A' …",)) == ()


def test_a_reproduced_estimate_carries_the_same_warnings() -> None:
    result = estimate({None: COMPILED}, "dga", Settings(seed=2))
    assert isinstance(result, Estimate)
    assert result.warnings and reproduce(result, COMPILED) == result


def test_an_interval_of_no_width_far_above_the_documented_count_is_not_called_dependence() -> None:
    # Nothing in such an interval says the lists leave no room for anyone undocumented.
    broken = Estimate("loglinear", 3e27, (3e27, 3e27), 221, ("A", "B", "C"), "x", {}, None)
    (warning,) = interval_warnings(broken, ())
    assert "leave no room" not in warning
    assert warning.endswith(
        "above the documented count (221): the fit has broken down numerically; do not quote it"
    )
