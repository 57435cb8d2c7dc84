"""Combining strata: independent draws per stratum, and intervals that respect every stratum."""

from __future__ import annotations

import math

import numpy as np
import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    DecomposableGraphAveraging,
    Estimate,
    Settings,
    StratifiedEstimate,
    estimate,
)
from khavaran.engines.estimation.combination import combine, undocumented_draws
from khavaran.engines.estimation.strata import stratum_seed

TINY_LCMCR = Settings(seed=3, chains=1, burn_in=50, samples=40, thin=1, classes=2)


def stratum(label: str, scale: int = 1) -> CaptureHistories:
    counts = {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 20, (1, 1, 0): 12, (1, 0, 1): 9}
    counts |= {(0, 1, 1): 7, (1, 1, 1): 3}
    return CaptureHistories.from_counts(
        ["A", "B", "C"], {k: v * scale for k, v in counts.items()}, "strata.csv", label
    )


def two_lists(label: str, only_a: int, only_b: int, both: int) -> CaptureHistories:
    counts = {(1, 0): only_a, (0, 1): only_b, (1, 1): both}
    return CaptureHistories.from_counts(["A", "B"], counts, "strata.csv", label)


def stratified(tables: list[CaptureHistories], method: str, seed: int = 0) -> StratifiedEstimate:
    result = estimate({t.stratum: t for t in tables}, method, Settings(seed=seed))
    assert isinstance(result, StratifiedEstimate)
    return result


def test_identical_strata_draw_independently_so_the_sum_is_narrower_than_summed_bounds() -> None:
    result = stratified([stratum("city=Shiraz"), stratum("city=Tehran")], "dga", seed=7)
    one, two = result.strata
    correlation = np.corrcoef(one.all_draws(), two.all_draws())[0, 1]
    assert abs(correlation) < 0.1
    low, high = result.combined.interval
    assert low > one.interval[0] + two.interval[0]
    assert high < one.interval[1] + two.interval[1]


def test_each_stratum_has_its_own_reproducible_seed() -> None:
    first = stratified([stratum("city=Shiraz"), stratum("city=Tehran")], "dga", seed=7)
    again = stratified([stratum("city=Shiraz"), stratum("city=Tehran")], "dga", seed=7)
    assert again == first
    seeds = [s.seed for s in first.strata]
    assert seeds == [stratum_seed(7, "city=Shiraz"), stratum_seed(7, "city=Tehran")]
    assert len(set(seeds)) == 2 and first.combined.seed == 7


def test_a_stratums_seed_does_not_depend_on_the_other_strata() -> None:
    alone = stratified([stratum("city=Shiraz"), stratum("city=Qom", 2)], "dga", seed=1)
    more = stratified([stratum("city=Shiraz"), stratum("city=Tabriz", 3)], "dga", seed=1)
    assert alone.strata[1].draws == more.strata[0].draws  # city=Shiraz in both


def test_lcmcr_strata_run_their_chains_on_their_own_seeds() -> None:
    tables = {s: stratum(s) for s in ("x=1", "x=2")}
    result = estimate(tables, "lcmcr", TINY_LCMCR)
    assert isinstance(result, StratifiedEstimate)
    assert [s.seed for s in result.strata] == [stratum_seed(3, "x=1"), stratum_seed(3, "x=2")]
    assert result.strata[0].draws != result.strata[1].draws


def test_an_unstratified_estimate_keeps_the_seed_it_was_given() -> None:
    table = stratum("all")
    result = estimate({None: table}, "dga", Settings(seed=4))
    assert isinstance(result, Estimate)
    assert result.seed == 4
    assert result.draws == DecomposableGraphAveraging(random_state=4).fit(table).result_.draws


def test_the_combined_log_linear_interval_contains_every_stratums_own_range() -> None:
    # A tester's two cities: Shiraz's skewed interval (378 – 6,195) was wider than the
    # combined one (232 – 4,209) under the normal approximation.
    shiraz, tehran = two_lists("city=Shiraz", 50, 40, 2), two_lists("city=Tehran", 70, 40, 30)
    result = stratified([shiraz, tehran], "loglinear")
    low, high = result.combined.interval
    one, two = result.strata
    assert high >= one.interval[1] + two.observed and high >= two.interval[1] + one.observed
    assert low >= one.interval[0] + two.observed and low >= two.interval[0] + one.observed
    assert low < result.combined.total < high
    assert "log-normal" in result.combined.details["combination"]


def test_the_combined_likelihood_interval_is_reproducible_from_the_seed() -> None:
    tables = [two_lists("x=1", 50, 40, 2), two_lists("x=2", 70, 40, 30)]
    assert stratified(tables, "chapman", seed=5) == stratified(tables, "chapman", seed=5)
    assert stratified(tables, "chapman", seed=5).combined.seed == 5


def test_chapmans_undocumented_count_comes_from_its_standard_error_not_its_clipped_bound() -> None:
    table = two_lists("x=1", 51, 41, 1)
    result = stratified([table, two_lists("x=2", 70, 40, 30)], "chapman").strata[0]
    assert result.interval[0] == result.observed  # clipped at the documented count
    f0 = result.total - result.observed
    sigma = math.sqrt(math.log1p((result.details["stderr"] / f0) ** 2))
    normal = np.random.default_rng(0).standard_normal(200_000)
    draws = undocumented_draws(result, normal)
    low, high = np.quantile(draws, [0.025, 0.975])
    assert low == pytest.approx(f0 * math.exp(-1.96 * sigma), rel=0.02)
    assert high == pytest.approx(f0 * math.exp(1.96 * sigma), rel=0.02)
    assert high > result.interval[1] - result.observed


def test_a_stratum_with_no_upper_bound_leaves_the_combined_total_without_one() -> None:
    bounded = Estimate("loglinear", 150.0, (120.0, 200.0), 100, ("A", "B"), "a", {}, None)
    unbounded = Estimate("loglinear", 900.0, (300.0, math.inf), 80, ("A", "B"), "b", {}, None)
    combined = combine([bounded, unbounded], seed=0)
    assert combined.interval[1] == math.inf
    assert combined.interval[0] >= 180 + 300 - 80
    assert combined.total == 1050


def test_a_stratum_estimated_at_its_documented_count_adds_only_its_upper_tail() -> None:
    none_missed = Estimate("loglinear", 100.0, (100.0, 104.0), 100, ("A", "B"), "a", {}, None)
    other = Estimate("loglinear", 150.0, (130.0, 180.0), 100, ("A", "B"), "b", {}, None)
    low, high = combine([none_missed, other], seed=0).interval
    assert 230 <= low < 250 < high
    assert high >= 180 + 100
