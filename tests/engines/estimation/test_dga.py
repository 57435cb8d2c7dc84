"""Bayesian model averaging over decomposable graphs, against R's dga."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    DecomposableGraphAveraging,
    Estimate,
    MethodNotApplicableError,
    dga,
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


def _spina_bifida_with(all_three: int, scale: int = 1) -> CaptureHistories:
    """Spina bifida's table with the count on all three lists replaced (R dga's example has 12)."""
    counts = {(0, 0, 1): 60, (0, 1, 0): 49, (0, 1, 1): 4, (1, 0, 0): 247, (1, 0, 1): 112}
    counts |= {(1, 1, 0): 142, (1, 1, 1): all_three}
    return CaptureHistories.from_counts("ABC", {k: v * scale for k, v in counts.items()})


def test_it_says_when_the_saturated_graph_carries_most_of_the_posterior() -> None:
    # Under the saturated graph N is not identified: its posterior is the prior's, mostly at
    # zero unseen, so the median and the lower end fall on the 734 documented.
    est = DecomposableGraphAveraging().fit(_spina_bifida_with(all_three=120)).result_
    assert est.details["saturated_weight"] == pytest.approx(0.713, abs=1e-3)
    assert est.interval[0] == 734
    assert est.warnings[0] == (
        "the saturated graph (all lists interacting) carries 71.3% of the posterior weight: "
        "under it the data say nothing about the undocumented, so the estimate and interval "
        "reflect the prior, not the data"
    )


def test_it_says_the_interval_reflects_the_prior_past_five_percent_saturated() -> None:
    # At 6% the saturated graph's mass at zero unseen pulls the 2.5% quantile down to the 714
    # documented (at 1.6% it is 949); the median (1,422) is still the data's.
    est = DecomposableGraphAveraging().fit(_spina_bifida_with(all_three=100)).result_
    assert est.interval[0] == 714
    assert est.warnings[0].startswith("the saturated graph (all lists interacting) carries 6.2%")
    assert est.warnings[0].endswith(
        "so the interval (its lower end first) reflects the prior, not the data"
    )
    below = DecomposableGraphAveraging().fit(_spina_bifida_with(all_three=90)).result_
    assert below.interval[0] == 949 and below.warnings == ()


def test_it_does_not_warn_of_the_saturated_graph_on_the_published_sets(
    kosovo: CaptureHistories, spina_bifida: CaptureHistories
) -> None:
    for captures in (kosovo, spina_bifida):
        est = DecomposableGraphAveraging().fit(captures).result_
        assert est.details["saturated_weight"] < 0.01
        assert not any("saturated" in w for w in est.warnings)


def test_a_grid_cut_short_does_not_blame_the_saturated_graph(
    spina_bifida: CaptureHistories,
) -> None:
    # Cut at 40 unseen, the grid drops the other graphs' posterior (around 100 unseen), leaving
    # the saturated graph 90% of the weight: widening the grid, not the prior, is the remedy.
    est = DecomposableGraphAveraging(max_missing=40).fit(spina_bifida).result_
    assert est.details["saturated_weight"] == pytest.approx(0.897, abs=1e-3)
    (warning,) = est.warnings
    assert warning.startswith("9.1% of the posterior lies near the end of the grid")


def test_its_grid_warning_never_says_zero_percent(spina_bifida: CaptureHistories) -> None:
    # 0.04% of the posterior, over the 0.01% that warns, was printed "0.0%".
    est = DecomposableGraphAveraging(max_missing=240).fit(spina_bifida).result_
    (warning,) = est.warnings
    assert warning.startswith("under 0.1% of the posterior lies near the end of the grid (866)")


def test_it_refuses_a_grid_larger_than_memory_in_one_line_before_allocating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 10 million documented: the default grid (30 × documented) needed 166 GiB; numpy raised
    # _ArrayMemoryError from deep inside the computation.
    monkeypatch.setattr(dga, "available_memory", lambda: 8 * 2**30)
    huge = _spina_bifida_with(all_three=12, scale=16_000)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(MethodNotApplicableError) as refused:
        DecomposableGraphAveraging().fit(huge)
    elapsed, (_, peak) = time.perf_counter() - started, tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1 and peak < 10 * 2**20
    assert str(refused.value) == (
        "<table>: dga's grid of 300,480,001 possible undocumented counts (30 × the 10,016,000 "
        "documented) would need 165.7 GiB of memory, 8.0 GiB is available; bound it with "
        "--max-missing N (up to about 14,510,023 fits) or use another method "
        "(--method loglinear or lcmcr)"
    )


def test_its_memory_refusal_names_the_grid_the_user_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dga, "available_memory", lambda: 2**30)
    with pytest.raises(MethodNotApplicableError, match=r"\(--max-missing 50,000,000\) would"):
        DecomposableGraphAveraging(max_missing=50_000_000).fit(_spina_bifida_with(12))


@pytest.mark.parametrize("name", ["spina_bifida", "kosovo"])
def test_its_memory_estimate_covers_what_it_allocates(
    name: str, request: pytest.FixtureRequest
) -> None:
    captures = request.getfixturevalue(name)
    tracemalloc.start()
    DecomposableGraphAveraging(max_missing=20_000).fit(captures)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak <= dga.grid_bytes(captures.n_lists, 20_000) <= 1.3 * peak
