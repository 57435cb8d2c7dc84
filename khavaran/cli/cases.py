"""`khavaran case`: case files, their accused, crimes alleged and element links, and the cited
case file export (docs/cases.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from khavaran.cli.context import account_named, acting_user, boot, fail, reader
from khavaran.ids import fits_a_row_id
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, LINK_STRENGTHS


def row_id(value: str, what: str) -> int:
    """An id typed on the command line, or one line saying it is none."""
    if not fits_a_row_id(value):
        fail(f"{what} ids are whole numbers, got {value!r}")
    return int(value.strip())


def _one(queryset: Any, value: str, what: str) -> Any:
    found = queryset.filter(pk=row_id(value, what)).first()
    if found is None:
        fail(f"no {what} {value} that you may read")
    return found


def _case(ctx: click.Context, value: str) -> Any:
    from khavaran.records.access import cases_visible_to

    return _one(cases_visible_to(reader(ctx)), value, "case")


def _person(ctx: click.Context, value: str) -> Any:
    from khavaran.records.access import people_visible_to

    return _one(people_visible_to(reader(ctx)), value, "person")


def _refusal(error: Exception) -> None:
    fail(str(error))


@click.group("case")
def case() -> None:
    """Case files: accused, crimes alleged, evidence linked to each legal element."""


@case.command("elements")
def elements() -> None:
    """The catalogue of legal elements (Rome Statute arts. 6, 7, 8, 25(3) and 28)."""
    from khavaran.vocabulary import CRIMES, ELEMENTS

    for key, crime in CRIMES.items():
        click.echo(f"{key}\t{crime.article}\t{crime.en} (crime)")
    for key, element in ELEMENTS.items():
        click.echo(f"{key}\t{element.article}\t{element.en}")


@case.command("list")
@click.pass_context
def case_list(ctx: click.Context) -> None:
    """The cases you may read: id, level, accused, links, title."""
    boot(ctx)
    from khavaran.records.access import cases_visible_to, element_links_visible_to
    from khavaran.records.dossiers import accused_visible

    user = reader(ctx)
    links = element_links_visible_to(user)
    for c in cases_visible_to(user).order_by("pk"):
        accused = accused_visible(user, c).count()
        linked = links.filter(case=c).count()
        click.echo(f"{c.pk}\t{c.confidentiality}\t{accused} accused\t{linked} links\t{c.title}")


@case.command("show")
@click.argument("case_id")
@click.pass_context
def show(ctx: click.Context, case_id: str) -> None:
    """A case's accused, crimes alleged and element matrix, gaps marked."""
    boot(ctx)
    from khavaran.records.dossiers import case_file

    cf = case_file(reader(ctx), _case(ctx, case_id))
    click.echo(f"case {cf.case.pk}: {cf.case.title} ({cf.case.confidentiality})")
    click.echo(f"crimes alleged: {_alleged(cf.case.crimes) or 'none yet'}")
    for d in cf.dossiers:
        click.echo(f"accused: {d.display_name} (person {d.person.pk})")
    family: Any = ""
    for section in cf.sections:
        # The matrix comes by article: a line names each family before its sections, and the
        # modes of liability, pleaded for every crime, under their own (not the last family's).
        if (now := _family(section.group)) != family:
            click.echo(f"{now.en} ({now.article})" if now else LIABILITY_HEADING)
        family = now
        click.echo(
            f"{section.group}: {section.gaps} of {len(section.rows)} elements without "
            "supporting evidence, "
            f"{section.contested} contested"
        )
        for row in section.rows:
            click.echo(f"  {row.element.key}\t{_shown_row(row)}")


# The heading of the modes of liability in `case show`, as the case file heads them.
LIABILITY_HEADING = "Modes of liability (arts. 25(3), 28)"


def _alleged(crimes: list[str]) -> str:
    """The crimes alleged by article, each with it: "genocide.killing (art. 6(a)), ..."."""
    from khavaran.vocabulary import CRIMES, groups_pleaded

    ordered = [g for g in groups_pleaded(crimes) if g in CRIMES]
    return ", ".join(f"{c} ({CRIMES[c].article})" for c in ordered)


def _family(group: str) -> Any:
    """The family of crimes of a matrix section (None for the modes of liability)."""
    from khavaran.vocabulary import FAMILIES, family_of_group

    return FAMILIES.get(family_of_group(group))


