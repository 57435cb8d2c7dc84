"""`khavaran estimate list | show | reproduce`: the stored estimates, and re-running them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from khavaran.cli.context import boot, fail

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
    stored = _get(ctx, estimate_id)
    if as_json:
        data = summary(stored) | {"result": stored.result, "captures": stored.captures}
        click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
        return
    settings = ", ".join(f"{k}={v}" for k, v in sorted(stored.settings.items()))
    lines = [
        f"estimate {stored.pk}: {stored.method} on {stored.input_label}, lists "
        + ", ".join(stored.lists)
        + (f", strata by {', '.join(stored.strata)}" if stored.strata else ""),
        f"total {stored.total:,.0f} (95% interval {stored.interval_low:,.0f} – "
        f"{stored.interval_high:,.0f}); documented {stored.observed:,}",
        f"seed {stored.seed}; Khavaran {stored.version}; settings: {settings}",
        f"input sha256 {stored.input_sha256}",
        *([f"file sha256 {stored.captures_sha256}"] if stored.captures_sha256 else []),
        f"made by {stored.created_by} at {stored.created_at:%Y-%m-%d %H:%M:%S %Z}; "
        f"confidentiality {stored.confidentiality}",
        *(f"warning: {w}" for w in stored.warnings),
    ]
    click.echo("\n".join(lines))


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
    records, or the --captures file) has changed since the estimate was made.
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
    if not outcome.identical:
        ctx.exit(1)
    if changed:
        ctx.exit(INPUT_CHANGED)


def _verdict(outcome: Any, changed: str) -> list[str]:
    from khavaran import __version__

    stored = outcome.estimate
    lines = [f"warning: {changed}"] if changed else []
    if stored.version != __version__:
        lines.append(f"note: made with Khavaran {stored.version}, re-run with {__version__}")
    if outcome.identical:
        draws = " and posterior draws" if stored.draws_sha256 else ""
        seed = "settings" if stored.seed is None else f"settings and seed {stored.seed}"
        lines.append(
            f"estimate {stored.pk} reproduced: the same figures{draws} (total "
            f"{stored.total:,.0f}, 95% interval {stored.interval_low:,.0f} – "
            f"{stored.interval_high:,.0f}) from its stored table, {seed}"
        )
        return lines
    n = len(outcome.differences)
    lines.append(f"estimate {stored.pk} NOT reproduced: {n} figure(s) differ (stored → now)")
    return lines + [f"  {d}" for d in outcome.differences]


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
