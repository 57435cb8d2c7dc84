"""`khavaran estimate`: multiple systems estimation on a capture-history CSV, no database needed.

With --run (or --store) the estimates are stored; `list`, `show` and `reproduce` read them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from khavaran.cli import stored_estimates as stored
from khavaran.cli.context import acting_user, actor_name, boot, fail
from khavaran.cli.outputs import OutputPath

# The engine (numpy, scipy, numba) loads when a command runs, not for `khavaran --help`.
if TYPE_CHECKING:
    from khavaran.engines.estimation import (
        CaptureHistories,
        Estimate,
        Settings,
        StratifiedEstimate,
    )

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
    methods = ["lcmcr", "lcmcr-calibrated"] if n_lists >= 3 else []
    methods += ["dga"] if 3 <= n_lists <= 5 else []
    return (*methods, "loglinear", *(["chapman"] if n_lists == 2 else []))


def report(
    results: Sequence[Result],
    options: Options,
    console: Console,
    ids: Sequence[int] | None,
    tables: Mapping[str | None, CaptureHistories],
    source: Origin,
) -> None:
    """Print the results (a table and warnings, or JSON), the stored ids, and write the plot."""
    from khavaran.cli import estimate_report as said

    if options.as_json:
        run_id = getattr(source.run, "pk", None)
        payload = said.document(
            results, tables, ids, draws=options.with_draws, path=source.path, run_id=run_id
        )
        click.echo(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        table = method_table(results, tables)
        # Wider than the terminal (or than 80 columns when redirected) rather than a figure cut.
        needed = Measurement.get(console, console.options.update_width(1_000), table).maximum
        console.width = max(console.width, needed)
        console.print(table)
        for line in said.disagreements(results):
            console.print(f"[bold yellow]warning:[/] {line}", highlight=False)
        for line in [*_warnings(results), *said.left_out_lines(results, tables)]:
            console.print(f"[bold yellow]warning:[/] {line}", highlight=False)
        for line in _combinations(results):
            console.print(f"note: {line}", highlight=False)
        for result, pk in zip(results, ids or (), strict=False):
            click.echo(
                f"stored as estimate {pk} ({result.method}); see: khavaran estimate show {pk}"
            )
    if options.plot is not None:
        _plot(results, options, tables, source)


def _plot(
    results: Sequence[Result],
    options: Options,
    tables: Mapping[str | None, CaptureHistories],
    source: Origin,
) -> None:
    from khavaran.cli import estimate_report as said
    from khavaran.engines.estimation.plots import plot_estimates

    name = source.path.name if source.path else f"linkage run {getattr(source.run, 'pk', '')}"
    missing = {item.stratum: item for r in results for item in said.left_out(r, tables)}
    note = "left out as too sparse: " + ", ".join(
        f"{item.stratum} ({item.documented:,} documented)" for item in missing.values()
    )
    path = plot_estimates(
        [said.overall(r) for r in results],
        options.plot,  # type: ignore[arg-type]
        f"{name}: estimated total, with 95% intervals (seed {options.settings.seed})",
        documented_label="documented in the strata estimated" if missing else "documented",
        note=note if missing else "",
    )
    click.echo(f"plot written to {path}", err=True)


def method_table(
    results: Sequence[Result], tables: Mapping[str | None, CaptureHistories] | None = None
) -> Table:
    """A table comparing methods (and strata): estimate, interval, documented count, diagnostics.

    The stratum column is shown only when a result has strata, and R-hat and ESS only when a
    method has them (the Bayesian ones), so that at 80 columns every cell stays on one line.
    No figure is ever cut short: a number with an ellipsis would read as a different number.
    A stratum left out as too sparse has a row saying so, with its documented count.
    """
    from khavaran.cli.estimate_report import coverage_label, kind_lines, left_out
    from khavaran.engines.estimation import Estimate, StratifiedEstimate

    stratified = any(isinstance(result, StratifiedEstimate) for result in results)
    rows: list[list[str]] = []
    for result in results:
        if isinstance(result, Estimate):
            rows.append(_row(result, [""] if stratified else []))
            continue
        rows += [_row(est, [est.stratum or ""]) for est in result.strata]
        rows += [
            [result.method, item.stratum, "—", "left out: sparse", f"{item.documented:,}", "", ""]
            for item in left_out(result, tables or {})
        ]
        rows.append(_row(result.combined, [coverage_label(result)]))
    columns = ["method", *(["stratum"] if stratified else []), "estimate", "95% interval"]
    columns += ["documented", "R-hat", "ESS"]
    diagnosed = any(row[-1] for row in rows)
    if not diagnosed:
        columns, rows = columns[:-2], [row[:-2] for row in rows]
    # What each figure is, under the table: a column would push it past 80 columns.
    caption = "\n".join(kind_lines(results))
    table = Table(
        title="Estimated total (documented and undocumented)",
        caption=caption,
        caption_justify="left",
    )
    for index, column in enumerate(columns):
        text = column in ("method", "stratum")
        table.add_column(
            column,
            justify="left" if text else "right",
            no_wrap=True,
            # Names, figures and intervals are read whole ("lcmcr-calibrated", "683 – 842").
            min_width=max([len(column), *(len(row[index]) for row in rows)]),
        )
    for row in rows:
        table.add_row(*row)
    return table


def _row(est: Estimate, label: list[str]) -> list[str]:
    from khavaran.engines.estimation.figures import interval_text, total_text

    diag = est.diagnostics
    return [
        est.method,
        *label,
        total_text(est.total),
        interval_text(est.interval),
        f"{est.observed:,}",
        "" if diag is None else f"{diag.rhat:.3f}",
        "" if diag is None else f"{min(diag.ess_bulk, diag.ess_tail):,.0f}",
    ]


# The hidden command that `khavaran estimate CAPTURES.csv` and `--run` reach.
DEFAULT = "new"


class _Bare(click.Context):
    """The default command's context: it runs under the group's name, without its own."""

    @property
    def command_path(self) -> str:
        return self.parent.command_path if self.parent else super().command_path


class _DefaultCommand(click.Command):
    context_class = _Bare


class EstimateGroup(click.Group):
    """`khavaran estimate [CAPTURES.csv | --run N]` estimates; named subcommands read the stored.

    Anything but a subcommand's name (or --help) goes to the hidden default command, so the
    plain usage stays as it was before stored estimates existed.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [DEFAULT, *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in super().list_commands(ctx) if name != DEFAULT]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        default = self.commands[DEFAULT]
        formatter.write_usage(ctx.command_path, "[OPTIONS] [CAPTURES]")
        formatter.write_usage(ctx.command_path, "COMMAND [ARGS]...", prefix="   or: ")
        default.format_help_text(ctx, formatter)
        default.format_options(ctx, formatter)
        self.format_commands(ctx, formatter)


