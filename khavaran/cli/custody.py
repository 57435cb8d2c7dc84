"""`khavaran custody SOURCE ACTION`: a link of the chain of custody after collection.

What a mechanism records when evidence changes hands or is checked: received from someone,
transferred to someone (a prosecutor, a court, another custodian), copied onto a medium,
verified. Each event is checked against the original first: the stored file is hashed, and an
event is refused if it does not match, so no hand-over is recorded for bytes that are not the
ones collected. Collection is recorded by `khavaran ingest`, exports by the exporters.

`khavaran custody SOURCE --report` writes the whole chain, for a court (see
`evidence/custody_report.py`).
"""

from __future__ import annotations

import click

from khavaran.cli.context import boot, fail, reader
from khavaran.cli.ids import ROW_ID

ACTIONS = ("received", "transferred", "copied", "verified")
# `custody_report.FORMATS`, named here: that module loads Django, which --help must not.
REPORT_FORMATS = ("csv", "json", "md")


@click.command("custody")
@click.argument("source_id", type=ROW_ID)
@click.argument("action", type=click.Choice(ACTIONS), required=False)
@click.option(
    "--by",
    "handled_by",
    default="",
    help="Who handled the evidence, if not whoever runs the command (--as).",
)
@click.option("--to", "to", default="", help="transferred: to whom (a person, an office, a court).")
@click.option(
    "--from", "from_", default="", help="received: from whom (a donor, a family, an archive)."
)
@click.option("--method", default="", help="How: in person, by courier, on an encrypted drive.")
@click.option("--note", default="", help="Anything else the next custodian should know.")
@click.option(
    "--report",
    is_flag=True,
    help="Write SOURCE's chain of custody instead (every event, its SHA-256, size, and "
    "whether the stored original still matches, hashed now); logged in the audit log.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="md",
    show_default=True,
    help="--report: as CSV (a row per event), JSON or Markdown.",
)
@click.pass_context
def custody(
    ctx: click.Context,
    source_id: int,
    action: str,
    handled_by: str,
    to: str,
    from_: str,
    method: str,
    note: str,
    report: bool,
    fmt: str,
) -> None:
    """Record that SOURCE was received, transferred, copied or verified, once its original
    is checked against its SHA-256; or, with --report, write its chain of custody."""
    if report:
        if action is not None:
            fail(f"--report writes the chain of custody: leave out {action!r}")
        _report(ctx, source_id, fmt)
        return
    if action is None:
        fail(f"say what happened to the source: one of {', '.join(ACTIONS)} (or --report)")
    actor = boot(ctx)
    from khavaran.evidence.access import sources_visible_to
    from khavaran.evidence.actions import add_custody_event, get_store
    from khavaran.ingest.pipeline import MAX_NAME

    if action == "transferred" and not to.strip():
        fail("transferred: say to whom with --to")
    for option, value in (("--by", handled_by), ("--to", to), ("--from", from_)):
        if len(value) > MAX_NAME:
            fail(f"{option}: a name of at most {MAX_NAME} characters, please")
    source = sources_visible_to(reader(ctx)).filter(pk=source_id).first()
    if source is None:
        fail(f"no source {source_id} you may read (see `khavaran sources`)")
    try:
        seen = get_store().hash_of(source.sha256)
    except FileNotFoundError:
        fail(f"the original of source {source_id} is missing; run khavaran verify")
    if seen != source.sha256:
        fail(
            f"the original of source {source_id} does not match its recorded SHA-256; "
            "run khavaran verify"
        )
    said = [f"to {to.strip()}" if to.strip() else "", f"from {from_.strip()}" if from_ else ""]
    event = add_custody_event(
        source,
        action=action,
        actor=actor,
        method=method.strip() or "khavaran custody",
        origin=from_.strip(),
        collector=handled_by,
        note="; ".join(part for part in [*said, note.strip()] if part),
    )
    click.echo(
        f"custody event {event.pk}: source {source.pk} {action} by {event.actor}"
        + (f" {said[0]}" if said[0] else "")
        + f" (SHA-256 checked: {seen[:12]}…)"
    )


def _report(ctx: click.Context, source_id: int, fmt: str) -> None:
    """The chain of custody of a source the reader may read, through the same gate."""
    actor = boot(ctx)
    from khavaran.accounts.access import clearance_of
    from khavaran.evidence.access import sources_visible_to, title_for
    from khavaran.evidence.custody_report import render_report, report_custody
    from khavaran.vocabulary import CONFIDENTIALITY_ORDER

    user = reader(ctx)
    source = sources_visible_to(user).filter(pk=source_id).first()
    if source is None:
        fail(f"no source {source_id} you may read (see `khavaran sources`)")
    staff = clearance_of(user) == CONFIDENTIALITY_ORDER[-1]
    title = title_for(source, user)
    made = report_custody(source, fmt, actor=actor, staff=staff, title=title)
    click.echo(render_report(made, fmt), nl=False)
    if made.stored != "intact":
        # The report says so too; the exit status tells a script that hands it on.
        click.echo(
            f"warning: the original of source {source_id} is {made.stored}; run khavaran verify",
            err=True,
        )
        ctx.exit(1)
