"""Log-linear models with no finite estimate are never chosen, and a close choice is warned."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    Estimate,
    LogLinear,
    StratifiedEstimate,
    estimate,
)
from khavaran.engines.estimation.captures import all_patterns
from khavaran.engines.estimation.loglinear import all_terms, design_matrix, model_masks
from khavaran.engines.estimation.model_choice import (
    choose,
    unbounded_warnings,
    unseen_is_bounded,
)

# A tester's table: the only overlap is all three lists (it gave 3 × 10^27 with no width).
ONLY_TRIPLE = CaptureHistories.from_counts(
    ["A", "B", "C"],
    {(1, 0, 0): 100, (0, 1, 0): 49, (0, 0, 1): 60, (1, 1, 1): 12},
    "tab.csv",
)
NO_FINITE = "no finite estimate: the lists' overlaps cannot bound the total"


def bounded(table: CaptureHistories, model: tuple[tuple[int, ...], ...]) -> bool:
    terms = all_terms(3, 2)
    design = design_matrix(all_patterns(3)[1:], terms)
    mask = model_masks([model], terms, 3)[0]
    return unseen_is_bounded(design, table.full_table()[1:].astype(np.float64), mask)


def test_a_model_that_grows_without_limit_is_found_and_one_that_does_not_is_not() -> None:
    # [12,13,23]: m000 = n111·n100·n010·n001 / (n110·n101·n011), with every pair empty.
    assert not bounded(ONLY_TRIPLE, ((0, 1), (0, 2), (1, 2)))
    # [23,1]: list 1 independent of the others, m000 = 100 · 109 / 12.
    assert bounded(ONLY_TRIPLE, ((1, 2),))


def test_lists_whose_only_overlap_is_all_three_give_no_finite_number() -> None:
    result = estimate({None: ONLY_TRIPLE}, "loglinear")
    assert isinstance(result, Estimate)
    assert result.total == math.inf and result.interval == (221.0, math.inf)
    (warning,) = result.warnings
    assert warning.startswith(NO_FINITE + "; the best model by BIC, [12,13,23], fits better")
    assert "the best model with a finite total, [23,1] (1,129), has a BIC 67.43 higher" in warning
    assert result.details["unbounded_models"][0]["model"] == "[12,13,23]"
    data = json.loads(result.to_json())
    assert data["total"] is None and data["interval"] == [221.0, None]


def test_lists_with_no_overlap_at_all_give_no_finite_number_by_any_model() -> None:
    apart = CaptureHistories.from_counts(
        ["A", "B", "C"], {(1, 0, 0): 50, (0, 1, 0): 40, (0, 0, 1): 30}
    )
    result = LogLinear().fit(apart).result_
    assert result.total == math.inf and result.interval == (120.0, math.inf)
    (warning,) = result.warnings
    assert warning.startswith(NO_FINITE) and "finite total" not in warning
    assert result.details["runners_up"] == []


def test_a_model_without_a_finite_estimate_is_left_out_of_the_choice() -> None:
    scores = [0.0, 3.0, 5.0]
    choice = choose(scores, lambda i: i > 0)
    assert (choice.chosen, choice.finite, choice.unbounded) == (1, True, (0,))
    (warning,) = unbounded_warnings(
        ["[12,13,23]", "[23,1]", "[1,2,3]"], [1e27, 900, 800], scores, choice, "bic"
    )
    assert warning == (
        "1 model ranked above the chosen [23,1] by BIC (the best, [12,13,23], 3.00 lower) has no "
        "finite estimate: the fit improves without limit as the number of people on no list "
        "grows; it was left out of the choice, and the chosen model fits these lists less well"
    )


def test_a_finite_model_decisively_worse_than_one_without_is_not_reported() -> None:
    choice = choose([0.0, 10.5], lambda i: i == 1)
    assert (choice.chosen, choice.finite, choice.best_bounded) == (0, False, 1)


def test_a_model_almost_as_good_with_a_total_outside_the_interval_is_named(
    kosovo: CaptureHistories,
) -> None:
    result = LogLinear().fit(kosovo).result_
    # The chosen figures stay Rcapture's.
    assert result.details["model"] == "[123,14,34]"
    assert result.total == pytest.approx(10_334.5, rel=1e-4)
    assert result.interval == pytest.approx((8_994.3, 12_110.4), rel=1e-4)
    first, second = result.warnings
    assert first == (
        "model [123,134] is almost as well supported as the chosen [123,14,34] (ΔBIC 0.08, under "
        "2: the data barely tell them apart) and gives 12,741, outside the chosen model's 95% "
        "interval 8,994 – 12,110; that interval leaves out the uncertainty of choosing the "
        "model, so report both totals"
    )
    assert second.startswith("model [134,12,23] is almost as well supported") and "18,393" in second
    assert [m["model"] for m in result.details["runners_up"]][:2] == ["[123,134]", "[134,12,23]"]


def test_models_two_or_more_worse_are_not_warned_about(spina_bifida: CaptureHistories) -> None:
    # The next model, [12,23], is 2.58 worse by BIC: positive evidence for the chosen one.
    assert LogLinear().fit(spina_bifida).result_.warnings == ()


def test_a_stratum_with_no_finite_estimate_leaves_the_sum_unbounded_from_the_documented() -> None:
    fine = CaptureHistories.from_counts(
        ["A", "B", "C"],
        {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20, (1, 1, 0): 12, (1, 0, 1): 9, (0, 1, 1): 7},
        "tab.csv",
        "city=y",
    )
    tables = {"city=x": replace(ONLY_TRIPLE, stratum="city=x"), "city=y": fine}
    result = estimate(tables, "loglinear")
    assert isinstance(result, StratifiedEstimate)
    assert result.combined.total == math.inf
    assert result.combined.interval == (221.0 + 118.0, math.inf)
    assert any(w.startswith(f"stratum city=x: {NO_FINITE}") for w in result.combined.warnings)
