"""`khavaran review`: list the queue, accept or reject proposals (no prompts, so scripts can)."""

from __future__ import annotations

import json
from typing import Any

import click

from khavaran.cli.context import EDITORS, boot, fail, reader, require_role
from khavaran.cli.extract import json_line
from khavaran.cli.ids import ROW_ID, parse_ids
from khavaran.vocabulary import PARTICIPANT_ROLES

# Around a highlighted span, this much of its sentence is shown on each side.
CONTEXT_CHARS = 80


@click.command("review")
@click.argument("source_id", type=ROW_ID, required=False)
@click.option("--list", "show", is_flag=True, help="Show pending proposals (the default).")
@click.option(
    "--accept",
    "accepts",
    multiple=True,
    metavar="IDS",
    help="Accept proposals (ids, repeat or 1,2).",
)
@click.option(
    "--reject",
    "rejects",
    multiple=True,
    metavar="IDS",
    help="Reject proposals (ids, repeat or 1,2).",
)
@click.option(
    "--question", default="", help="The claim's question, e.g. number-killed:massacre-1988."
)
@click.option("--person", type=int, default=None, help="Attach a name or quote to this person id.")
@click.option("--incident", type=int, default=None, help="Also add the person to this incident.")
@click.option("--role", type=click.Choice(list(PARTICIPANT_ROLES)), default="present",
              show_default=True, help="Their role in --incident.")  # fmt: skip
@click.option("--reason", default="", help="Why proposals are rejected (kept in the audit log).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def review(ctx: click.Context, source_id: int | None, show: bool, accepts: tuple[str, ...],
           rejects: tuple[str, ...], question: str, person: int | None, incident: int | None,
           role: str, reason: str, as_json: bool) -> None:  # fmt: skip
    """Review extracted proposals: accept makes cited facts, reject is remembered."""
    actor = boot(ctx)
    if accepts or rejects:
        _require_editor(ctx)
        choices = _choices(ctx, question, person, incident, role)
        decided = _decide(
            ctx,
            parse_ids(accepts, "proposal"),
            parse_ids(rejects, "proposal"),
            actor,
            choices,
            reason,
        )
        for row in decided:
            click.echo(
                _decision_json(row)
                if as_json
                else f"{row.status} {row.pk}" + (f": {row.note}" if row.note else "")
            )
    if show or not (accepts or rejects):
        _list(reader(ctx), source_id, as_json)


def _require_editor(ctx: click.Context) -> None:
    require_role(ctx, EDITORS, "accept or reject proposals", account=True)


def _choices(ctx: click.Context, question: str, person: int | None, incident: int | None,
             role: str) -> Any:  # fmt: skip
    from khavaran.extract.accept import Choices
    from khavaran.records import access

    user = reader(ctx)
    chosen = access.people_visible_to(user).filter(pk=person).first() if person else None
    if person and chosen is None:
        fail(f"no person {person} that you may read")
    event = access.incidents_visible_to(user).filter(pk=incident).first() if incident else None
    if incident and event is None:
        fail(f"no incident {incident} that you may read")
    return Choices(question=question, person=chosen, incident=event, role=role)


def _decide(ctx: click.Context, accepts: list[int], rejects: list[int], actor: str,
            choices: Any, reason: str) -> list[Any]:  # fmt: skip
    """Every decision, or none: each id is checked before anything is written."""
    from khavaran.extract.accept import ReviewError, decide_all
    from khavaran.extract.queue import proposals_visible_to

    user = reader(ctx)
    rows = proposals_visible_to(user).select_related("source").in_bulk([*accepts, *rejects])
    for pk in [*accepts, *rejects]:
        if pk not in rows:
            fail(f"no proposal {pk} on a source you may read (see `khavaran review --list`)")
    try:
        return decide_all([rows[pk] for pk in accepts], [rows[pk] for pk in rejects],
                          actor=actor, user=user, choices=choices, reason=reason)  # fmt: skip
    except ReviewError as error:
        fail(str(error))


def _decision_json(row: Any) -> str:
    result = f"{row.result_model}:{row.result_id}" if row.result_model else None
    return json.dumps({"id": row.pk, "status": row.status, "excerpt": row.excerpt_id,
                       "result": result, "note": row.note}, ensure_ascii=False)  # fmt: skip


def _list(user: Any, source_id: int | None, as_json: bool) -> None:
    from khavaran.extract.queue import pending_by_source

    if source_id is not None:
        from khavaran.evidence.access import sources_visible_to

        if not sources_visible_to(user).filter(pk=source_id).exists():
            fail(f"no source {source_id} you may read (see `khavaran sources`)")
    queues = _as_seen_by(user, pending_by_source(user, source_id))
    if not queues and not as_json:
        click.echo("nothing to review")
    for queue in queues:
        if not as_json:
            title = f"source {queue.source.pk}: {queue.source.title}"
            click.echo(click.style(title, bold=True) + f" ({len(queue.proposals)} pending)")
        for row in queue.proposals:
            click.echo(json_line(row) if as_json else _row_line(queue.source.text, row))


def _row_line(text: str, row: Any) -> str:
    from khavaran.extract.segments import SentenceIndex

    start, end = SentenceIndex(text).around(row.start)
    before = text[max(start, row.start - CONTEXT_CHARS) : row.start]
    after = text[row.end : max(row.end, min(end, row.end + CONTEXT_CHARS))]
    # Cut the context at whole words, and say so with an ellipsis.
    if row.start - CONTEXT_CHARS > start:
        before = "…" + before.split(" ", 1)[-1]
    if row.end + CONTEXT_CHARS < end:
        after = after.rsplit(" ", 1)[0] + "…"
    span = click.style(f"⟦{_shortened(row.text)}⟧", bold=True, reverse=True)
    details = ", ".join(f"{k}={v}" for k, v in _details(row.payload).items())
    context = f"{before}{span}{after}".replace("\n", " ")
    return f"  [{row.pk}] {row.kind:<8} {context}" + (f"\n      {details}" if details else "")


def _shortened(span: str, limit: int = 200) -> str:
    return span if len(span) <= limit else f"{span[: limit // 2]} … {span[-limit // 2 :]}"


def _details(payload: dict[str, Any]) -> dict[str, Any]:
    keys = ("entity_type", "entity_id", "speaker", "attributed_to", "value", "normalized_date",
            "relation", "subject", "object")  # fmt: skip
    return {k: payload[k] for k in keys if payload.get(k) is not None}


def _as_seen_by(user: Any, queues: list[Any]) -> list[Any]:
    """The queues as `user` may see them (`extract.seen`); a source left without proposals
    is left out too."""
    from khavaran.extract.seen import as_seen_by

    for queue in queues:
        queue.proposals = as_seen_by(user, queue.proposals)
    return [queue for queue in queues if queue.proposals]