def _shown_row(row: Any) -> str:
    """A matrix row: its links, then its status (per accused where it concerns one, and per
    crime alleged for a mode of liability: "Ebrahim Raisi (cah.murder): supported")."""
    from khavaran.exports.casefile_md import STATUS_WORDS

    links = [_shown_link(k, row.element.is_liability) for k in row.links]
    each = [
        f"{a.name}{f' ({a.crime})' if a.crime else ''}: {STATUS_WORDS[a.status]}"
        for a in row.accused
    ]
    shown = "; ".join(each) or STATUS_WORDS[row.status]
    return f"{', '.join(links) or 'GAP: no evidence'}\t{shown}"


def _shown_link(link: Any, liability: bool) -> str:
    """`link 7 strong`, with the crime a mode of liability is linked for, and what makes it
    prove nothing (a withdrawn record; no accused or crime named)."""
    from khavaran.records.dossiers import lacks, withdrawn_record

    withdrawn = withdrawn_record(link)
    shown = f"link {link.pk} {link.strength}"
    if liability and link.crime:
        shown += f" for {link.crime}"
    if withdrawn:
        shown += f" (withdrawn {withdrawn})"
    if missing := lacks(link):
        shown += f" (names no {'accused' if missing == 'person' else 'crime'})"
    return shown


@case.command("add")
@click.argument("title")
@click.option("--description", default="", help="What the case is about.")
@click.option("--crime", "crimes", multiple=True, help="A crime alleged (repeat), e.g. cah.murder.")
@click.option(
    "--confidentiality",
    type=click.Choice(CONFIDENTIALITY_ORDER),
    default="restricted",
    show_default=True,
)
@click.pass_context
def add(
    ctx: click.Context, title: str, description: str, crimes: tuple[str, ...], confidentiality: str
) -> None:
    """Open a case file; prints its id."""
    actor = boot(ctx)
    from khavaran.records.cases import CaseError, create_case

    try:
        created = create_case(
            title,
            actor=actor,
            description=description,
            crimes=crimes,
            confidentiality=confidentiality,
        )
    except CaseError as error:
        _refusal(error)
    click.echo(created.pk)


@case.command("allege")
@click.argument("case_id")
@click.argument("crimes", nargs=-1, required=True)
@click.option("--reason", required=True, help="Why (kept in the history).")
@click.pass_context
def allege(ctx: click.Context, case_id: str, crimes: tuple[str, ...], reason: str) -> None:
    """Set the crimes alleged in a case (every one, e.g. cah.murder cah.persecution)."""
    actor = boot(ctx)
    from khavaran.records.cases import CaseError, set_crimes

    try:
        set_crimes(_case(ctx, case_id), crimes, actor=actor, reason=reason, reader=reader(ctx))
    except (CaseError, ValueError) as error:
        _refusal(error)


@case.command("accuse")
@click.argument("case_id")
@click.argument("person_id")
@click.pass_context
def accuse(ctx: click.Context, case_id: str, person_id: str) -> None:
    """Add a person to the accused of a case."""
    actor = boot(ctx)
    from khavaran.records.cases import CaseError
    from khavaran.records.cases import accuse as accuse_person

    try:
        accuse_person(_case(ctx, case_id), _person(ctx, person_id), actor=actor)
    except CaseError as error:
        _refusal(error)


def _excerpts(ctx: click.Context, values: tuple[str, ...], claim: Any) -> list[Any]:
    from khavaran.evidence.access import excerpts_visible_to

    visible = excerpts_visible_to(reader(ctx)).select_related("source")
    chosen = [_one(visible, v, "excerpt") for v in values]
    if claim is not None and not chosen:
        chosen = list(visible.filter(cited_claim=claim))
    return chosen


@case.command("withdraw")
@click.argument("case_id")
@click.argument("person_id")
@click.option("--reason", required=True, help="Why (kept in the history).")
@click.pass_context
def withdraw(ctx: click.Context, case_id: str, person_id: str, reason: str) -> None:
    """Withdraw a person from the accused of a case (refused while links concern them)."""
    actor = boot(ctx)
    from khavaran.records.cases import CaseError, withdraw_accused

    found = _case(ctx, case_id)
    try:
        withdraw_accused(
            found, _person(ctx, person_id), actor=actor, reason=reason, reader=reader(ctx)
        )
    except CaseError as error:
        _refusal(error)


