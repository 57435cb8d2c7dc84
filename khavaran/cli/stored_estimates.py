"""`khavaran estimate list | show | reproduce`: the stored estimates, and re-running them."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from khavaran.cli.context import boot, fail

# The engine loads when a command runs, not for `khavaran --help`.
if TYPE_CHECKING:
    from khavaran.engines.estimation.explanation import (
        Combination,
        Convergence,
        HowReached,
        ModelChoice,
        Part,
    )

# Exit status of `reproduce` when the numbers match but the input has changed since.
INPUT_CHANGED = 3


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per estimate per line.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """The stored estimates you may read, newest first."""
    boot(ctx)
    from khavaran.analysis.access import estimates_visible_to
    from khavaran.cli.lists import reader

    estimates = list(estimates_visible_to(reader(ctx)))
    if as_json:
        for stored in estimates:
            click.echo(json.dumps(summary(stored), ensure_ascii=False))
        return
    if not estimates:
        click.echo("no stored estimates; make one with: khavaran estimate --run LINKRUN")
        return
    for e in estimates:
        warned = f"; {len(e.warnings)} warning(s)" if e.warnings else ""
        click.echo(
            f"{e.pk:>4}  {e.method:<9}  {e.total:>9,.0f} [{e.interval_low:,.0f} – "
            f"{e.interval_high:,.0f}]  documented {e.observed:,}  {e.input_label}  "
            f"{e.created_at:%Y-%m-%d %H:%M} {e.created_by}{warned}"
        )


@click.command("show")
@click.argument("estimate_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Every stored field as JSON.")
@click.pass_context
def show(ctx: click.Context, estimate_id: int, as_json: bool) -> None:
    """One stored estimate: the figures, how it was made, and its warnings."""
    from khavaran.engines.estimation.figures import interval_text, total_text

    stored = _get(ctx, estimate_id)
    from khavaran.analysis.estimates import how_reached, method_settings

    how = how_reached(stored)
    if as_json:
        data = summary(stored) | {"result": stored.result, "captures": stored.captures}
        data["how_reached"] = how.to_json()
        click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
        return
    used = method_settings(stored.method, stored.settings or {})
    settings = ", ".join(f"{k}={'default' if v is None else v}" for k, v in used) or "none"
    # A method that draws nothing at random has no seed: say so, never "seed None".
    seed = "none (the method draws nothing at random)" if stored.seed is None else stored.seed
    lines = [
        f"estimate {stored.pk}: {stored.method} on {stored.input_label}, lists "
        + ", ".join(stored.lists)
        + (f", strata by {', '.join(stored.strata)}" if stored.strata else ""),
        f"total {total_text(stored.total)} (95% interval "
        f"{interval_text((stored.interval_low, stored.interval_high))}); "
        f"documented {stored.observed:,}",
        f"seed {seed}; Khavaran {stored.version}; settings: {settings}",
        f"input sha256 {stored.input_sha256}",
        *([f"file sha256 {stored.captures_sha256}"] if stored.captures_sha256 else []),
        f"made by {stored.created_by} at {stored.created_at:%Y-%m-%d %H:%M:%S %Z}; "
        f"confidentiality {stored.confidentiality}",
        *route_lines(how),
        *(f"warning: {w}" for w in stored.warnings),
    ]
    click.echo("\n".join(lines))


def route_lines(how: HowReached) -> list[str]:
    """How the estimate was reached, in lines: each stratum's figures and route, and how the
    strata were combined; or, unstratified, the model, graphs or convergence behind it."""
    if not how.stratified:
        lines = _part_route(how.whole)
        if not lines:
            return []
        return ["how it was reached:", *(f"  {line}" for line in _numbered(how, lines))]
    refused = dict(how.refused or {})
    lines = [
        f"how it was reached: {len(how.strata)} strata estimated each on its own"
        + (f", {len(refused)} refused as too sparse" if refused else ""),
        *(f"  {line}" for line in _numbered(how, [])),
    ]
    for part in how.strata:
        lines.append(f"  {part.stratum}: {_figures(part)}")
        lines += [f"    {line}" for line in _part_route(part)]
        lines += [f"    warning: {w}" for w in part.warnings]
    lines += [f"  {label}: refused: {reason}" for label, reason in sorted(refused.items())]
    if how.combination is not None:
        lines.append(f"  combined: {_combination(how.combination)}")
    if how.whole.convergence is not None:
        lines.append(f"  all strata, {_convergence(how.whole.convergence)}")
    return lines


def _numbered(how: HowReached, lines: list[str]) -> list[str]:
    """``lines``, after the lists' numbers when a model names lists by them ("[12,3]")."""
    if not any(p.model for p in (how.whole, *how.strata)):
        return lines
    numbers = ", ".join(f"{i} {name}" for i, name in enumerate(how.lists, start=1))
    return [f"lists in the models: {numbers}", *lines]


