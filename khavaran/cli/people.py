"""`khavaran people`: people recorded more than once — find them, merge them, take a merge back
(docs/merging.md)."""

from __future__ import annotations

import json
from typing import Any

import click

from khavaran.cli.context import boot, fail, reader


@click.group("people")
def people() -> None:
    """People recorded more than once: candidates, merge, unmerge."""


def _people(ctx: click.Context, values: tuple[str, ...]) -> list[Any]:
    """The persons named, merged and deleted ones too (the merge says why it refuses them);
    one that is missing reads as one the reader may not read."""
    from khavaran.cli.ids import parse_ids
    from khavaran.records.models import Person

    ids = parse_ids(values, "person")
    found = Person.objects.in_bulk(ids)
    for pk in ids:
        if pk not in found:
            fail(f"no person {pk} that you may read")
    return [found[pk] for pk in ids]


@people.command("merge")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@click.option("--reason", required=True, help="Why they are one person (kept in the history).")
@click.pass_context
def merge(ctx: click.Context, keep: str, others: tuple[str, ...], reason: str) -> None:
    """Merge OTHERS into the person KEEP: names, roles, tenures, claims, case links, list rows."""
    actor = boot(ctx)
    from khavaran.records.merging import MergeError, merge_people

    kept, *merged = _people(ctx, (keep, *others))
    try:
        done = merge_people(kept, merged, actor=actor, reason=reason, reader=reader(ctx))
    except MergeError as error:
        fail(str(error))
    moved = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in done.moved.items() if n)
    click.echo(
        f"merged {', '.join(f'person {p.pk}' for p in done.merged)} into person {kept.pk} "
        f"({done.keep.confidentiality}); moved: {moved or 'nothing'}; "
        f"duplicate names collapsed: {done.collapsed_names}"
    )
    for difference in done.differences:
        click.echo(f"  {difference}")


@people.command("unmerge")
@click.argument("person")
@click.option("--reason", required=True, help="Why the merge is taken back (kept in the history).")
@click.pass_context
def unmerge(ctx: click.Context, person: str, reason: str) -> None:
    """Take back the merge of PERSON: it is restored with what moved from it."""
    actor = boot(ctx)
    from khavaran.records.merging import MergeError
    from khavaran.records.merging import unmerge as take_back

    (merged,) = _people(ctx, (person,))
    try:
        take_back(merged, actor=actor, reason=reason, reader=reader(ctx))
    except MergeError as error:
        fail(str(error))
    click.echo(f"person {merged.pk} restored")


@people.command("candidates")
@click.option(
    "--all", "lists_too", is_flag=True, help="Include groups made only of victims from the lists."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per group per line.")
@click.pass_context
def candidates(ctx: click.Context, lists_too: bool, as_json: bool) -> None:
    """People you may read who share a name in any script: probably one person, or namesakes."""
    boot(ctx)
    from khavaran.analysis.victims import namesakes

    groups = namesakes(reader(ctx), lists_too=lists_too)
    for group in groups:
        if as_json:
            click.echo(json.dumps(_group_json(group), ensure_ascii=False))
            continue
        click.echo(f"{group.people[0].names[0] if group.people[0].names else '?'}:")
        for profile in group.people:
            click.echo(f"  {_shown(profile)}")
        for difference in group.differ:
            click.echo(f"  differ on {difference}")
        ids = " ".join(str(p.person.pk) for p in group.people)
        click.echo(f"  if one: khavaran people merge {ids} --reason TEXT")
    if not groups:
        click.echo("no people share a name", err=as_json)


def _shown(profile: Any) -> str:
    person = profile.person
    born = person.birth_date
    facts = [
        f"born {born}" if born is not None else "",
        f"father {person.father_name}" if person.father_name else "",
        f"{profile.list_records} list records" if profile.list_records else "",
        f"key {person.key}" if person.key else "",
    ]
    said = "; ".join(f for f in facts if f)
    return f"person {person.pk} ({person.confidentiality}): {' / '.join(profile.names)}" + (
        f" — {said}" if said else ""
    )


def _group_json(group: Any) -> dict[str, Any]:
    return {
        "people": [
            {
                "id": p.person.pk,
                "confidentiality": p.person.confidentiality,
                "names": list(p.names),
                "birth_date": str(p.person.birth_date) if p.person.birth_date else None,
                "father_name": p.person.father_name,
                "list_records": p.list_records,
                "key": p.person.key,
            }
            for p in group.people
        ],
        "differ": group.differ,
    }