@click.group("estimate", cls=EstimateGroup)
def estimate() -> None:
    """Estimate the total number of victims from overlapping lists in CAPTURES.csv."""


@estimate.command(DEFAULT, cls=_DefaultCommand, hidden=True)
@click.argument("captures", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option(
    "--run",
    "run_id",
    type=int,
    default=None,
    metavar="LINKRUN",
    help="Use the capture histories of a stored linkage run (see `khavaran link`); the "
    "estimates are stored.",
)
@click.option("--store", is_flag=True, help="Store the estimates of CAPTURES.csv too.")
@click.option(
    "--confidentiality",
    default="restricted",
    show_default=True,
    help="Who may read estimates stored from CAPTURES.csv (a run's follow its lists).",
)
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(["lcmcr", "lcmcr-calibrated", "dga", "loglinear", "chapman"]),
    help="Method(s) to run; repeat to compare. Default: lcmcr (chapman for two lists). "
    "lcmcr-calibrated is LCMCR with its interval calibrated on populations simulated from "
    "its posterior (docs/estimation.md).",
)
@click.option("--compare", is_flag=True, help="Run every method that applies and compare them.")
@click.option("--strata", multiple=True, help="Stratum column(s); estimate each and combine.")
@click.option("--skip-sparse", is_flag=True, help="Leave sparse strata out (with a warning).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--with-draws", is_flag=True, help="Include posterior draws in the JSON and stored estimates."
)
@click.option("--plot", type=OutputPath(), help="PNG or SVG file.")
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True, help="Random seed.")
@click.option("--chains", type=click.IntRange(1), default=4, show_default=True)
@click.option("--burn-in", type=click.IntRange(0), default=10_000, show_default=True)
@click.option("--samples", type=click.IntRange(4), default=2_000, show_default=True)
@click.option("--thin", type=click.IntRange(1), default=100, show_default=True)
@click.option("--classes", type=click.IntRange(1), help="LCMCR classes K [min(2^J-1, 10)].")
@click.option(
    "--replicates",
    type=click.IntRange(10),
    default=40,
    show_default=True,
    help="Populations simulated to calibrate lcmcr-calibrated's interval.",
)
@click.option("--criterion", type=click.Choice(["bic", "aic"]), default="bic", show_default=True)
@click.option(
    "--delta",
    type=click.FloatRange(0, min_open=True),
    default=1 / 16,
    show_default=True,
    help="dga prior count.",
)
@click.option(
    "--max-missing",
    type=click.IntRange(1),
    default=None,
    metavar="N",
    help="dga: the most undocumented people its grid reaches, in each stratum "
    "[30 × documented, at least 1,000]; widen it when dga warns that the posterior lies near "
    "the grid's end.",
)
@click.option("--jobs", type=click.IntRange(1), help="Chains run at once [CPU cores].")
@click.pass_context
def new(
    ctx: click.Context,
    captures: Path | None,
    run_id: int | None,
    store: bool,
    confidentiality: str,
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
    replicates: int,
    criterion: str,
    delta: float,
    max_missing: int | None,
    jobs: int | None,
) -> None:
    """Estimate the total number of victims from overlapping lists in CAPTURES.csv.

    CAPTURES.csv has one 0/1 column per list, a `count` column, and optional stratum columns.
    With --run LINKRUN instead, the lists and their overlaps come from a stored linkage run, and
    each method's estimate is stored (with --store, those of CAPTURES.csv too): see `khavaran
    estimate list`, `show` and `reproduce`.
    """
    if (captures is None) == (run_id is None):
        raise click.UsageError("give either CAPTURES.csv or --run LINKRUN")
    stored = store or run_id is not None
    given = ctx.get_parameter_source("confidentiality") is not ParameterSource.DEFAULT
    if given and not store:
        # Silently ignored, a level would let the user believe the estimate was kept at it.
        raise click.UsageError("--confidentiality is the level of stored estimates: add --store")
    if with_draws and not (as_json or stored):
        raise click.UsageError("--with-draws adds the draws to --json output or stored estimates")
    from khavaran.engines.estimation import EstimationError, Settings, read_captures

    settings = Settings(
        seed=seed,
        chains=chains,
        burn_in=burn_in,
        samples=samples,
        thin=thin,
        classes=classes,
        replicates=replicates,
        criterion=criterion,
        delta=delta,
        dga_max_missing=max_missing,
        n_jobs=jobs or min(chains, os.cpu_count() or 1),
    )
    if store or run_id is not None:
        _check_may_store(ctx, confidentiality)
    try:
        if plot is not None:
            # Checked before the sampler runs: a typo should not cost minutes of work.
            from khavaran.engines.estimation.plots import plot_target

            plot_target(plot)
        if captures is not None:
            tables = read_captures(captures, strata)
            source = Origin(captures, None, store, confidentiality, strata, skip_sparse)
        elif run_id is not None:
            tables, source = _run_input(ctx, run_id, strata, skip_sparse)
        n_lists = next(iter(tables.values())).n_lists
        chosen = compare_methods(n_lists) if compare else methods
        chosen = chosen or (("lcmcr",) if n_lists >= 3 else ("chapman",))
        # Before any method runs: a method that cannot apply should not cost the others' time.
        unfit = [m for m in chosen if m not in compare_methods(n_lists)]
        if unfit:
            fits = ", ".join(compare_methods(n_lists))
            raise click.UsageError(
                f"--method {unfit[0]} does not apply to a table of {n_lists} lists; these do: "
                f"{fits}"
            )
        if not compare:
            _check_options_apply(ctx, chosen)
        options = Options(chosen, settings, skip_sparse, as_json, with_draws, plot)
        results = estimate_all(tables, options)
        ids = _store(ctx, results, tables, source, options) if source.store else None
        report(results, options, Console(stderr=as_json), ids, tables, source)
    except EstimationError as exc:
        raise click.ClickException(str(exc)) from exc


