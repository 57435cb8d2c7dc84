"""`khavaran custody SOURCE ACTION`: a link of the chain of custody after collection.

What a mechanism records when evidence changes hands or is checked: received from someone,
transferred to someone (a prosecutor, a court, another custodian), copied onto a medium,
verified. Each event is checked against the original first: the stored file is hashed, and an
event is refused if it does not match, so no hand-over is recorded for bytes that are not the
ones collected. Collection is recorded by `khavaran ingest`, exports by the exporters.
"""

from __future__ import annotations

import click

from khavaran.cli.context import boot, fail, reader
from khavaran.cli.ids import ROW_ID

ACTIONS = ("received", "transferred", "copied", "verified")


@click.command("custody")
@click.argument("source_id", type=ROW_ID)
@click.argument("action", type=click.Choice(ACTIONS))
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
) -> None:
    """Record that SOURCE was received, transferred, copied or verified, once its original
    is checked against its SHA-256."""
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
