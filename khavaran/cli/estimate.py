"""`khavaran estimate`: multiple systems estimation on a capture-history CSV, no database needed."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from khavaran.engines.estimation import (
    CaptureHistories,
    Estimate,
    EstimationError,
    Settings,
    StratifiedEstimate,
    read_captures,
)
from khavaran.engines.estimation import estimate as estimate_tables

Result = Estimate | StratifiedEstimate


@dataclass(frozen=True)
class Options:
    """What to estimate and how to report it (shared by the CSV and the linkage-run inputs)."""

    methods: tuple[str, ...]
    settings: Settings
    skip_sparse: bool = False
    as_json: bool = False
    with_draws: bool = False
    plot: Path | None = None


def compare_methods(n_lists: int) -> tuple[str, ...]:
    """Every method that applies to a table with ``n_lists`` lists."""
    methods = ["lcmcr"] if n_lists >= 3 else []
    methods += ["dga"] if 3 <= n_lists <= 5 else []
    return (*methods, "loglinear", *(["chapman"] if n_lists == 2 else []))


def run_estimation(
    tables: Mapping[str | None, CaptureHistories], options: Options, console: Console
) -> list[Result]:
    """Estimate with each method, show progress, print the report and write the plot.

    This is the one entry point for any input: the CSV here, a stored linkage run later.
    """
    results: list[Result] = []
    for method in options.methods:
        results.append(_one_method(tables, method, options, console))
    if options.as_json:
        payload = [json.loads(r.to_json(draws=options.with_draws)) for r in results]
        click.echo(json.dumps({"results": payload}, indent=2, sort_keys=True))
    else:
        console.print(method_table(results))
        for line in _warnings(results):
            console.print(f"[bold yellow]warning:[/] {line}")
    if options.plot is not None:
        from khavaran.engines.estimation.plots import plot_estimates

        path = plot_estimates([_overall(r) for r in results], options.plot)
        click.echo(f"plot written to {path}", err=True)
    return results


def method_table(results: Sequence[Result]) -> Table:
    """A table comparing methods (and strata): estimate, interval, documented count, diagnostics."""
    table = Table(title="Estimated total (documented and undocumented)")
    for column in ("method", "stratum", "estimate", "95% interval", "documented", "R-hat", "ESS"):
        table.add_column(column, justify="left" if column in ("method", "stratum") else "right")
    for result in results:
        rows = [result] if isinstance(result, Estimate) else [*result.strata, result.combined]
        for est in rows:
            label = est.stratum or ("all strata" if isinstance(result, StratifiedEstimate) else "")
            diag = est.diagnostics
            table.add_row(
                est.method,
                label,
                f"{est.total:,.0f}",
                f"{est.interval[0]:,.0f} – {est.interval[1]:,.0f}",
                f"{est.observed:,}",
                "" if diag is None else f"{diag.rhat:.3f}",
                "" if diag is None else f"{min(diag.ess_bulk, diag.ess_tail):,.0f}",
            )
    return table


@click.command("estimate")
@click.argument("captures", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option(
    "--run",
    "run_id",
    type=int,
    default=None,
    help="Use the capture histories of a stored linkage run (see `khavaran link`).",
)
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(["lcmcr", "dga", "loglinear", "chapman"]),
    help="Method(s) to run; repeat to compare. Default: lcmcr (chapman for two lists).",
)
@click.option("--compare", is_flag=True, help="Run every method that applies and compare them.")
@click.option("--strata", multiple=True, help="Stratum column(s); estimate each and combine.")
@click.option("--skip-sparse", is_flag=True, help="Leave sparse strata out (with a warning).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--with-draws", is_flag=True, help="Include posterior draws in the JSON.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="PNG or SVG file.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--chains", type=click.IntRange(1), default=4, show_default=True)
@click.option("--burn-in", type=click.IntRange(0), default=10_000, show_default=True)
@click.option("--samples", type=click.IntRange(4), default=2_000, show_default=True)
@click.option("--thin", type=click.IntRange(1), default=100, show_default=True)
@click.option("--classes", type=click.IntRange(1), help="LCMCR classes K [min(2^J-1, 10)].")
@click.option("--criterion", type=click.Choice(["bic", "aic"]), default="bic", show_default=True)
@click.option("--delta", type=float, default=1 / 16, show_default=True, help="dga prior count.")
@click.option("--jobs", type=click.IntRange(1), help="Chains run at once [CPU cores].")
@click.pass_context
def estimate(
    ctx: click.Context,
    captures: Path | None,
    run_id: int | None,
    methods: tuple[str, ...],
    compare: bool,
    strata: tuple[str, ...],
    skip_sparse: bool,
    as_json: bool,
    with_draws: bool,
    plot: Path | None,
    seed: int,
    chains: int,
    burn_in: int,
    samples: int,
    thin: int,
    classes: int | None,
    criterion: str,
    delta: float,
    jobs: int | None,
) -> None:
    """Estimate the total number of victims from overlapping lists in CAPTURES.csv.

    CAPTURES.csv has one 0/1 column per list, a `count` column, and optional stratum columns.
    With --run LINKRUN instead, the lists and their overlaps come from a stored linkage run.
    """
    if (captures is None) == (run_id is None):
        raise click.UsageError("give either CAPTURES.csv or --run LINKRUN")
    try:
        tables = read_captures(captures, strata) if captures else _run_tables(ctx, run_id, strata)
        n_lists = next(iter(tables.values())).n_lists
        chosen = compare_methods(n_lists) if compare else methods
        chosen = chosen or (("lcmcr",) if n_lists >= 3 else ("chapman",))
        settings = Settings(
            seed=seed,
            chains=chains,
            burn_in=burn_in,
            samples=samples,
            thin=thin,
            classes=classes,
            criterion=criterion,
            delta=delta,
            n_jobs=jobs or min(chains, os.cpu_count() or 1),
        )
        options = Options(chosen, settings, skip_sparse, as_json, with_draws, plot)
        run_estimation(tables, options, Console(stderr=as_json))
    except EstimationError as exc:
        raise click.ClickException(str(exc)) from exc


def _run_tables(
    ctx: click.Context, run_id: int | None, strata: tuple[str, ...]
) -> dict[str | None, CaptureHistories]:
    """The capture table of a stored linkage run (this path needs the database)."""
    if strata:
        raise click.UsageError("--strata works on a CSV; export the run's captures to stratify")
    from khavaran.cli.context import boot

    boot(ctx)
    from khavaran.analysis.linkage_runs import captures_for_run
    from khavaran.analysis.models import LinkageRun

    try:
        frame = captures_for_run(int(run_id or 0))
    except LinkageRun.DoesNotExist:
        raise click.ClickException(f"no linkage run {run_id}; see `khavaran link`") from None
    lists = [c for c in frame.columns if c != "count"]
    counts = {
        tuple(int(v) for v in row[:-1]): int(row[-1])
        for row in frame[[*lists, "count"]].itertuples(index=False)
    }
    return {None: CaptureHistories.from_counts(lists, counts, source=f"linkage run {run_id}")}


def _one_method(
    tables: Mapping[str | None, CaptureHistories], method: str, options: Options, console: Console
) -> Result:
    if method != "lcmcr":
        return estimate_tables(tables, method, options.settings, skip_sparse=options.skip_sparse)
    s = options.settings
    total = len(tables) * s.chains * (s.burn_in + s.samples * s.thin)
    columns = (TextColumn("lcmcr"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    bar = Progress(*columns, TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task("lcmcr", total=total)
        return estimate_tables(
            tables,
            method,
            s,
            skip_sparse=options.skip_sparse,
            progress=lambda done: bar.advance(task, done),
        )


def _overall(result: Result) -> Estimate:
    return result if isinstance(result, Estimate) else result.combined


def _warnings(results: Sequence[Result]) -> list[str]:
    lines = []
    for result in results:
        est = _overall(result)
        lines += [f"{est.method}: {w}" for w in est.warnings]
        if isinstance(result, StratifiedEstimate):
            lines += [f"{est.method}: stratum refused: {r}" for r in result.refused.values()]
    return lines
