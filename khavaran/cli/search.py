"""`khavaran search`."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.markup import escape

from khavaran.cli.context import boot, reader
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, SOURCE_KINDS


@click.command("search")
@click.argument("query")
@click.option("--lang", default=None, help="Only documents in this language (fa, en, ar…).")
@click.option(
    "--kind", type=click.Choice(list(SOURCE_KINDS)), default=None, help="Only this kind of source."
)
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def search(
    ctx: click.Context, query: str, lang: str | None, kind: str | None, limit: int, as_json: bool
) -> None:
    """Search source texts, excerpts, names and claims, in Persian and English.

    Every word of QUERY must appear; "words in quotes" must appear together, in that order.
    Case, Arabic letter forms and Persian or Arabic digits do not matter. A compound typed with
    a ZWNJ, a hyphen, a space or joined (حسین‌علی, حسین علی, حسینعلی; Pour-Mohammadi, Pour
    Mohammadi, Pourmohammadi) finds it written any of these ways. There are no operators: OR,
    NOT and -word are searched as words. Readers of every level get results by relevance,
    with scores; on SQLite others get names, claims, excerpts, then sources, newest first,
    since relevance there counts hidden documents too.
    """
    if limit < 1:
        raise click.BadParameter(
            f"{limit} is not a number of results; give 1 or more", param_hint="--limit"
        )
    boot(ctx)
    from khavaran.accounts.access import readable_levels, reads_public_titles
    from khavaran.evidence.access import hits_under_public_titles
    from khavaran.search.engine import MARK_END, MARK_START
    from khavaran.search.engine import search as run_search

    # The same reader as every other read: a deactivated account reads what the public may.
    user = reader(ctx)
    public_titles = reads_public_titles(user)
    hits = run_search(
        query,
        levels=readable_levels(user),
        language=lang,
        source_kind=kind,
        limit=limit,
        titles=not public_titles,
    )
    if public_titles:
        hits = hits_under_public_titles(hits)
    # A score weighs a word by how many documents hold it, hidden ones too: a reader who may
    # not read every level gets the order of the hits, not their scores.
    scored = set(readable_levels(user)) == set(CONFIDENTIALITY_ORDER)
    if as_json:
        for hit in hits:
            row = hit.to_json() | ({} if scored else {"score": None})
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    console = Console()
    if not hits:
        console.print("no results")
    for hit in hits:
        snippet = (
            escape(hit.snippet)
            .replace(MARK_START, "[bold yellow]")
            .replace(MARK_END, "[/bold yellow]")
        )
        # Names and claims are not of one source: only sources and excerpts name theirs.
        where = [f"source {hit.source_id}"] if hit.source_id is not None else []
        where += [f"{hit.score:.2f}"] if scored else []
        shown = f" [dim]({', '.join(where)})[/dim]" if where else ""
        console.print(f"[bold]{hit.kind} {hit.ref_id}[/bold] {escape(hit.title)}{shown}")
        console.print(f"  {snippet}")
