"""`khavaran lists`: import victim lists, show them, count victims, export for estimation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Literal

import click

# `reader` is also imported from here by the estimate commands.
from khavaran.cli.context import boot, fail
from khavaran.cli.context import reader as reader
from khavaran.cli.outputs import OutputPath
from khavaran.vocabulary import CONFIDENTIALITY


@click.group("lists")
def lists() -> None:
    """Victim lists: import, show, count and export."""


@lists.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="The list's name, unique (e.g. memorial).")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Map a column the import did not recognize (repeatable).",
)
@click.option("--mapping", "mapping_name", default=None, help="Use a saved column mapping.")
@click.option("--save-mapping", default=None, metavar="NAME", help="Save this mapping as NAME.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the good rows, report the others.")
@click.option(
    "--date-order",
    type=click.Choice(["dmy", "mdy"]),
    default=None,
    help="Read dates written with numbers only (08/03/1988) day first (dmy: 8 March) or month "
    "first (mdy: 3 August). By default each date column decides from its rows.",
)
@click.option(
    "--confidentiality",
    type=click.Choice(list(CONFIDENTIALITY)),
    default="restricted",
    show_default=True,
    help="Who may read this list.",
)
@click.option("--origin", default="", help="Where the list came from: a URL, donor or archive.")
@click.pass_context
def import_(
    ctx: click.Context,
    file: Path,
    name: str,
    maps: tuple[str, ...],
    mapping_name: str | None,
    save_mapping: str | None,
    skip_bad_rows: bool,
    date_order: Literal["dmy", "mdy"] | None,
    confidentiality: str,
    origin: str,
) -> None:
    """Import a .csv, .tsv or .xlsx victim list, all rows or none."""
    actor = boot(ctx)
    from khavaran.analysis.actions import import_list
    from khavaran.analysis.columns import parse_map_options
    from khavaran.analysis.errors import ListError
    from khavaran.analysis.lists_import import ImportOptions

    try:
        options = ImportOptions(
            name,
            actor,
            confidentiality,
            origin,
            parse_map_options(maps),
            mapping_name,
            save_mapping,
            skip_bad_rows,
            date_order,
        )
        report = import_list(file, options)
    except ListError as error:
        fail(str(error))
    for field, column in report.mapping.items():
        click.echo(f"  {field} <- {column}")
    for reading in report.date_readings:
        click.echo(f"  {reading}")
    if report.unmapped:
        # A surname under an unexpected header would otherwise link people by given name alone.
        click.echo(
            f"  not used for linking (kept with each record): {', '.join(report.unmapped)}; "
            "map one with --map FIELD=COLUMN if it holds a name, date or place"
        )
    for refused in report.refused:
        click.echo(f"  refused {refused}")
    click.echo(
        f"list '{name}' (source {report.victim_list.source_id}, "
        f"{report.victim_list.encoding}): {report.rows_read} rows read, "
        f"{report.victim_list.row_count} imported, {len(report.refused)} refused"
    )


@lists.command("show")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def show(ctx: click.Context, as_json: bool) -> None:
    """The imported lists you may read."""
    boot(ctx)
    from khavaran.analysis.access import lists_visible_to
    from khavaran.analysis.models import VictimList

    shown = lists_visible_to(reader(ctx))
    if not shown.exists():
        # Said, not silence (on stderr with --json, so standard output stays JSON lines).
        click.echo(
            "no list you may read"
            if VictimList.objects.filter(source__is_deleted=False).exists()
            else "no lists imported yet; import one with: khavaran lists import FILE --name NAME",
            err=as_json,
        )
    for victim_list in shown:
        row = {
            "name": victim_list.name,
            "source": victim_list.source_id,
            "rows": victim_list.row_count,
            "encoding": victim_list.encoding,
            "mapping": victim_list.mapping,
        }
        click.echo(
            json.dumps(row, ensure_ascii=False)
            if as_json
            else f"{row['name']}\tsource {row['source']}\t{row['rows']} rows\t{row['encoding']}"
        )


def _readable_run(ctx: click.Context, run_id: int | None) -> Any:
    """The run, when the reader may read every list it counts (as `estimate --run` asks).
    The refusal names no level: "confidential" would tell a reviewer such a list exists."""
    run = _run(run_id)
    if _readable_lists(ctx, run) != set(run.lists):
        fail(
            f"linkage run {run.pk} counts lists you may not read; `khavaran lists count` "
            "counts over those you may"
        )
    note_lists_not_in_run(ctx, run)
    return run


def _readable_lists(ctx: click.Context, run: Any) -> set[str]:
    """The names of the run's lists that the reader may read."""
    from khavaran.analysis.access import lists_visible_to

    readable = set(lists_visible_to(reader(ctx)).values_list("name", flat=True))
    return readable & set(run.lists)


