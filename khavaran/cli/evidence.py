"""`khavaran ingest` and `khavaran sources`."""

from __future__ import annotations

import json
from typing import Any

import click
from click.core import ParameterSource
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from khavaran.cli.context import boot, fail, reader
from khavaran.cli.extract import note_unusable_ner_model
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
@click.option(
    "--collected-by",
    default="",
    help=(
        "Who collected them, if not whoever runs the ingest (--as): the actor of each custody "
        "event; the audit log names whoever runs it."
    ),
)
@click.option("--origin", default="", help="Where they came from: a URL, donor or archive.")
@click.option(
    "--keep-unread",
    is_flag=True,
    help=(
        "Store files Khavaran cannot read (e-mails, archives, damaged or encrypted files) as "
        "sources without text, hashed and in custody, instead of refusing them."
    ),
)
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
    collected_by: str,
    origin: str,
    keep_unread: bool,
    extract: bool,
) -> None:
    """Store files and folders (recursively) as sources, with their chain of custody."""
    actor = boot(ctx)
    from khavaran.ingest.pipeline import (
        FAILED,
        MAX_NAME,
        IngestOptions,
        expand_paths,
        ingest_paths,
    )

    if len(collected_by) > MAX_NAME:
        fail(f"--collected-by: a name of at most {MAX_NAME} characters, please")

    given = ctx.get_parameter_source("confidentiality") is not ParameterSource.DEFAULT
    options = IngestOptions(
        actor=actor,
        confidentiality=confidentiality,
        origin=origin,
        level_given=given,
        collected_by=collected_by,
        keep_unread=keep_unread,
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
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per line; for staff readers each with its chain of custody.",
)
@click.pass_context
def sources(ctx: click.Context, as_json: bool) -> None:
    """List the stored sources."""
    boot(ctx)
    from khavaran.accounts.access import reads_public_titles
    from khavaran.evidence.access import sources_visible_to, title_for

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
    user = reader(ctx)
    # Not the texts: a list of thousands of sources must not read them all.
    visible = sources_visible_to(user).only(*fields, "title_given").order_by("id")
    # Whoever reads public data only reads public titles, and no chain of custody (it names
    # the staff who handled the evidence).
    public = reads_public_titles(user)
    if as_json:
        for source in visible.prefetch_related("custody").iterator(chunk_size=500):
            row = {f: getattr(source, f) for f in fields} | {"title": title_for(source, user)}
            if not public:
                row["custody"] = _custody(source, user)
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table()
    for column in fields:
        table.add_column(column)
    for source in visible.iterator(chunk_size=500):
        row = {f: getattr(source, f) for f in fields} | {"title": title_for(source, user)}
        table.add_row(*[str(row[f]) if f != "sha256" else row[f][:12] for f in fields])
    Console().print(table)


def _custody(source: Any, user: Any) -> list[dict[str, str]]:
    """A source's custody events; where each came from, and the name a file arrived under
    (in a note), only for readers of confidential material, as exports keep them to staff."""
    from khavaran.accounts.access import clearance_of
    from khavaran.vocabulary import CONFIDENTIALITY_ORDER

    staff = clearance_of(user) == CONFIDENTIALITY_ORDER[-1]
    return [
        {
            "action": event.action,
            "actor": event.actor,
            "at": event.at.isoformat(),
            "method": event.method,
            "tool_version": event.tool_version,
            "sha256_seen": event.sha256_seen,
        }
        | ({"origin": event.origin, "note": event.note} if staff else {})
        for event in source.custody.all()
    ]


def _propose(outcomes: list[Any], actor: str) -> None:
    from khavaran.evidence.models import Source
    from khavaran.extract.queue import propose_for_sources

    new = [o.source_id for o in outcomes if o.status == "ingested" and o.source_id]
    if new:
        note_unusable_ner_model()
    propose_for_sources(Source.objects.filter(pk__in=new).exclude(text="").iterator(), actor)
    if new:
        click.echo("proposals for review: khavaran review --list")
