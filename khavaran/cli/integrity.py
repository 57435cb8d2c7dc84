"""`khavaran verify`, `khavaran backup` and `khavaran restore`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from khavaran.cli.context import boot, fail
from khavaran.cli.outputs import OutputPath

if TYPE_CHECKING:
    from khavaran.evidence.integrity import VerifyReport


@click.command("verify")
@click.option(
    "--expect-head",
    "expected",
    default="",
    metavar="SEQ:HASH",
    help="An audit head recorded outside Khavaran (printed by an earlier verify or backup): "
    "fail unless that event is still in the log, unchanged.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object (counts, problems, audit head) for a monitor, instead of lines.",
)
@click.pass_context
def verify(ctx: click.Context, expected: str, as_json: bool) -> None:
    """Re-hash every original, re-check every excerpt, walk the audit chain, compare every
    audited row in the database with what the chain last recorded for it, and the search
    index with what indexing the records would write.

    Prints the audit head (the last event's number and hash): kept somewhere else (a signed
    note, a second custodian's mail), it shows later that the log was not rolled back or
    rewritten, which a chain held in one database cannot show by itself.

    Sources are named by id, confidentiality and short SHA-256, never by file name or title
    (`khavaran sources` shows those): the output is fit for cron mail. Exits 1 if it found a
    problem."""
    _open_existing(ctx)
    from khavaran.audit.anchor import AnchorError, check_anchor, parse_anchor
    from khavaran.verify import verify_all

    try:
        anchor = parse_anchor(expected) if expected else None
    except AnchorError as error:
        fail(str(error))
    report = verify_all()
    unanchored = check_anchor(anchor) if anchor is not None else []
    if as_json:
        click.echo(json.dumps(_as_json(report, unanchored), ensure_ascii=False))
    else:
        _echo_report(report, unanchored)
    if report.problems or unanchored:
        ctx.exit(1)


def _echo_report(report: VerifyReport, unanchored: list[str]) -> None:
    for sha in report.rolled_back:
        click.echo(f"rolled back an interrupted ingest: removed unrecorded original {sha}")
    problems = [*map(str, report.problems), *unanchored]
    for problem in problems:
        click.echo(f"FAIL {problem}", err=True)
    click.echo(
        f"checked {report.sources_checked} originals, {report.excerpts_checked} excerpts, "
        f"{report.audit_events_checked} audit events, {report.rows_checked} rows against the log: "
        + ("all intact" if not problems else f"{len(problems)} problem(s)")
    )
    _echo_head()


def _as_json(report: VerifyReport, unanchored: list[str]) -> dict[str, object]:
    """What `--json` prints: the same facts as the lines, named the same careful way."""
    from khavaran.audit.anchor import current_head

    problems = [(p.what, p.message) for p in report.problems]
    problems += [("audit head", message) for message in unanchored]
    head = current_head()
    return {
        "ok": not problems,
        "checked": {
            "originals": report.sources_checked,
            "excerpts": report.excerpts_checked,
            "audit_events": report.audit_events_checked,
            "rows": report.rows_checked,
        },
        "problems": [{"what": what, "message": message} for what, message in problems],
        "rolled_back": list(report.rolled_back),
        "audit_head": str(head) if head is not None else None,
    }


def _echo_head() -> None:
    from khavaran.audit.anchor import current_head

    head = current_head()
    if head is not None:
        click.echo(f"audit head: {head} (record it elsewhere; check it with --expect-head)")


@click.command("backup")
@click.argument("file", type=OutputPath())
@click.option(
    "--skip-damaged",
    is_flag=True,
    help="Write the backup without the damaged or missing originals, which it then lists, "
    "instead of refusing it.",
)
@click.pass_context
def backup(ctx: click.Context, file: str, skip_damaged: bool) -> None:
    """Write the database and every original to one backup FILE.

    Every original is re-hashed as it is copied: a damaged or missing one refuses the backup
    and nothing is written (`khavaran verify` says what is wrong), unless --skip-damaged."""
    _open_existing(ctx, refused="; no backup was written")
    from khavaran.evidence.backup import BackupError
    from khavaran.evidence.backup import backup as run_backup
    from khavaran.evidence.storage import file_sha256

    try:
        summary = run_backup(Path(file), skip_damaged=skip_damaged)
    except BackupError as error:
        fail(f"{error}; no backup was written")
    for gone in summary.left_out:
        click.echo(f"warning: left out of the backup: {gone}", err=True)
    left_out = f", {len(summary.left_out)} left out" if summary.left_out else ""
    click.echo(f"backup written to {file}: {summary.originals} originals{left_out}")
    click.echo(f"backup SHA-256: {file_sha256(Path(file))}")
    _echo_head()


def _open_existing(ctx: click.Context, refused: str = "") -> None:
    """Start on a data dir that holds Khavaran data, creating nothing; refuse one that holds
    none, which a missing variable or a typo points at (backing it up would back up nothing)."""
    from khavaran.config.bootstrap import NoData, setup_existing

    try:
        setup_existing(ctx.obj["data_dir"])
    except NoData as refusal:
        fail(f"{refusal}{refused}")
    boot(ctx)


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_context
def restore(ctx: click.Context, file: str) -> None:
    """Restore a backup FILE into a new, empty data dir."""
    from khavaran.evidence.backup import BackupError, check_backup
    from khavaran.evidence.backup import restore as run_restore

    if not Path(file).is_file():
        fail(f"{file}: no such file")
    try:
        # Checked before the data dir is opened: a bad backup leaves it as it was.
        with check_backup(Path(file)) as checked:
            boot(ctx)
            counts = run_restore(Path(file), checked)
    except BackupError as error:
        fail(f"{error}; nothing was restored")
    for gone in checked.left_out:
        click.echo(
            f"warning: {file} holds no original for {gone.original}: it was {gone.why} when "
            "the backup was written; `khavaran verify` will report it missing",
            err=True,
        )
    left_out = f" ({len(checked.left_out)} left out)" if checked.left_out else ""
    click.echo(f"restored {counts['originals']} originals{left_out} and the database from {file}")