# The options that concern some methods only: what each does, and which methods it concerns.
METHOD_OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "chains": ("sets LCMCR's sampler", ("lcmcr", "lcmcr-calibrated")),
    "burn_in": ("sets LCMCR's sampler", ("lcmcr", "lcmcr-calibrated")),
    "samples": ("sets LCMCR's sampler", ("lcmcr", "lcmcr-calibrated")),
    "thin": ("sets LCMCR's sampler", ("lcmcr", "lcmcr-calibrated")),
    "classes": ("sets LCMCR's number of classes", ("lcmcr", "lcmcr-calibrated")),
    "jobs": ("runs LCMCR's chains at once", ("lcmcr", "lcmcr-calibrated")),
    "replicates": ("calibrates lcmcr-calibrated's interval", ("lcmcr-calibrated",)),
    "criterion": ("chooses the log-linear model", ("loglinear",)),
    "delta": ("is dga's prior count", ("dga",)),
    "max_missing": ("widens dga's grid", ("dga",)),
}


def _check_options_apply(ctx: click.Context, chosen: Sequence[str]) -> None:
    """Refuse an option given for methods none of which runs; --compare applies each option
    to the methods it concerns and says nothing.

    Silently ignored, `--delta 2` with lcmcr would let the user believe the estimate used it.
    """
    for name, (does, methods) in METHOD_OPTIONS.items():
        given = ctx.get_parameter_source(name) is not ParameterSource.DEFAULT
        if given and not set(methods) & set(chosen):
            flag = "--" + name.replace("_", "-")
            add = " or ".join(f"--method {m}" for m in methods)
            raise click.UsageError(
                f"{flag} {does}: add {add} ({', '.join(chosen)} does not use it), or leave it out"
            )


