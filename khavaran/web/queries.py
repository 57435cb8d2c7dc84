"""Reads the web needs that the `access` gates do not offer yet (to move into
`khavaran/records/access.py`): places, people with only their visible names loaded, and the
person page's facts with their citations as plain rows, through SQL the gates give, compiled
once per clearance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Case, CharField, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower, Replace
from django.http import Http404

from khavaran.accounts.access import readable_levels
from khavaran.evidence.access import excerpts_visible_to, sources_visible_to
from khavaran.evidence.models import CustodyEvent, Excerpt, Source
from khavaran.records import access
from khavaran.records.models import Person, Place
from khavaran.vocabulary import Script
from khavaran.web.prepared import PLACEHOLDER, prepared

# What a citation shows (`{% citations %}`): the excerpt and its source's title. Loading the
# whole source would carry its full text and build and decode a Source per citation.
CITATION_FIELDS = ("id", "source_id", "quoted_text", "page")


def places_visible_to(user: Any) -> QuerySet[Place]:
    return Place.objects.filter(is_deleted=False, confidentiality__in=readable_levels(user))


def visible_names_prefetch(user: Any, lookup: str = "names") -> Prefetch[Any]:
    """`person.names.all()` (and so `display_name`) limited to names this user may read."""
    return Prefetch(lookup, queryset=access.names_visible_to(user).order_by("script", "id"))


def people_with_names(user: Any) -> QuerySet[Person]:
    return access.people_visible_to(user).prefetch_related(visible_names_prefetch(user))


def people_by_name(people: QuerySet[Person], user: Any, lang: str) -> QuerySet[Person]:
    """`people` in the alphabetical order of the name the reader sees first (`reader_names`:
    the first Persian-script name on a Persian page, the first Latin one on an English page,
    else the other), among the names `user` may read; then by id, so pages never overlap.
    Persian names sort in the database's order of their letters."""
    names = access.names_visible_to(user).filter(person=OuterRef("pk"))

    def first(*scripts: str) -> Subquery:
        chosen = names.filter(script__in=scripts) if scripts else names
        return Subquery(chosen.order_by("script", "pk").values("text")[:1])

    preferred, other = ("persian", "latin") if lang == "fa" else ("latin", "persian")
    shown = Coalesce(first(preferred), first(other), first())
    return people.annotate(sort_name=Lower(shown)).order_by(
        F("sort_name").asc(nulls_last=True), "pk"
    )


# Letters typed in two forms (Arabic and Persian yeh and kaf) and the zero-width non-joiner,
# folded alike in the query and the stored names, so a name typed either way is found.
NAME_FOLDS = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u200c": " "}


def people_named(people: QuerySet[Person], user: Any, text: str) -> QuerySet[Person]:
    """Those of `people` with a name `user` may read that contains `text` (any case)."""
    wanted = text.strip()
    if not wanted:
        return people
    folded: Any = F("text")
    for letter, form in NAME_FOLDS.items():
        wanted = wanted.replace(letter, form)
        folded = Replace(folded, Value(letter), Value(form))
    matching = access.names_visible_to(user).annotate(folded=folded)
    return people.filter(pk__in=matching.filter(folded__icontains=wanted).values("person"))


def shown_source_title(user: Any) -> Any:
    """The source's title as `user` may read it: the public and a viewer (public data only)
    read a title a person gave, and an empty one otherwise (shown as the source's number)."""
    if user is not None and getattr(user, "role", None) != "viewer":
        return F("source__title")
    return Case(
        When(source__title_given=True, then=F("source__title")),
        default=Value(""),
        output_field=CharField(),
    )


def citations_prefetch(user: Any, lookup: str = "excerpts") -> Prefetch[Any]:
    """The visible excerpts of each fact, with only the fields a citation shows."""
    cited = excerpts_visible_to(user).only(*CITATION_FIELDS)
    return Prefetch(lookup, queryset=cited.annotate(source_title=shown_source_title(user)))


class Citation(NamedTuple):
    """What `{% citations %}` shows of an excerpt, read as a row rather than built as a model."""

    pk: int
    source_id: int
    quoted_text: str
    page: int | None
    source_title: str


# Prepared reads (below and `web/prepared.py`) are compiled with PLACEHOLDER for the id.
FactsOf = Callable[[Any, int], QuerySet[Any]]
Prepared = tuple[str, tuple[Any, ...]]
_PREPARED: dict[tuple[str, tuple[str, ...]], Prepared] = {}


