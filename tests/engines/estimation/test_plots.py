"""The figure of an estimate is fit for a report: it says what its intervals are, never calls a
log-linear interval a posterior density, groups thousands, and says when there are warnings."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from khavaran.engines.estimation import CaptureHistories, Chapman, LogLinear
from khavaran.engines.estimation.plots import plot_estimates


@pytest.fixture(autouse=True)
def text_in_svg():
    # SVG text as text, not outlines, so that the test can read it.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        yield


def test_a_likelihood_interval_is_a_bar_not_a_density(
    spina_bifida: CaptureHistories, tmp_path: Path
) -> None:
    est = LogLinear().fit(spina_bifida).result_
    svg = plot_estimates([est], tmp_path / "fig.svg").read_text()
    assert "density" not in svg
    assert "95% interval" in svg and "with 95% intervals" in svg
    assert f"{est.total:,.0f}" in svg


def test_warnings_are_said_on_the_figure_and_counts_grouped(tmp_path: Path) -> None:
    table = CaptureHistories.from_counts(["A", "B"], {(1, 0): 5_000, (0, 1): 4_000, (1, 1): 1})
    est = Chapman().fit(table).result_
    assert est.warnings
    svg = plot_estimates([est], tmp_path / "fig.svg").read_text()
    assert "warning(s): read them with the estimate before quoting it" in svg
    assert "9,001" in svg  # the documented count, grouped