@dataclass(frozen=True)
class Origin:
    """Where the capture tables came from, and whether (and how) their estimates are stored."""

    path: Path | None
    run: Any
    store: bool
    confidentiality: str
    strata: tuple[str, ...] = ()
    skip_sparse: bool = False


def _run_input(
    ctx: click.Context, run_id: int, strata: tuple[str, ...], skip_sparse: bool
) -> tuple[dict[str | None, CaptureHistories], Origin]:
    """The capture table of a stored linkage run and where to store (this needs the database)."""
    if strata:
        # A stored estimate of a run is reproduced from the run alone, which has no strata.
        raise click.UsageError(
            f"--strata works on a CSV: write one with `khavaran lists export-captures "
            f"captures.csv --run {run_id} --strata FIELD` (city, prison, affiliation, "
            "death_year, death_month, death_year_sh or death_month_sh), then "
            "run `khavaran estimate captures.csv --strata FIELD`"
        )
    boot(ctx)
    from khavaran.accounts.access import readable_levels
    from khavaran.analysis.estimates import linkage_caveats, run_confidentiality, run_tables
    from khavaran.analysis.models import LinkageRun
    from khavaran.cli.lists import note_lists_not_in_run, reader

    run = LinkageRun.objects.filter(pk=run_id).first()
    if run is None:
        fail(f"no linkage run {run_id}; see `khavaran link`")
    level = run_confidentiality(run)
    if level not in readable_levels(reader(ctx)):
        # No level named: "confidential" would tell the reader such a list exists.
        fail(f"linkage run {run_id} counts lists you may not read")
    note_lists_not_in_run(ctx, run)
    for caveat in linkage_caveats(run):
        click.echo(f"warning: {caveat}", err=True)
    return run_tables(run), Origin(None, run, True, level, (), skip_sparse)


