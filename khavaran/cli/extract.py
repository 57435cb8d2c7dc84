"""`khavaran extract`: run the extractors on sources and queue their proposals for review."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import click

from khavaran.cli.context import acting_user, boot, fail
from khavaran.cli.ids import ROW_ID

# The fields of one `--json` line, as issue 6 names them; `id` and `source` let a script review.
JSON_FIELDS = (
    "id", "source", "kind", "start", "end", "text", "entity_type", "speaker", "attributed_to",
    "value", "normalized_date", "relation",
)  # fmt: skip


def reader(ctx: click.Context) -> Any:
    """Whose read gates apply: the --as account, else the operator who owns the data dir."""
    user = acting_user(ctx)
    if user is None and not ctx.obj.get("as_user"):
        return SimpleNamespace(is_authenticated=True, is_active=True, role="admin")
    return user


def json_line(row: Any) -> str:
    """One queue row as the `--json` line: exactly JSON_FIELDS, null where a kind has none."""
    fields = {"id": row.pk, "source": row.source_id} | row.payload
    return json.dumps({name: fields.get(name) for name in JSON_FIELDS}, ensure_ascii=False)


@click.command("extract")
@click.argument("source_ids", nargs=-1, type=ROW_ID)
@click.option("--all", "every", is_flag=True, help="Every source you may read.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per proposal per line.")
@click.pass_context
def extract(ctx: click.Context, source_ids: tuple[int, ...], every: bool, as_json: bool) -> None:
    """Queue what the extractors find in sources' text, for review."""
    actor = boot(ctx)
    from khavaran.evidence.access import sources_visible_to
    from khavaran.extract.queue import propose_for_sources

    if not source_ids and not every:
        fail("name one or more source ids, or pass --all")
    sources = sources_visible_to(reader(ctx)).order_by("pk")
    chosen = list(sources if every else sources.filter(pk__in=source_ids))
    missing = set(source_ids) - {s.pk for s in chosen}
    if missing:
        fail(f"no source {', '.join(map(str, sorted(missing)))} that you may read")
    note_unusable_ner_model()
    for run in propose_for_sources(chosen, actor, user=reader(ctx)):
        if as_json:
            for row, _proposal in run.found:
                click.echo(json_line(row))
        else:
            click.echo(f"source {run.source.pk}: {len(run.found)} found, {run.new} new")


def note_unusable_ner_model() -> None:
    """Say on stderr when KHAVARAN_NER_MODEL is set but cannot be used: a mistyped model must
    not pass for one that found nothing."""
    from khavaran.extract.extractors.new_names.ner import model_problem

    problem = model_problem()
    if problem:
        click.echo(f"note: {problem}; names come from the patterns only", err=True)
