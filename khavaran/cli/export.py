"""`khavaran export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from khavaran.cli.context import account_named, acting_user, boot, fail
from khavaran.vocabulary import CONFIDENTIALITY_ORDER


def _output_path(value: str | None) -> Path | None:
    # An empty -o would read as the current folder: a csv export would scatter its tables there.
    if value is not None and not value.strip():
        raise click.BadParameter("an empty path; name a file (or a folder for csv)")
    return None if value is None else Path(value)


# `--format` is a plain string checked here: a wrong format gets one line, not a usage dump.
@click.command("export")
@click.option(
    "--format",
    "fmt",
    required=True,
    help="ftm (FollowTheMoney entities), jsonl (one record per line) or csv (tables).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    callback=lambda ctx, param, value: _output_path(value),
    help="Where to write (default: standard output): ftm and jsonl to a .json or .jsonl file; "
    "csv: a .zip or a folder gets one table per record type, standard output or a .csv file "
    "gets the claims.",
)
@click.option(
    "--level",
    type=click.Choice(CONFIDENTIALITY_ORDER),
    default=None,
    help="Export only up to this level (never above what your role may read).",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, level: str | None) -> None:
    """Export what you may see, with a citation for every fact."""
    actor = boot(ctx)
    from khavaran.exports import ALL_FORMATS, ExportError, reader_at
    from khavaran.exports import export as run_export

    if fmt not in ALL_FORMATS:
        fail(f"unknown export format {fmt!r}; use one of: {', '.join(ALL_FORMATS)}")
    user = acting_user(ctx)
    # A deactivated account exports what the public may read, not everything.
    operator = user is None and account_named(ctx) is None
    reader = reader_at(user, level, operator=operator)
    clearance = reader.clearance if reader is not None else "public"
    click.echo(f"exporting {fmt} up to level {clearance}", err=True)
    try:
        visible = run_export(reader, fmt, output, sys.stdout, actor=actor)
    except ExportError as error:
        fail(str(error))
    click.echo(f"{len(visible.sources)} sources, {len(visible.claims)} claims exported", err=True)
