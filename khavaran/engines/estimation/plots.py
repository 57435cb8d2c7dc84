"""The posterior of the total beside the documented count, as PNG or SVG."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from khavaran.engines.estimation.errors import EstimationError
from khavaran.engines.estimation.results import Estimate

FORMATS = (".png", ".svg")


def plot_estimates(estimates: Sequence[Estimate], path: str | Path, title: str = "") -> Path:
    """Draw each method's posterior (or interval) of the total and the documented count.

    Args:
        estimates: one Estimate per method, for the same table.
        path: output file; ``.png`` or ``.svg`` chooses the format.
        title: figure title.

    Returns:
        The path written.

    Example:
        >>> plot_estimates([est], "kosovo.svg")  # doctest: +SKIP
    """
    target = plot_target(path)
    figure, axes = plt.subplots(figsize=(8, 4.5))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    sampled = [est for est in estimates if est.all_draws().size]
    for i, est in enumerate(estimates):
        if est in sampled:
            colour = colours[i % len(colours)]
            axes.hist(
                est.all_draws(), bins=60, density=True, alpha=0.45, color=colour, label=_label(est)
            )
    # Methods without draws (log-linear, Chapman) have an interval, not a density: drawn as
    # bars above the axis, in their own rows, on a scale of their own when alone.
    bars = [est for est in estimates if est not in sampled]
    top = axes.get_ylim()[1] if sampled else 1.0
    for row, est in enumerate(bars, start=1):
        colour = colours[estimates.index(est) % len(colours)]
        high = est.interval[1] if math.isfinite(est.interval[1]) else axes.get_xlim()[1]
        axes.errorbar(
            [est.total],
            [top * row / (len(bars) + 1)],
            xerr=[[est.total - est.interval[0]], [high - est.total]],
            fmt="o",
            color=colour,
            capsize=6,
            label=_label(est),
        )
    observed = estimates[0].observed
    axes.axvline(observed, color="black", linestyle="--", label=f"documented: {observed:,}")
    axes.set_xlabel("total number of people (documented and undocumented)")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    if sampled:
        axes.set_ylabel("posterior density (Bayesian methods)")
    else:
        axes.set_ylim(0, 1)
        axes.set_yticks([])
    axes.set_title(title or "Estimated total, with 95% intervals")
    axes.legend(fontsize="small")
    warned = sum(len(est.warnings) for est in estimates)
    if warned:
        # A figure travels without the report around it: it says that there are warnings.
        figure.text(
            0.01, 0.01, f"{warned} warning(s): read them with the estimate before quoting it",
            fontsize="small", color="firebrick",
        )  # fmt: skip
    figure.tight_layout()
    try:
        figure.savefig(target)
    except OSError as exc:
        raise EstimationError(f"{target}: cannot write the plot ({exc.strerror})") from None
    finally:
        plt.close(figure)
    return target


def _label(est: Estimate) -> str:
    low, high = est.interval
    upper = f"{high:,.0f}" if math.isfinite(high) else "no upper bound"
    return f"{est.method}: {est.total:,.0f} (95% interval {low:,.0f} – {upper})"


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