def _prepared(name: str, user: Any, queryset: Callable[[], QuerySet[Any]]) -> Prepared:
    """A read built through the gates, compiled once per clearance: the gates decide by the
    user's readable levels alone, so users with the same levels get the same SQL."""
    key = (name, readable_levels(user))
    if key not in _PREPARED:
        sql, params = queryset().query.sql_with_params()
        if PLACEHOLDER not in params:
            raise RuntimeError(f"{name}: the person id is not a parameter of its SQL")
        _PREPARED[key] = (sql, params)
    return _PREPARED[key]


def _run(prepared: Prepared, person_id: int) -> list[tuple[Any, ...]]:
    sql, params = prepared
    values = [person_id if p == PLACEHOLDER else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def cited_rows(
    name: str, user: Any, facts: FactsOf, fields: Sequence[str], person_id: int
) -> list[dict[str, Any]]:
    """`facts(user, person_id).values(*fields)`, each row with its `citations` (the visible
    excerpts, `citations_of`): two statements, one when there is no fact.

    Building and compiling a gate's queryset costs Django about a millisecond, several times
    what SQLite takes to answer it; a person page reads eight of them. So the SQL is compiled
    once per clearance with `PLACEHOLDER` for the person and run with this person's id: the
    same SQL the gate would give for this user, and no data is kept between requests.
    """
    prepared = _prepared(name, user, lambda: facts(user, PLACEHOLDER).values_list(*fields))
    rows = [dict(zip(fields, row, strict=True)) for row in _run(prepared, person_id)]
    cited = citations_of(name, user, facts, person_id) if rows else {}
    for row in rows:
        row["citations"] = cited.get(row["id"], [])
    return rows


def citations_of(name: str, user: Any, facts: FactsOf, person_id: int) -> dict[int, list[Citation]]:
    """The excerpts this user may see of each fact `facts` gives, keyed by fact id, in one
    prepared statement (see `cited_rows`).

    The rows `citations_prefetch` would give, without its queryset per fact and its model per
    excerpt, which made prefetching most of the person page's time.
    """

    def cited() -> QuerySet[Any]:
        shown = facts(user, PLACEHOLDER)
        excerpts = shown.model._meta.get_field("excerpts")
        link = excerpts.related_query_name()
        return (
            excerpts_visible_to(user)
            .filter(**{f"{link}__in": shown})
            .annotate(shown_title=shown_source_title(user))
            .order_by(link, "id")
            .values_list(link, *CITATION_FIELDS, "shown_title")
        )

    found: dict[int, list[Citation]] = {}
    for fact_id, *fields in _run(_prepared(f"{name}:citations", user, cited), person_id):
        found.setdefault(fact_id, []).append(Citation(*fields))
    return found


def display_name(person: Person, names: Sequence[Mapping[str, Any]]) -> str:
    """`Person.display_name` from the `values()` rows of names already read, so a page that
    lists them does not read them twice: the first Latin-script name, else the first by script
    and id."""
    latin = [n for n in names if n["script"] == Script.LATIN]
    chosen = min(latin or names, key=lambda n: (n["script"], n["id"]), default=None)
    return str(chosen["text"]) if chosen is not None else f"Person {person.pk}"


def source_page_reads(user: Any, pk: int) -> tuple[Source, list[Excerpt], list[CustodyEvent]]:
    """The source page's source (404 when missing or not for this user, as
    `get_source_for_user`), its visible excerpts in text order and its custody chain: the
    gates' SQL, prepared per clearance (`web/prepared.py`)."""
    levels = readable_levels(user)
    source = prepared(
        ("source", levels), lambda: sources_visible_to(user).filter(pk=PLACEHOLDER)
    ).objects(pk)
    if not source:
        raise Http404("no such source")
    excerpts = prepared(
        ("source:excerpts", levels),
        lambda: excerpts_visible_to(user).filter(source_id=PLACEHOLDER).order_by("start"),
    ).objects(pk)
    custody = prepared(
        "source:custody", lambda: CustodyEvent.objects.filter(source_id=PLACEHOLDER)
    ).objects(pk)
    return source[0], excerpts, custody


def person_for_page(user: Any, pk: int) -> Person:
    """The person with their birth date, or 404 when missing or not for this user (as
    `records.access.get_visible`): the gate's SQL, prepared per clearance."""
    found = prepared(
        ("person", readable_levels(user)),
        lambda: access.people_visible_to(user).select_related("birth_date").filter(pk=PLACEHOLDER),
    ).objects(pk)
    if not found:
        raise Http404("not found")
    person: Person = found[0]
    return person
