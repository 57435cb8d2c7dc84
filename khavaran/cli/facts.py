"""`khavaran import-facts`."""

from __future__ import annotations

from pathlib import Path

import click

from khavaran.cli.context import boot, fail

# A file with a systematic mistake reports it on every item: the first ones say what to fix.
SHOWN_PROBLEMS = 50


@click.command("import-facts")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_context
def import_facts(ctx: click.Context, file: str) -> None:
    """Import structured facts (format khavaran-case/1) with the source files they quote.

    A source stored before keeps the title a person gave it and its kind (said on stderr); a
    title made from its file name gives way to the file's."""
    actor = boot(ctx)
    from khavaran.ingest.case_facts import FactsImportError
    from khavaran.ingest.case_facts import import_facts as run_import

    try:
        summary = run_import(Path(file), actor=actor)
    except FactsImportError as error:
        for problem in error.problems[:SHOWN_PROBLEMS]:
            click.echo(f"{Path(file).name}: {problem}", err=True)
        hidden = len(error.problems) - SHOWN_PROBLEMS
        if hidden > 0:
            click.echo(f"{Path(file).name}: … and {hidden:,} more problems", err=True)
        fail(f"nothing imported from {file}: {len(error.problems):,} problem(s)")
    from khavaran.config.statistics import refresh_statistics

    refresh_statistics()
    counts = summary.as_dict()
    click.echo("imported " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    for note in summary.notes:
        click.echo(f"note: {note}", err=True)
