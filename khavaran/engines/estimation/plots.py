"""The posterior (or estimate and interval) of the total beside the documented count, as PNG
or SVG."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from khavaran.engines.estimation.errors import EstimationError
from khavaran.engines.estimation.figures import interval_text, total_text
from khavaran.engines.estimation.registry import kind_of
from khavaran.engines.estimation.results import Estimate

FORMATS = (".png", ".svg")


# The x-axis spans these quantiles of every posterior shown: a long thin tail (spina bifida's
# ran to 1,800 with all the mass below 1,000) should not squeeze the figure into a corner.
X_QUANTILES = (0.001, 0.995)
BINS = 60


def plot_estimates(
    estimates: Sequence[Estimate],
    path: str | Path,
    title: str = "",
    *,
    documented_label: str = "documented",
    note: str = "",
) -> Path:
    """Draw each method's posterior (or estimate and interval) of the total, and the documented
    count.

    Bayesian methods (with draws) are drawn as densities; the others (log-linear, Chapman) as a
    point with its interval bar, in a panel of their own that has no density axis.

    Args:
        estimates: one Estimate per method, for the same table.
        path: output file; ``.png`` or ``.svg`` chooses the format.
        title: figure title (say the data set and the seed).
        documented_label: the documented line's label ("documented in the strata estimated").
        note: a line printed under the figure (strata left out).

    Returns:
        The path written.

    Example:
        >>> plot_estimates([est], "kosovo.svg", "kosovo.csv (seed 0)")  # doctest: +SKIP
    """
    target = plot_target(path)
    # Text stays text in an SVG: searchable, translatable, and editable in a report.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure = _figure(estimates, title, documented_label, note)
        try:
            figure.savefig(target)
        except OSError as exc:
            raise EstimationError(f"{target}: cannot write the plot ({exc.strerror})") from None
        finally:
            plt.close(figure)
    return target


def _figure(estimates: Sequence[Estimate], title: str, documented_label: str, note: str) -> Figure:
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colour = {id(est): colours[i % len(colours)] for i, est in enumerate(estimates)}
    sampled = [est for est in estimates if est.all_draws().size]
    bars = [est for est in estimates if not est.all_draws().size]
    low, high = x_range(estimates)
    if sampled and bars:
        figure, (density, points) = plt.subplots(
            2, 1, sharex=True, figsize=(8, 5 + 0.3 * len(bars)),
            gridspec_kw={"height_ratios": [3, 0.6 + 0.4 * len(bars)]},
        )  # fmt: skip
    else:
        figure, single = plt.subplots(figsize=(8, 4.5 if sampled else 2.5 + 0.4 * len(bars)))
        density, points = (single, None) if sampled else (None, single)
    if density is not None:
        bins = np.linspace(low, high, BINS + 1)
        for est in sampled:
            draws = est.all_draws()
            # Weighted, not density=True: the draws beyond the axis still count in the density.
            weights = np.full(draws.size, 1.0 / (draws.size * (bins[1] - bins[0])))
            density.hist(draws, bins=bins, weights=weights, alpha=0.45, color=colour[id(est)],
                         label=_label(est))  # fmt: skip
        density.set_ylabel("posterior density (Bayesian methods)")
    if points is not None:
        _draw_points(points, bars, colour, high)
    for row, axes in enumerate(a for a in (density, points) if a is not None):
        for documented in sorted({est.observed for est in estimates}):
            # Named once, in the first panel's legend; the line runs through both.
            label = f"{documented_label}: {documented:,}" if row == 0 else None
            axes.axvline(documented, color="black", linestyle="--", label=label)
        axes.set_xlim(low, high)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
        axes.legend(fontsize="small")
    bottom = points if points is not None else density
    assert bottom is not None
    bottom.set_xlabel("total number of people (documented and undocumented)")
    figure.axes[0].set_title(title or "Estimated total, with 95% intervals")
    _footer(figure, estimates, note)
    figure.tight_layout(rect=(0, 0.05 if note else 0.03, 1, 1))
    return figure


def _draw_points(
    axes: Axes, bars: Sequence[Estimate], colour: dict[int, str], right: float
) -> None:
    """Each likelihood estimate as a point and its interval bar, one row per method, named."""
    for row, est in enumerate(bars):
        high = est.interval[1] if math.isfinite(est.interval[1]) else right
        axes.errorbar(
            [est.total], [row],
            xerr=[[est.total - est.interval[0]], [high - est.total]],
            fmt="o", color=colour[id(est)], capsize=6, label=_label(est),
        )  # fmt: skip
    axes.set_yticks(range(len(bars)), [est.method for est in bars])
    axes.set_ylim(-0.7, len(bars) - 0.3)
    axes.invert_yaxis()
    axes.set_ylabel("estimate and interval")


def x_range(estimates: Sequence[Estimate]) -> tuple[float, float]:
    """The x-axis: central quantiles of every posterior, every likelihood interval, and the
    documented counts, with a margin; never below zero.

    Example:
        >>> x_range([chapman_estimate])  # doctest: +SKIP
        (612.5, 1037.5)
    """
    ends: list[float] = [float(est.observed) for est in estimates]
    for est in estimates:
        draws = est.all_draws()
        if draws.size:
            ends += [float(q) for q in np.quantile(draws, X_QUANTILES)]
        else:
            ends += [v for v in (est.total, *est.interval) if math.isfinite(v)]
    low, high = min(ends), max(ends)
    margin = max((high - low) * 0.05, 1.0)
    return max(low - margin, 0.0), high + margin


def _footer(figure: Figure, estimates: Sequence[Estimate], note: str) -> None:
    lines = [note] if note else []
    warned = sum(len(est.warnings) for est in estimates)
    if warned:
        # A figure travels without the report around it: it says that there are warnings.
        lines.append(f"{warned} warning(s): read them with the estimate before quoting it")
    if lines:
        figure.text(0.01, 0.01, "\n".join(lines), fontsize="small", color="firebrick")


def _label(est: Estimate) -> str:
    kind = kind_of(est).short
    return f"{est.method}: {total_text(est.total)} [{interval_text(est.interval)}] ({kind})"


def plot_target(path: str | Path) -> Path:
    """The plot's path, checked before any work: a known format, in a folder we can write.

    Missing folders are made. Raises EstimationError naming the path and the problem.
    """
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise EstimationError(f"{target}: plots are written as .png or .svg, not '{target.suffix}'")
    for folder in (target.parent, *target.parent.parents):
        if folder.exists() and not folder.is_dir():
            raise EstimationError(f"{target}: {folder} is a file, not a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EstimationError(f"{target}: cannot make its folder ({exc.strerror})") from None
    if not os.access(target.parent, os.W_OK):
        raise EstimationError(f"{target}: its folder is not writable")
    return target