def _check_may_store(ctx: click.Context, confidentiality: str) -> None:
    boot(ctx)
    from khavaran.analysis.access import may_estimate
    from khavaran.vocabulary import CONFIDENTIALITY

    if ctx.obj.get("as_user") and not may_estimate(acting_user(ctx)):
        fail("only an analyst, an investigator or an admin may store estimates")
    if confidentiality not in CONFIDENTIALITY:
        fail(f"--confidentiality: choose one of {', '.join(CONFIDENTIALITY)}")


def _store(
    ctx: click.Context,
    results: Sequence[Result],
    tables: Mapping[str | None, CaptureHistories],
    source: Origin,
    options: Options,
) -> list[int]:
    from khavaran.analysis.estimates import Inputs, store_results
    from khavaran.evidence.storage import file_sha256

    path = source.path
    inputs = Inputs(
        tables,
        options.settings,
        source.strata,
        source.skip_sparse,
        source.run,
        path.name if path else "",
        file_sha256(path) if path else "",
        source.confidentiality,
        options.with_draws,
    )
    return [e.pk for e in store_results(results, inputs, actor=actor_name(ctx))]


def estimate_all(tables: Mapping[str | None, CaptureHistories], options: Options) -> list[Result]:
    """Each chosen method's result, with a progress bar for the sampler."""
    from khavaran.engines.estimation import estimate as estimate_tables

    results = []
    for method in options.methods:
        with sampler_bar(tables, method, options.settings) as progress:
            results.append(
                estimate_tables(
                    tables,
                    method,
                    options.settings,
                    skip_sparse=options.skip_sparse,
                    progress=progress,
                )
            )
    return results


@contextmanager
def sampler_bar(
    tables: Mapping[str | None, CaptureHistories], method: str, s: Settings
) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error while LCMCR samples; nothing for the other methods."""
    from khavaran.engines.estimation.registry import LCMCR_METHODS, make_estimator

    if method not in LCMCR_METHODS:
        # Log-linear and dga have no progress hook: one line says what the wait is for.
        if _stderr_is_terminal():
            click.echo(fitting_line(tables, method), err=True)
        yield None
        return

    total = len(tables) * make_estimator(method, s).total_iterations()  # type: ignore[attr-defined]
    columns = (TextColumn(method), BarColumn(), TextColumn("{task.percentage:>3.0f}%"))
    bar = Progress(*columns, TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task(method, total=total)
        yield lambda done: bar.advance(task, done)


def _stderr_is_terminal() -> bool:
    return Console(stderr=True).is_terminal


def fitting_line(tables: Mapping[str | None, CaptureHistories], method: str) -> str:
    """What a method without a progress bar is about to do: "fitting 7,580 log-linear models…"."""
    from khavaran.engines.estimation import EstimationError
    from khavaran.engines.estimation.graphs import decomposable_graphs
    from khavaran.engines.estimation.loglinear import default_max_order, hierarchical_models

    n_lists = next(iter(tables.values())).n_lists
    each = f" in each of {len(tables)} strata" if len(tables) > 1 else ""
    if method == "dga":
        return f"averaging {len(decomposable_graphs(n_lists)):,} decomposable graphs{each}…"
    if method == "loglinear":
        try:
            count = len(hierarchical_models(n_lists, default_max_order(n_lists)))
        except EstimationError:
            return f"searching the log-linear models step by step{each}…"
        return f"fitting {count:,} log-linear models{each}…"
    return f"fitting {method}{each}…"


def _overall(result: Result) -> Estimate:
    from khavaran.engines.estimation import Estimate

    return result if isinstance(result, Estimate) else result.combined


def _warnings(results: Sequence[Result]) -> list[str]:
    lines = []
    for result in results:
        est = _overall(result)
        lines += [f"{est.method}: {w}" for w in est.warnings]
    return lines


def _combinations(results: Sequence[Result]) -> list[str]:
    """How each stratified result's strata were combined into "all strata"."""
    from khavaran.cli.estimate_report import coverage_label
    from khavaran.engines.estimation import StratifiedEstimate

    return [
        f"{r.method}, {coverage_label(r)}: {r.combined.details['combination']}"
        for r in results
        if isinstance(r, StratifiedEstimate) and "combination" in r.combined.details
    ]


for _command in (stored.list_, stored.show, stored.reproduce):
    estimate.add_command(_command)
