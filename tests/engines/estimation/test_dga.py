"""Bayesian model averaging over decomposable graphs, against R's dga."""

from __future__ import annotations

import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    DecomposableGraphAveraging,
    MethodNotApplicableError,
)
from khavaran.engines.estimation.graphs import decomposable_graphs

REL = 1e-3


def test_it_enumerates_every_decomposable_graph() -> None:
    # Counts of labelled chordal graphs (OEIS A058862): 8, 61, 822.
    assert [len(decomposable_graphs(p)) for p in (3, 4, 5)] == [8, 61, 822]


def test_it_matches_dga_on_kosovo(kosovo: CaptureHistories) -> None:
    est = DecomposableGraphAveraging(delta=1 / 16).fit(kosovo).result_
    assert est.total == pytest.approx(12_595, rel=REL)
    assert est.interval == pytest.approx((9_827, 16_544), rel=REL)


def test_it_matches_dgas_median_on_spina_bifida(spina_bifida: CaptureHistories) -> None:
    est = DecomposableGraphAveraging(delta=1 / 16).fit(spina_bifida).result_
    assert est.total == pytest.approx(731, rel=REL)


def test_its_posterior_sums_to_one_and_draws_follow_it(kosovo: CaptureHistories) -> None:
    model = DecomposableGraphAveraging().fit(kosovo)
    _totals, probs = model.posterior_
    assert probs.sum() == pytest.approx(1.0)
    draws = model.result_.all_draws()
    assert abs(float(sorted(draws)[len(draws) // 2]) - model.result_.total) < 200


def test_it_refuses_six_lists(uk_slavery: CaptureHistories) -> None:
    with pytest.raises(MethodNotApplicableError, match="3 to 5 lists"):
        DecomposableGraphAveraging().fit(uk_slavery)
