"""The posterior of the total beside the documented count, as PNG or SVG."""

from __future__ import annotations

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
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise EstimationError(f"{target}: plots are written as .png or .svg, not '{target.suffix}'")
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
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target)
    plt.close(figure)
    return target
