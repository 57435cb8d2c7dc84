"""`khavaran verify`, `khavaran backup` and `khavaran restore`."""

from __future__ import annotations

from pathlib import Path

import click

from khavaran.cli.context import boot, fail
from khavaran.cli.outputs import OutputPath


@click.command("verify")
@click.pass_context
def verify(ctx: click.Context) -> None:
    """Re-hash every original, re-check every excerpt, walk the audit chain, and compare every
    audited row in the database with what the chain last recorded for it."""
    boot(ctx)
    from khavaran.verify import verify_all

    report = verify_all()
    for sha in report.rolled_back:
        click.echo(f"rolled back an interrupted ingest: removed unrecorded original {sha}")
    for problem in report.problems:
        click.echo(f"FAIL {problem}", err=True)
    click.echo(
        f"checked {report.sources_checked} originals, {report.excerpts_checked} excerpts, "
        f"{report.audit_events_checked} audit events, {report.rows_checked} rows against the log: "
        + ("all intact" if report.ok else f"{len(report.problems)} problem(s)")
    )
    if not report.ok:
        ctx.exit(1)


@click.command("backup")
@click.argument("file", type=OutputPath())
@click.pass_context
def backup(ctx: click.Context, file: str) -> None:
    """Write the database and every original to one backup FILE."""
    boot(ctx)
    from khavaran.evidence.backup import backup as run_backup

    counts = run_backup(Path(file))
    click.echo(f"backup written to {file}: {counts['originals']} originals")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_context
def restore(ctx: click.Context, file: str) -> None:
    """Restore a backup FILE into an empty data dir."""
    from khavaran.evidence.backup import BackupError, check_backup
    from khavaran.evidence.backup import restore as run_restore

    if not Path(file).is_file():
        fail(f"{file}: no such file")
    try:
        # Checked before the data dir is opened: a bad backup leaves it as it was.
        checked = check_backup(Path(file))
        boot(ctx)
        counts = run_restore(Path(file), checked)
    except BackupError as error:
        fail(f"{error}; nothing was restored")
    click.echo(f"restored {counts['originals']} originals and the database from {file}")