def _figures(part: Part) -> str:
    from khavaran.engines.estimation.figures import interval_text, total_text

    return (
        f"documented {part.observed:,}, estimate {total_text(part.total)} "
        f"(95% interval {interval_text(part.interval)})"
    )


def _part_route(part: Part) -> list[str]:
    lines: list[str] = []
    if part.model is not None:
        lines += _model_lines(part.model)
    if part.graphs:
        heaviest = "; ".join(f"[{', '.join(g.cliques)}] {g.weight:.1%}" for g in part.graphs)
        lines.append(
            f"dga averaged {part.graphs_compared or len(part.graphs):,} decomposable graphs; "
            f"the heaviest by posterior weight: {heaviest}"
        )
    if part.convergence is not None:
        lines.append(_convergence(part.convergence))
    return lines


def _model_lines(model: ModelChoice) -> list[str]:
    by, other_by = ("AIC", "BIC") if model.criterion == "aic" else ("BIC", "AIC")
    of = f" of {model.compared:,} models" if model.compared else ""
    search = f" ({model.search} search)" if model.search else ""
    lines = [
        f"model {model.name}: the lowest {by}{of}{search}; {by} {model.score:.2f}, "
        f"{other_by} {_other(model.criterion, model.aic, model.bic):.2f}, deviance "
        f"{model.deviance:.2f} on {model.df} df"
    ]
    for runner in model.runners_up:
        score = runner.aic if model.criterion == "aic" else runner.bic
        lines.append(
            f"  next: {runner.name}, {by} {score:.2f} (+{score - model.score:.2f}), {other_by} "
            f"{_other(model.criterion, runner.aic, runner.bic):.2f}, GLM total "
            f"{runner.glm_total:,.0f}"
        )
    return lines


def _other(criterion: str, aic: float, bic: float) -> float:
    """The criterion that did not choose."""
    return bic if criterion == "aic" else aic


def _convergence(c: Convergence) -> str:
    rhat = f"R-hat {c.rhat:.3f}" if math.isfinite(c.rhat) else "R-hat – (one chain)"
    medians = ", ".join(f"{m:,.0f}" for m in c.chain_medians)
    return (
        f"convergence: {rhat}, ESS bulk {c.ess_bulk:,.0f}, tail {c.ess_tail:,.0f} "
        f"({c.chains} chain(s) × {c.draws:,} draws; chain medians {medians})"
    )


def _combination(combination: Combination) -> str:
    if combination.earlier:
        # Stored before 2026-11-27: said as what it was, never as today's method.
        return f"{combination.text or combination.kind.replace('_', ' ')}, {combination.earlier}"
    summed = combination.kind == "summed_draws"
    seed = ""
    if combination.seed is not None:
        seed = (
            f" (each stratum's seed derived from seed {combination.seed})"
            if summed
            else f" (simulation seed {combination.seed})"
        )
    if combination.text:
        return combination.text + seed
    if summed:
        return "posterior draws summed across strata, draw by draw" + seed
    return "simulation of each stratum's undocumented count, summed" + seed


@click.command("reproduce")
@click.argument("estimate_id", type=int)
@click.option(
    "--captures",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Also check that this CSV is the file the estimate was made from.",
)
@click.pass_context
def reproduce(ctx: click.Context, estimate_id: int, captures: Path | None) -> None:
    """Re-run a stored estimate and say whether the numbers are the same.

    The method runs again on the stored capture table with the stored settings and seed. Exits 1
    when a figure differs, 3 when the numbers are the same but the input (the linkage run's
    records, or the --captures file) has changed since the estimate was made. A deterministic
    method's (loglinear, chapman, dga) figures within 1e-6 of the stored ones, relatively, are
    "reproduced within numerical tolerance" (exit 0); a sampler's must be the same.
    """
    stored = _get(ctx, estimate_id)
    from khavaran.analysis import estimates
    from khavaran.cli.estimate import sampler_bar
    from khavaran.engines.estimation import EstimationError

    tables = estimates.tables_from_json(stored.captures)
    settings = estimates.settings_from_json(stored.settings)
    try:
        with sampler_bar(tables, stored.method, settings) as progress:
            outcome = estimates.reproduce(stored, progress=progress)
    except EstimationError as error:
        fail(f"estimate {stored.pk} could not be re-run: {error}")
    changed = outcome.input_changed or (
        estimates.file_changed(stored, captures) if captures else ""
    )
    for line in _verdict(outcome, changed):
        click.echo(line)
    if not outcome.reproduced:
        ctx.exit(1)
    if changed:
        ctx.exit(INPUT_CHANGED)


