"""`khavaran link`: link the imported lists, review uncertain pairs, accept victims."""

from __future__ import annotations

import json
from typing import Any

import click

from khavaran.cli.context import boot, fail, reader, require_role
from khavaran.cli.ids import ROW_ID


@click.group("link", invoke_without_command=True)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    help="Match probability that links two records [default: the engine's, see docs/linkage.md].",
)
@click.option(
    "--backend",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="The engine's SQL backend.",
)
@click.option("--random-state", type=int, default=0, show_default=True, help="Sampling seed.")
@click.pass_context
def link(ctx: click.Context, threshold: float | None, backend: str, random_state: int) -> None:
    """Link the records of every imported list into victims, and store the run.

    Reviewer decisions are applied on every run: a confirmed split never re-merges.
    """
    if ctx.invoked_subcommand is not None:
        return
    actor = boot(ctx)
    from khavaran.analysis.errors import ListError
    from khavaran.analysis.linkage_runs import RunOptions, run_linkage
    from khavaran.analysis.review import queue_size

    try:
        # The engine's default threshold unless one is given; the engine loads only here.
        options = RunOptions(backend=backend, random_state=random_state)
        if threshold is not None:
            options = RunOptions(threshold, backend, random_state)
        run = run_linkage(options, actor=actor)
    except ListError as error:
        fail(str(error))
    summary = run.summary
    pending = queue_size(run)
    click.echo(
        f"linkage run {run.pk}: {summary['n_records']} records in {summary['n_lists']} "
        f"lists, {summary['n_clusters']} victims, {summary['n_pairs_scored']} pairs "
        f"scored, {pending} to review (khavaran link review --list)"
    )
    _say_cut_links(ctx, summary.get("cut_links", ()))
    # What the run could not learn from this input, said where the user looks.
    for note in summary.get("notes", ()):
        click.echo(f"note: {note}", err=True)
    unread = summary.get("unread_dates", ())
    if unread:
        # Left empty by the engine: a date the run could not read weighs for no pair.
        shown = "; ".join(unread[:3]) + ("; …" if len(unread) > 3 else "")
        click.echo(
            f"note: {len(unread)} date(s) could not be read and were left empty: {shown}", err=True
        )
    # Each says why (no pairs blocked, an underflow, a drifted match class): not a guess.
    for skipped in summary.get("skipped_training_passes", ()):
        click.echo(f"note: training pass not used: {skipped}", err=True)


def _say_cut_links(ctx: click.Context, cuts: list[dict[str, Any]]) -> None:
    """Each link the decisions cut that the reader may see, and why: never a silent cut."""
    from khavaran.analysis.access import lists_visible_to
    from khavaran.analysis.review import cut_reason

    readable = set(lists_visible_to(reader(ctx)).values_list("name", flat=True))
    shown = [c for c in cuts if {_list_of(c["uid_l"]), _list_of(c["uid_r"])} <= readable]
    if not shown:
        return
    click.echo(
        f"note: the review decisions cut {len(shown)} link(s) the model scores at or above the "
        "threshold; they come first in khavaran link review --list, and their clusters wait:",
        err=True,
    )
    for cut in shown[:10]:
        click.echo(
            f"  {cut['uid_l']} ~ {cut['uid_r']} (p={cut['match_probability']:.3f}): "
            f"{cut_reason(cut, readable)}",
            err=True,
        )
    if len(shown) > 10:
        click.echo(f"  … and {len(shown) - 10} more", err=True)


def _list_of(uid: str) -> str:
    return uid.rsplit(":", 1)[0]


@link.command("review")
@click.option("--list", "show", is_flag=True, help="Show the pairs to review (the default).")
@click.option("--confirm", multiple=True, type=ROW_ID, metavar="PAIR_ID", help="Same person.")
@click.option("--split", multiple=True, type=ROW_ID, metavar="PAIR_ID", help="Different people.")
@click.option("--reason", default="", help="Why, for the audit log.")
@click.option(
    "--bits",
    type=click.FloatRange(0.0),
    help="How far from the threshold a pair is shown, in bits of match weight: 3 shows pairs "
    "whose odds are within 8 times the threshold's [default: the engine's, see docs/lists.md].",
)
@click.option("--all", "decided", is_flag=True, help="Include pairs already decided.")
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=50,
    show_default=True,
    help="Show at most this many pairs, nearest the threshold first (0: all).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per pair per line.")
@click.pass_context
def review(
    ctx: click.Context,
    show: bool,
    confirm: tuple[int, ...],
    split: tuple[int, ...],
    reason: str,
    bits: float | None,
    decided: bool,
    limit: int,
    as_json: bool,
) -> None:
    """Uncertain pairs of the latest run, nearest the threshold first; confirm or split them."""
    actor = boot(ctx)
    from khavaran.analysis import review as reviewing
    from khavaran.analysis.access import lists_visible_to
    from khavaran.analysis.errors import ListError
    from khavaran.analysis.linkage_runs import latest_run
    from khavaran.engines.linkage import REVIEW_BITS

    if confirm or split:
        _decide(ctx, {"confirm": confirm, "split": split}, actor, reason)
    if show or not (confirm or split):
        try:
            run = latest_run()
        except ListError as error:
            fail(str(error))
        band = REVIEW_BITS if bits is None else bits
        readable = dict(lists_visible_to(reader(ctx)).values_list("pk", "name"))
        items, total = reviewing.queue_page(
            run, bits=band, decided=decided, lists=list(readable), limit=limit or None
        )
        _list(items, as_json, set(readable.values()))
        if len(items) < total:
            # On stderr with --json, so that the lines stay JSON and a script still hears it.
            click.echo(f"{len(items)} of {total} pairs shown: --limit 0 shows all", err=as_json)


