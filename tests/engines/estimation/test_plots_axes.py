"""The figure's axes fit what it shows: the bulk of every posterior (not its far tail), never
below zero; a likelihood estimate sits in a panel of its own, never on a density axis; the
legend says what each figure and interval is; and an SVG keeps its text as text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from khavaran.engines.estimation import CaptureHistories, Chapman, LogLinear
from khavaran.engines.estimation.plots import plot_estimates, x_range

TABLE = CaptureHistories.from_counts(["A", "B"], {(1, 0): 300, (0, 1): 200, (1, 1): 100})


def _posterior(draws: list[int], method: str = "lcmcr"):
    est = Chapman().fit(TABLE).result_
    return dataclasses.replace(est, method=method, draws=(tuple(draws),))


def test_the_x_axis_spans_the_bulk_of_the_posterior_not_its_far_tail() -> None:
    rng = np.random.default_rng(0)
    bulk = rng.normal(800, 40, 9_990).round().astype(int).tolist()
    low, high = x_range([_posterior([*bulk, *([1_800] * 10)])])
    assert high < 1_000 and low < 600  # the documented count (600) stays in view


def test_the_x_axis_never_starts_below_zero() -> None:
    est = dataclasses.replace(Chapman().fit(TABLE).result_, observed=3, interval=(3.0, 900.0))
    assert x_range([est])[0] >= 0


def test_svg_text_stays_text_and_the_legend_says_what_each_interval_is(tmp_path: Path) -> None:
    svg = plot_estimates([Chapman().fit(TABLE).result_], tmp_path / "fig.svg").read_text()
    assert "<text" in svg and "Chapman, 95% normal-approximation CI" in svg


def test_a_likelihood_estimate_beside_a_posterior_is_not_on_the_density_axis(
    tmp_path: Path,
) -> None:
    posterior = _posterior(list(range(650, 900)))
    mle = LogLinear().fit(TABLE).result_
    svg = plot_estimates([posterior, mle], tmp_path / "fig.svg", "two.csv (seed 3)").read_text()
    assert "posterior density (Bayesian methods)" in svg
    assert "estimate and interval" in svg and "MLE, 95% profile-likelihood CI" in svg
    assert "two.csv (seed 3)" in svg and svg.count("documented: 600") == 1