@case.command("link")
@click.argument("case_id")
@click.argument("element")
@click.option("--excerpt", "excerpts", multiple=True, help="An excerpt it cites (repeat).")
@click.option(
    "--person",
    "person_id",
    help="The accused it concerns (required but for the attack and the policy).",
)
@click.option(
    "--crime",
    default="",
    help="For a mode of liability (required): the crime alleged it concerns, e.g. cah.murder.",
)
@click.option("--claim", "claim_id", help="The claim it rests on (cited if no --excerpt).")
@click.option("--strength", type=click.Choice(list(LINK_STRENGTHS)), required=True)
@click.option("--note", default="", help="The analyst's reasoning.")
@click.option(
    "--confidentiality",
    type=click.Choice(CONFIDENTIALITY_ORDER),
    default="restricted",
    show_default=True,
    help="Raised to that of what it cites.",
)
@click.pass_context
def link(
    ctx: click.Context,
    case_id: str,
    element: str,
    excerpts: tuple[str, ...],
    person_id: str | None,
    crime: str,
    claim_id: str | None,
    strength: str,
    note: str,
    confidentiality: str,
) -> None:
    """Link an element of a case to the passages that prove it; prints the link's id."""
    actor = boot(ctx)
    from khavaran.records.access import claims_visible_to
    from khavaran.records.cases import CaseError, LinkSpec, link_element
    from khavaran.records.citations import MissingCitation

    user = reader(ctx)
    claim = _one(claims_visible_to(user), claim_id, "claim") if claim_id else None
    spec = LinkSpec(
        case=_case(ctx, case_id),
        element=element,
        strength=strength,
        excerpts=_excerpts(ctx, excerpts, claim),
        person=_person(ctx, person_id) if person_id else None,
        crime=crime,
        note=note,
        claim=claim,
        confidentiality=confidentiality,
    )
    try:
        created = link_element(spec, actor=actor)
    except (CaseError, MissingCitation) as error:
        _refusal(error)
    click.echo(created.pk)


@case.command("unlink")
@click.argument("link_id")
@click.option("--reason", required=True, help="Why (kept in the history).")
@click.pass_context
def unlink(ctx: click.Context, link_id: str, reason: str) -> None:
    """Delete an element link (it stays in the history)."""
    actor = boot(ctx)
    from khavaran.records.access import element_links_visible_to
    from khavaran.records.cases import CaseError, delete_link

    found = _one(element_links_visible_to(reader(ctx)), link_id, "link")
    try:
        delete_link(found, actor=actor, reason=reason)
    except CaseError as error:
        _refusal(error)


@case.command("export")
@click.argument("case_id")
@click.option(
    "--format",
    "fmt",
    default="md",
    show_default=True,
    help="md, json, html (one standalone page) or bundle (a ZIP with the cited originals, their "
    "custody and a SHA-256 manifest; -o must end in .zip).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option(
    "--level",
    type=click.Choice(CONFIDENTIALITY_ORDER),
    default=None,
    help="Write only up to this level (never above what your role may read).",
)
@click.pass_context
def export(ctx: click.Context, case_id: str, fmt: str, output: Path, level: str | None) -> None:
    """Write the cited case file: summary, element matrix, dossiers, numbered sources."""
    actor = boot(ctx)
    from khavaran.exports import reader_at
    from khavaran.exports.casefile import CaseFileError, check_format, export_case_file
    from khavaran.records.access import cases_visible_to
    from khavaran.records.dossiers import case_file

    try:
        check_format(fmt)
    except CaseFileError as error:
        _refusal(error)
    user = acting_user(ctx)
    operator = user is None and account_named(ctx) is None
    at = reader_at(user, level, operator=operator)
    found = _one(cases_visible_to(at), case_id, "case")
    try:
        data = export_case_file(case_file(at, found), fmt, output, reader=at, actor=actor)
    except CaseFileError as error:
        _refusal(error)
    click.echo(
        f"case {found.pk} written to {output} at level {data['reader_level']}: "
        f"{len(data['sources'])} sources cited",
        err=True,
    )