def _decide(
    ctx: click.Context, chosen: dict[str, tuple[int, ...]], actor: str, reason: str
) -> None:
    """Record every decision, or none when one pair is unknown, unreadable or contradicted."""
    from khavaran.analysis.access import pairs_visible_to
    from khavaran.analysis.errors import ListError
    from khavaran.analysis.review import decide_all

    _require_reviewer(ctx, "confirm or split links")
    try:
        n = decide_all(chosen, actor=actor, reason=reason, among=pairs_visible_to(reader(ctx)))
    except ListError as error:
        fail(str(error))
    click.echo(f"{n} decisions recorded; they apply from the next run: khavaran link")


def _require_reviewer(ctx: click.Context, doing: str) -> None:
    from khavaran.analysis.access import REVIEW_ROLES

    require_role(ctx, REVIEW_ROLES, doing, account=True)


def _list(items: list, as_json: bool, readable: set[str]) -> None:  # type: ignore[type-arg]
    from khavaran.analysis.review import cut_reason, date_read, item_json, side_by_side

    if not items:
        # On stderr with --json, so that standard output stays JSON lines.
        click.echo("nothing to review", err=as_json)
    for item in items:
        if as_json:
            click.echo(json.dumps(item_json(item, readable), ensure_ascii=False))
            continue
        pair = item.pair
        state = "linked" if item.linked else "not linked"
        click.echo(
            f"pair {pair.pk}: {pair.record_l.uid} ~ {pair.record_r.uid}  "
            f"p={pair.probability:.3f} ({state}){f'  [{item.decision}]' if item.decision else ''}"
        )
        if item.cut is not None:
            click.echo(f"    {cut_reason(item.cut, readable)}")
        for label, left, right in side_by_side(pair):
            click.echo(f"    {label:<14} {left:<30} | {right}")
            # A date as read beside what was written, as the web's review shows it.
            read_l, read_r = date_read(label, left), date_read(label, right)
            if read_l or read_r:
                click.echo(f"    {'  read as':<14} {read_l:<30} | {read_r}")


@link.command("accept-clusters")
@click.option(
    "--bits",
    type=click.FloatRange(0.0),
    help="Clusters with an undecided pair this close to the threshold, in bits of match weight, "
    "wait [default: the review band's].",
)
@click.pass_context
def accept_clusters(ctx: click.Context, bits: float | None) -> None:
    """Make each settled cluster of the latest run one victim (a Person) with all its records."""
    actor = boot(ctx)
    _require_reviewer(ctx, "accept clusters as victims")
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from khavaran.analysis.errors import ListError
    from khavaran.analysis.victims import accept_clusters as accept
    from khavaran.engines.linkage import REVIEW_BITS

    run = _readable_latest_run(ctx)
    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("clusters")
        try:
            outcome = accept(
                run,
                actor=actor,
                bits=REVIEW_BITS if bits is None else bits,
                started=lambda n: progress.update(task, total=n),
                done=lambda n: progress.advance(task, n),
                reader=reader(ctx),
            )
        except ListError as error:
            fail(str(error))
    for conflict in outcome.conflicts:
        click.echo(f"  {conflict}")
    # Offered, never done: a name alone must not merge two people (docs/merging.md).
    for offer in outcome.probable:
        click.echo(f"  {offer}")
    click.echo(
        f"{outcome.created} victims created, {outcome.extended} given new records, "
        f"{outcome.unchanged} unchanged, {outcome.pending} clusters wait for review, "
        f"{len(outcome.conflicts)} conflicts"
        + (
            # Said as the run did it: a re-run, a new list or a decision may have moved them.
            f"; {outcome.split} victims split: records that linkage run {run.pk} puts in "
            "another cluster left them"
            if outcome.split
            else ""
        )
    )


def _readable_latest_run(ctx: click.Context) -> Any:
    """The latest run, when the reader may read every list it links (as `lists count` asks):
    accepting makes victims of records on every list, and its counts would reveal hidden ones."""
    from khavaran.accounts.access import readable_levels
    from khavaran.analysis.errors import ListError
    from khavaran.analysis.estimates import run_confidentiality
    from khavaran.analysis.linkage_runs import latest_run

    try:
        run = latest_run()
    except ListError as error:
        fail(str(error))
    level = run_confidentiality(run)
    if level not in readable_levels(reader(ctx)):
        fail(f"linkage run {run.pk} links lists you may not read")
    return run
