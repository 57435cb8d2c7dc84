"""Chapman and log-linear models, against R's Rcapture on the published sets."""

from __future__ import annotations

import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    Chapman,
    Estimate,
    LogLinear,
    MethodNotApplicableError,
)
from khavaran.engines.estimation.loglinear import hierarchical_models, model_name
from khavaran.engines.estimation.simulate import simulate

REL = 1e-3  # the issue: deterministic methods match the reference packages to about 0.1%


def test_it_gives_chapmans_estimate_and_interval() -> None:
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 70, (0, 1): 40, (1, 1): 30})
    est = Chapman().fit(table).result_
    n1, n2, m = 100, 70, 30
    assert est.total == pytest.approx((n1 + 1) * (n2 + 1) / (m + 1) - 1)
    assert est.interval[0] < est.total < est.interval[1]


def test_it_refuses_chapman_on_three_lists(spina_bifida: CaptureHistories) -> None:
    with pytest.raises(MethodNotApplicableError, match="exactly 2 lists"):
        Chapman().fit(spina_bifida)


def test_chapman_recovers_an_independent_population() -> None:
    hits = 0
    for seed in range(40):
        pop = simulate(2000, [1.0], [[0.3, 0.4]], seed)
        low, high = Chapman().fit(pop.captures).result_.interval
        hits += low <= pop.total <= high
    assert hits >= 34  # 95% nominal; 34 of 40 is the binomial 1st percentile


def test_it_enumerates_hierarchical_models() -> None:
    # 3 lists, pairs only: every subset of the 3 pairs.
    assert len(hierarchical_models(3, 2)) == 8
    # With the triple allowed only once all its pairs are in: one more model.
    assert len(hierarchical_models(3, 3)) == 9
    assert model_name(((0, 1), (0, 2), (1, 2), (0, 1, 2), (0, 3), (2, 3)), 4) == "[123,14,34]"


@pytest.mark.parametrize(
    ("name", "model", "total", "lower", "upper"),
    [
        ("kosovo", "[123,14,34]", 10_334.5, 8_994, 12_110),
        ("spina_bifida", "[23,1]", 729.7, 700, 767),
    ],
)
def test_it_matches_rcapture_bic_best_model(
    request: pytest.FixtureRequest, name: str, model: str, total: float, lower: int, upper: int
) -> None:
    est: Estimate = LogLinear().fit(request.getfixturevalue(name)).result_
    assert est.details["model"] == model
    assert est.total == pytest.approx(total, rel=REL)
    assert est.interval[0] == pytest.approx(lower, rel=REL)
    assert est.interval[1] == pytest.approx(upper, rel=REL)


@pytest.mark.slow
def test_it_matches_rcapture_on_six_lists(uk_slavery: CaptureHistories) -> None:
    est = LogLinear().fit(uk_slavery).result_
    assert est.total == pytest.approx(12_342, rel=REL)
    assert est.interval == pytest.approx((10_868, 14_143), rel=REL)


def test_chapman_says_one_person_in_the_singular() -> None:
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 51, (0, 1): 41, (1, 1): 1})
    (warning,) = Chapman().fit(table).result_.warnings
    assert warning == "only 1 person is on both lists; Chapman's interval is unreliable"


def test_log_linear_on_two_lists_with_few_in_common_is_warned_like_chapman() -> None:
    # On two lists the log-linear model is Lincoln–Petersen's: as fragile as Chapman's.
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 50, (0, 1): 40, (1, 1): 2})
    warnings = LogLinear().fit(table).result_.warnings
    assert warnings[0].startswith("only 2 people are on both lists; with two lists the log-linear")
    many = CaptureHistories.from_counts(["A", "B"], {(1, 0): 70, (0, 1): 40, (1, 1): 30})
    assert LogLinear().fit(many).result_.warnings == ()


def test_a_stepwise_search_says_so_and_reports_the_models_it_scored() -> None:
    probs = [[0.3, 0.25, 0.2, 0.35, 0.3, 0.2, 0.25]]
    captures = simulate(2000, [1.0], probs, 3).captures  # 7 lists: 2^21 pair models
    est = LogLinear().fit(captures).result_
    assert est.details["search"] == "stepwise"
    assert est.details["models_compared"] >= 1 + 21