def _verdict(outcome: Any, changed: str) -> list[str]:
    from khavaran import __version__
    from khavaran.analysis.estimates import NUMERICAL_TOL, stored_version
    from khavaran.engines.estimation.figures import interval_text, total_text

    stored = outcome.estimate
    now = stored_version(__version__)
    lines = [f"warning: {changed}"] if changed else []
    if stored.version != now:
        lines.append(f"note: made with Khavaran {stored.version}, re-run with {now}")
    figures = (
        f"(total {total_text(stored.total)}, 95% interval "
        f"{interval_text((stored.interval_low, stored.interval_high))}) from its stored table, "
        + ("settings" if stored.seed is None else f"settings and seed {stored.seed}")
    )
    n = len(outcome.differences)
    if outcome.identical:
        draws = " and posterior draws" if stored.draws_sha256 else ""
        lines.append(f"estimate {stored.pk} reproduced: the same figures{draws} {figures}")
    elif outcome.within_tolerance:
        lines.append(
            f"estimate {stored.pk} reproduced within numerical tolerance: {n} figure(s) differ "
            f"beyond 9 significant digits, by at most {outcome.largest:.1e} relative; "
            f"{stored.method} is deterministic and up to {NUMERICAL_TOL:.0e} is the same "
            "estimate: the fitting code's numerics have changed since it was stored "
            "(stored → now)"
        )
    else:
        lines.append(f"estimate {stored.pk} NOT reproduced: {n} figure(s) differ (stored → now)")
    lines += [f"  {d}" for d in outcome.differences]
    if outcome.reworded:
        lines.append(
            f"note: {len(outcome.reworded)} warning(s) read differently now (this version's "
            "words, not its figures; stored → now):"
        )
        lines += [f"  {d}" for d in outcome.reworded]
    return lines + _earlier_combination(outcome)


def _earlier_combination(outcome: Any) -> list[str]:
    """Why a stratified estimate stored before 2026-11-27 cannot give its combined figures."""
    from khavaran.analysis.estimates import how_reached

    combination = how_reached(outcome.estimate).combination
    if outcome.reproduced or combination is None or not combination.earlier:
        return []
    return [
        f"note: its strata were combined as before 2026-11-27 ({combination.text}), a re-run "
        "combines them as today, so its combined figures differ: estimate it anew "
        f"(khavaran estimate show {outcome.estimate.pk} says how it was combined)"
    ]


def summary(stored: Any) -> dict[str, Any]:
    """An estimate's figures and provenance as plain JSON (without the engine's full result)."""
    return {
        "id": stored.pk,
        "method": stored.method,
        "input": stored.input_label,
        "linkage_run": stored.linkage_run_id,
        "captures_name": stored.captures_name,
        "captures_sha256": stored.captures_sha256,
        "input_sha256": stored.input_sha256,
        "lists": stored.lists,
        "strata": stored.strata,
        "settings": stored.settings,
        "skip_sparse": stored.skip_sparse,
        "seed": stored.seed,
        "version": stored.version,
        "total": stored.total,
        "interval": [stored.interval_low, stored.interval_high],
        "documented": stored.observed,
        "draws_sha256": stored.draws_sha256,
        "warnings": stored.warnings,
        "confidentiality": stored.confidentiality,
        "created_at": stored.created_at.isoformat(),
        "created_by": stored.created_by,
    }


def _get(ctx: click.Context, estimate_id: int) -> Any:
    boot(ctx)
    from khavaran.analysis.access import get_estimate_for_user
    from khavaran.analysis.models import Estimate
    from khavaran.cli.lists import reader

    try:
        return get_estimate_for_user(reader(ctx), estimate_id)
    except Estimate.DoesNotExist:
        fail(f"no estimate {estimate_id} that you may read; see: khavaran estimate list")
