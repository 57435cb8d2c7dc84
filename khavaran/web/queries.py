"""Reads the web needs that the `access` gates do not offer yet (to move into
`khavaran/records/access.py`): places, people with only their visible names loaded, and the
person page's facts with their citations as plain rows, through SQL the gates give, compiled
once per clearance.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, overload

from django.core.cache import caches
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Replace
from django.http import Http404

from khavaran.accounts.access import readable_levels
from khavaran.audit.models import AuditEvent
from khavaran.evidence.access import excerpts_visible_to, sources_visible_to
from khavaran.evidence.models import CustodyEvent, Excerpt, Source
from khavaran.records import access
from khavaran.records.models import Incident, Name, Participant, Person, Place
from khavaran.search.engine import matching_refs
from khavaran.search.models import DocKind
from khavaran.vocabulary import Script
from khavaran.web.collation import name_key
from khavaran.web.prepared import PLACEHOLDER, prepared

# What a citation shows (`{% citations %}`): the excerpt and its source's title. Loading the
# whole source would carry its full text and build and decode a Source per citation.
CITATION_FIELDS = ("id", "source_id", "quoted_text", "page")

logger = logging.getLogger(__name__)


def places_visible_to(user: Any) -> QuerySet[Place]:
    return Place.objects.filter(is_deleted=False, confidentiality__in=readable_levels(user))


def visible_names_prefetch(user: Any, lookup: str = "names") -> Prefetch[Any]:
    """`person.names.all()` (and so `display_name`) limited to names this user may read."""
    return Prefetch(lookup, queryset=access.names_visible_to(user).order_by("script", "id"))


def people_with_names(user: Any) -> QuerySet[Person]:
    return access.people_visible_to(user).prefetch_related(visible_names_prefetch(user))


def shown_names(
    rows: QuerySet[Any], user: Any, lang: str, person: str = "pk"
) -> list[tuple[int, str | None]]:
    """(id, the name the reader sees first) of each of `rows`, people or rows with a `person`
    field, among the names `user` may read: the first Persian-script name on a Persian page,
    the first Latin one on an English page, else the other (`reader_names`); None for someone
    with no name they may read. The database picks the name: one row each reaches Python."""
    names = access.names_visible_to(user).filter(person=OuterRef(person))

    def first(*scripts: str) -> Subquery:
        chosen = names.filter(script__in=scripts) if scripts else names
        return Subquery(chosen.order_by("script", "pk").values("text")[:1])

    preferred, other = ("persian", "latin") if lang == "fa" else ("latin", "persian")
    shown = Coalesce(first(preferred), first(other), first())
    return list(rows.order_by().annotate(shown=shown).values_list("pk", "shown"))


# How long an order of names is kept (it is also dropped by any audited change, see below).
ORDER_SECONDS = 600


def ordered_ids(rows: QuerySet[Any], user: Any, lang: str, person: str = "pk") -> list[int]:
    """`name_order(shown_names(...))`, kept in the cache until anything changes.

    Reading and sorting every name costs about half a second at 50,000 victims, on every page
    of the memorial. Every change to a person, a name or a level appends an audit event, so the
    order is keyed by the query (the reader's levels are in it), the language and the audit
    chain's last event (its hash): a change makes a new key, and no reader sees a stale order."""
    levels = sorted(readable_levels(user))
    return cached_order(
        "name-order",
        rows,
        (levels, lang, person),
        lambda: name_order(shown_names(rows, user, lang, person=person), lang),
    )


def cached_order(
    kind: str, rows: QuerySet[Any], parts: Any, compute: Callable[[], list[int]]
) -> list[int]:
    """`compute()`, kept in the "orders" cache (on disk, shared by the server's processes) under
    `kind`, keyed by `rows`' query, `parts` and the audit chain's last event: every change to a
    person, a name or a level appends an event, so a change makes a new key and no reader sees
    a stale order."""
    # The last event's hash, not its number: a number can come again after a rollback.
    head = AuditEvent.objects.order_by("-seq").values_list("hash", flat=True).first()
    sql, params = rows.query.sql_with_params()
    key = hashlib.sha256(repr((sql, params, parts, head)).encode()).hexdigest()
    orders = caches["orders"]
    found = orders.get(f"{kind}:{key}")
    if found is None:
        found = compute()
        try:
            orders.set(f"{kind}:{key}", found, ORDER_SECONDS)
        except OSError:
            # A full or read-only disk costs the next reader the time, never this one the page.
            logger.warning("the order of names could not be kept in the cache")
    return list(found)


class ByName(Sequence[Any]):
    """Records in the order of their names, each loaded only when its page is shown: what
    `paged` and a slice read.

    Ordering in Python (`collation.name_key`) rather than in SQL: no database orders Persian by
    its alphabet (SQLite compares code points; PostgreSQL's order depends on the server's
    locale). Only ids and one name per record are read to order them.
    """

    def __init__(self, ids: list[int], load: Callable[[list[int]], Mapping[int, Any]]) -> None:
        self.ids = ids
        self._load = load

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        found = self._load(ids)
        return [found[pk] for pk in ids if pk in found]


def name_order(rows: Iterable[tuple[int, str | None]], lang: str) -> list[int]:
    """The ids of `rows` (id, shown name) in alphabetical order of the name for a reader of
    `lang`; those without a name last; then by id, so that pages never overlap."""
    return [
        pk
        for pk, _name in sorted(
            rows, key=lambda row: (row[1] is None, name_key(row[1] or "", lang), row[0])
        )
    ]


def people_by_name(people: QuerySet[Person], user: Any, lang: str) -> ByName:
    """`people` in the alphabetical order of the name the reader sees first (`shown_names`),
    Persian names in the Persian alphabet (`collation`); then by id. Whole names are compared
    as recorded: names are not stored split into given and family names.

    Each person is loaded from `people` (give it `people_with_names`, so the page shows their
    names) only when their page is read."""
    ids = ordered_ids(people, user, lang)
    return ByName(ids, lambda chosen: people.filter(pk__in=chosen).in_bulk())


def participants_by_name(participants: QuerySet[Participant], user: Any, lang: str) -> ByName:
    """An incident's `participants` (visible to `user`) in the order of their people's names,
    as `people_by_name`, each loaded with its citations and its person's readable names."""
    ids = ordered_ids(participants, user, lang, person="person")
    loaded = participants.select_related("person").prefetch_related(
        citations_prefetch(user), visible_names_prefetch(user, "person__names")
    )
    return ByName(ids, lambda chosen: loaded.filter(pk__in=chosen).in_bulk())


def victim_of(user: Any, person_ids: Iterable[int]) -> dict[int, list[Incident]]:
    """The incidents each of these people is a victim of, among those `user` may see (the
    participation too), oldest first, undated last: what a list of victims shows beside each."""
    rows = (
        access.participants_visible_to(user)
        .filter(person_id__in=list(person_ids), role="victim")
        .select_related("incident__start", "incident__end")
        .order_by(F("incident__start__earliest").asc(nulls_last=True), "incident_id")
    )
    found: dict[int, list[Incident]] = {}
    for row in rows:
        incidents = found.setdefault(row.person_id, [])
        if row.incident not in incidents:
            incidents.append(row.incident)
    return found


# Letters typed in two forms (Arabic and Persian yeh and kaf) and the zero-width non-joiner,
# folded alike in the query and the stored names, so a name typed either way is found.
NAME_FOLDS = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u200c": " "}
# Names the search engine returns for one typed name at most: far more than a reader pages
# through, and few enough for one `IN (...)` list on SQLite.
MAX_NAME_MATCHES = 5000


def matched_names(user: Any, text: str) -> list[int]:
    """The ids of the names the search engine finds for `text` among the name documents at
    `user`'s levels, as the search page finds them: in any order of the words, a compound typed
    joined, split, with a ZWNJ or a hyphen, Arabic or Persian letter forms."""
    return matching_refs(
        text, levels=readable_levels(user), doc_kinds=[DocKind.NAME], limit=MAX_NAME_MATCHES
    )


def people_named(people: QuerySet[Person], user: Any, text: str) -> QuerySet[Person]:
    """Those of `people` with a name `user` may read that the search engine matches to `text`
    (`matched_names`), or that contains `text` as typed (any case; a part of a word: "Reza"
    finds "Rezaei")."""
    wanted = text.strip()
    if not wanted:
        return people
    folded: Any = F("text")
    for letter, form in NAME_FOLDS.items():
        wanted = wanted.replace(letter, form)
        folded = Replace(folded, Value(letter), Value(form))
    readable = access.names_visible_to(user)
    containing = readable.annotate(folded=folded).filter(folded__icontains=wanted)
    # Looked up from the matched ids, each checked with an EXISTS: as a join with its person,
    # SQLite scans every person and probes the ids for each (20 s for 5,000 matches among
    # 50,000 victims, where this takes a tenth of a second).
    matched = Name.objects.filter(pk__in=matched_names(user, text))
    matched = matched.filter(Exists(readable.filter(pk=OuterRef("pk"))))
    return people.filter(Q(pk__in=containing.values("person")) | Q(pk__in=matched.values("person")))


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
    return str(chosen["text"]) if chosen is not None else Person.unnamed(person.pk)


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
