"""Bayesian model averaging over decomposable graphs, against R's dga."""

from __future__ import annotations

import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    DecomposableGraphAveraging,
    Estimate,
    MethodNotApplicableError,
    reproduce,
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


def test_it_matches_dgas_own_spina_bifida_example(spina_bifida: CaptureHistories) -> None:
    # R dga's bma.cr example: delta = 1, Nmissing = 1:300, Madigan & York's prior on N. The
    # reference 731 (mode 728) [682, 797] comes from these settings, not delta = 1/16 and 1/N.
    model = DecomposableGraphAveraging(delta=1, max_missing=300, n_prior=(13.14, 55.17))
    est = model.fit(spina_bifida).result_
    assert (est.total, est.details["mode"]) == (731, 728)
    assert est.interval == (682, 797)


def test_its_interval_on_spina_bifida_with_delta_one_sixteenth_is_narrower(
    spina_bifida: CaptureHistories,
) -> None:
    # Not run in R itself; the same code matches R exactly on Kosovo and on R's own example.
    est = DecomposableGraphAveraging(delta=1 / 16).fit(spina_bifida).result_
    assert (est.details["mode"], est.interval) == (729, (697, 780))


def test_a_stored_dga_estimate_reproduces_with_its_prior(spina_bifida: CaptureHistories) -> None:
    model = DecomposableGraphAveraging(delta=1, max_missing=300, n_prior=(13.14, 55.17))
    first = model.fit(spina_bifida).result_
    again = reproduce(Estimate.from_json(first.to_json()), spina_bifida)
    assert (again.total, again.interval) == (first.total, first.interval)


def test_its_posterior_sums_to_one_and_draws_follow_it(kosovo: CaptureHistories) -> None:
    model = DecomposableGraphAveraging().fit(kosovo)
    _totals, probs = model.posterior_
    assert probs.sum() == pytest.approx(1.0)
    draws = model.result_.all_draws()
    assert abs(float(sorted(draws)[len(draws) // 2]) - model.result_.total) < 200


def test_it_refuses_six_lists(uk_slavery: CaptureHistories) -> None:
    with pytest.raises(MethodNotApplicableError, match="3 to 5 lists"):
        DecomposableGraphAveraging().fit(uk_slavery)


def test_its_grid_warning_does_not_repeat_the_method_name(spina_bifida: CaptureHistories) -> None:
    # The CLI prefixes each warning with the method ("dga: dga: 4.0% of the posterior…").
    est = DecomposableGraphAveraging(max_missing=40).fit(spina_bifida).result_
    (warning,) = est.warnings
    assert warning.split()[1:5] == ["of", "the", "posterior", "lies"]
    assert not warning.startswith("dga")


def test_its_grid_warning_says_how_to_widen_the_grid(spina_bifida: CaptureHistories) -> None:
    # It said "raise max_missing", which no command takes: `khavaran estimate` has
    # --max-missing.
    est = DecomposableGraphAveraging(max_missing=40).fit(spina_bifida).result_
    (warning,) = est.warnings
    assert "widen the grid (--max-missing, now 40 undocumented)" in warning
    assert "raise max_missing" not in warning
    wider = DecomposableGraphAveraging(max_missing=2000).fit(spina_bifida).result_
    assert wider.warnings == () and wider.settings["max_missing"] == 2000