def note_lists_not_in_run(ctx: click.Context, run: Any) -> None:
    """Say on standard error which readable lists ``run`` leaves out (imported since)."""
    from khavaran.analysis.counts import lists_not_in_run

    missing = lists_not_in_run(run, reader(ctx))
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        click.echo(
            f"note: linkage run {run.pk} does not count {'list' if len(missing) == 1 else 'lists'}"
            f" {names}, imported since; `khavaran link` makes a new run that does",
            err=True,
        )


def _run(run_id: int | None) -> Any:
    from khavaran.analysis.errors import ListError
    from khavaran.analysis.linkage_runs import latest_run
    from khavaran.analysis.models import LinkageRun

    if run_id is None:
        try:
            return latest_run()
        except ListError as error:
            fail(str(error))
    run = LinkageRun.objects.filter(pk=run_id).first()
    return run or fail(f"no linkage run {run_id}; see: khavaran link --help")


run_option = click.option(
    "--run", "run_id", type=int, default=None, help="A linkage run (default: the latest)."
)


@lists.command("count")
@run_option
@click.option(
    "--chart",
    type=OutputPath(),
    default=None,
    help="Write the overlaps as an UpSet chart (.png or .svg).",
)
@click.option("--json", "as_json", is_flag=True, help="The count as one JSON object.")
@click.pass_context
def count(ctx: click.Context, run_id: int | None, chart: Path | None, as_json: bool) -> None:
    """Victims documented (records linked into people), per list, the overlaps between
    lists, and the pairs still undecided."""
    boot(ctx)
    from khavaran.analysis.counts import documented_count, undecided_pairs, write_upset_chart

    run = _run(run_id)
    names = _readable_lists(ctx, run)
    if not names:
        fail(f"linkage run {run.pk} counts no list you may read")
    note_lists_not_in_run(ctx, run)
    # As the web's /lists/ does: over the lists the reader may read, the others unnamed.
    result = documented_count(run, only=names)
    undecided = undecided_pairs(run, only=names)
    if names != set(run.lists):
        click.echo(f"note: linkage run {run.pk} counted over the lists you may read", err=True)
    if as_json:
        click.echo(
            json.dumps({**result.to_json(), "undecided_pairs": undecided}, ensure_ascii=False)
        )
    else:
        click.echo(_count_header(result, undecided, every_list=names == set(run.lists)))
        for item in result.lists:
            click.echo(
                f"  {item.name}: {item.records} records, {item.victims} victims, "
                f"{item.only_here} only on this list"
            )
        for combo, n in result.overlaps.items():
            click.echo(f"  on {' & '.join(combo)} only: {n}")
    if chart is not None:
        write_upset_chart(result, chart)
        click.echo(f"chart written to {chart}", err=as_json)


def _count_header(result: Any, undecided: int, *, every_list: bool) -> str:
    """What the count is, said plainly: records linked into people, neither a floor nor a
    ceiling (linkage errors go both ways) nor final (undecided pairs may move it)."""
    pairs = "pair" if undecided == 1 else "pairs"
    lines = [
        f"{result.victims} victims documented in {result.records} records, linked into people "
        f"by linkage run {result.run_id}",
        "neither a minimum nor a maximum: a person whose records were not linked (a partial "
        "name, a misspelling) counts twice, two people linked wrongly count once",
        f"{undecided} {pairs} undecided: the count may move by about that many; review them "
        "with: khavaran link review --list"
        if undecided
        else "no pairs undecided in the review band",
    ]
    # The undocumented are estimated only for a reader of every list (the estimate needs all).
    if every_list:
        lines.append(
            "estimate the total, people on no list included, with: "
            f"khavaran estimate --run {result.run_id}"
        )
    return "\n".join(lines)


