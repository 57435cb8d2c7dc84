"""`khavaran ingest` and `khavaran sources`."""

from __future__ import annotations

import json
from typing import Any

import click
from click.core import ParameterSource
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from khavaran.cli.context import boot, reader
from khavaran.vocabulary import CONFIDENTIALITY


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--confidentiality",
    type=click.Choice(list(CONFIDENTIALITY)),
    default="restricted",
    show_default=True,
    help=(
        "Who may read these sources. Given for a file already stored, raises its level "
        "(never lowers it)."
    ),
)
@click.option("--collected-by", default=None, help="Who collected them (default: the actor).")
@click.option("--origin", default="", help="Where they came from: a URL, donor or archive.")
@click.option(
    "--extract/--no-extract",
    default=True,
    show_default=True,
    help="Propose people, quotes, claims and dates for review from each new source.",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    confidentiality: str,
    collected_by: str | None,
    origin: str,
    extract: bool,
) -> None:
    """Store files and folders (recursively) as sources, with their chain of custody."""
    actor = boot(ctx)
    from khavaran.ingest.pipeline import FAILED, IngestOptions, expand_paths, ingest_paths

    given = ctx.get_parameter_source("confidentiality") is not ParameterSource.DEFAULT
    options = IngestOptions(
        actor=collected_by or actor,
        confidentiality=confidentiality,
        origin=origin,
        level_given=given,
    )
    console = Console(stderr=True)
    total = sum(1 for _ in expand_paths(paths))
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=total < 2) as progress:
        task = progress.add_task("ingest", total=total)
        outcomes = ingest_paths(paths, options, lambda _o: progress.advance(task))
    table = Table(title="Ingest report")
    for column in ("file", "result", "source", "note"):
        table.add_column(column)
    for o in outcomes:
        note = o.reason or ("needs OCR" if o.needs_ocr else "")
        table.add_row(o.path, o.status, str(o.source_id or ""), note)
    Console().print(table)
    if extract:
        _propose(outcomes, options.actor)
    from khavaran.config.statistics import refresh_statistics

    refresh_statistics()
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ingested", "duplicate", FAILED)}
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()))
    if counts[FAILED]:
        ctx.exit(1)


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def sources(ctx: click.Context, as_json: bool) -> None:
    """List the stored sources."""
    boot(ctx)
    from khavaran.evidence.access import sources_visible_to

    fields = (
        "id",
        "title",
        "kind",
        "media_type",
        "sha256",
        "language",
        "confidentiality",
        "needs_ocr",
    )
    rows = sources_visible_to(reader(ctx)).order_by("id").values(*fields)
    if as_json:
        for row in rows.iterator():
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table()
    for column in fields:
        table.add_column(column)
    for row in rows.iterator():
        table.add_row(*[str(row[f]) if f != "sha256" else row[f][:12] for f in fields])
    Console().print(table)


def _propose(outcomes: list[Any], actor: str) -> None:
    from khavaran.evidence.models import Source
    from khavaran.extract.queue import propose_for_sources

    new = [o.source_id for o in outcomes if o.status == "ingested" and o.source_id]
    propose_for_sources(Source.objects.filter(pk__in=new).exclude(text="").iterator(), actor)
    if new:
        click.echo("proposals for review: khavaran review --list")
