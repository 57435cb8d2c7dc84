"""The posterior of the total beside the documented count, as PNG or SVG."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

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
    for i, est in enumerate(estimates):
        colour = colours[i % len(colours)]
        label = f"{est.method}: {est.total:,.0f} [{est.interval[0]:,.0f}, {est.interval[1]:,.0f}]"
        draws = est.all_draws()
        if draws.size:
            axes.hist(draws, bins=60, density=True, alpha=0.45, color=colour, label=label)
        else:
            axes.errorbar(
                [est.total],
                [0],
                xerr=[[est.total - est.interval[0]], [est.interval[1] - est.total]],
                fmt="o",
                color=colour,
                capsize=6,
                label=label,
            )
    observed = estimates[0].observed
    axes.axvline(observed, color="black", linestyle="--", label=f"documented: {observed:,}")
    axes.set_xlabel("total number of people (documented and undocumented)")
    axes.set_ylabel("posterior density")
    axes.set_title(title or "Estimated total")
    axes.legend(fontsize="small")
    figure.tight_layout()
    try:
        figure.savefig(target)
    except OSError as exc:
        raise EstimationError(f"{target}: cannot write the plot ({exc.strerror})") from None
    finally:
        plt.close(figure)
    return target


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