@lists.command("export-merged")
@click.argument("out", type=OutputPath(".csv"))
@run_option
@click.pass_context
def export_merged(ctx: click.Context, out: Path, run_id: int | None) -> None:
    """One row per list record: victim_id, list_name, row_number and the normalized fields."""
    boot(ctx)
    from khavaran.analysis.exports import MERGED_COLUMNS, merged_rows

    run = _run(run_id)
    rows = merged_rows(run, reader(ctx))
    if not rows:
        # As `lists count` refuses: an empty file at exit 0 reads as "no victims".
        fail(f"linkage run {run.pk} has no record on a list you may read; nothing written")
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=MERGED_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    _write_whole(out, text.getvalue())
    click.echo(
        f"{len(rows)} records of {len({r['victim_id'] for r in rows})} victims written to {out}"
    )


@lists.command("export-captures")
@click.argument("out", type=OutputPath(".csv"))
@run_option
@click.option(
    "--strata",
    "field",
    # analysis.counts.STRATUM_FIELDS, which needs Django loaded (a test keeps them equal).
    type=click.Choice(
        [
            "city",
            "prison",
            "affiliation",
            "death_year",
            "death_month",
            "death_year_sh",
            "death_month_sh",
        ]
    ),
    default=None,
    help="Add a stratum column: a place or group, the value most of each victim's records "
    "give; or the year or month of death (_sh: Solar Hijri) that all their records allow. "
    "Victims with none are in 'unknown'.",
)
@click.pass_context
def export_captures(ctx: click.Context, out: Path, run_id: int | None, field: str | None) -> None:
    """Capture histories for `khavaran estimate`: one 0/1 column per list and count."""
    boot(ctx)
    from khavaran.analysis.counts import stratified_captures
    from khavaran.analysis.errors import ListError
    from khavaran.analysis.linkage_runs import captures_for_run

    run = _readable_run(ctx, run_id)
    try:
        strata = None if field is None else stratified_captures(run, field)
    except ListError as error:
        fail(str(error))
    table = captures_for_run(run.pk) if strata is None else strata.table
    _write_whole(out, table.to_csv(index=False))
    click.echo(
        f"{int(table['count'].sum())} victims in {len(table)} capture patterns written to {out}"
    )
    if strata is not None and field is not None:
        click.echo(_strata_summary(strata, field))
        click.echo(f"  estimate with: khavaran estimate {out} --strata {field}")


def _strata_summary(strata: Any, field: str) -> str:
    """How many strata, who is in 'unknown' and why; a date's strata each with its count and
    in words ("1367-05 (Mordad 1367): 12 victims"), the file keeping the label alone."""
    from khavaran.analysis.counts import DATE_STRATA, UNKNOWN_STRATUM, stratum_words

    table = strata.table
    if field not in DATE_STRATA:
        return (
            f"  strata of {field}: {table[field].nunique()}; {strata.unknown} victims with no "
            f"{field} are in '{UNKNOWN_STRATUM}', {strata.disagreeing} whose records disagree "
            f"are in the {field} most of their records give"
        )
    unit = "month" if DATE_STRATA[field][1] else "year"
    lines = [
        f"  strata of {field}: {table[field].nunique()}; in '{UNKNOWN_STRATUM}', never guessed: "
        f"{strata.unknown} victims with no date of death, {strata.spanning} whose date spans "
        f"more than one {unit}, {strata.disagreeing} whose records' dates allow no {unit} in "
        "common"
    ]
    for label, n in table.groupby(field, sort=True)["count"].sum().items():
        shown = stratum_words(field, str(label))
        words = f" ({shown})" if shown != label else ""
        lines.append(f"    {label}{words}: {int(n)} victims")
    return "\n".join(lines)


def _write_whole(out: Path, text: str) -> None:
    """As every export is written: whole or not at all, readable by its owner only (the
    merged rows name victims, and restricted lists among them)."""
    from khavaran.exports.output import replace_whole

    replace_whole(out, text.encode("utf-8"))
