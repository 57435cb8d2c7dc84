"""What a reader may see of a case: each accused's dossier and the element matrix.

Everything is read through the gates of `records/access.py` with only the visible excerpts
prefetched, each carrying `source_title`: the title as this reader may see it ("Source N" for
viewers and the public where no person gave one). The case page, the dossier page and the case
file export are all built from these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from khavaran.evidence.access import excerpts_visible_to, title_for
from khavaran.records import access
from khavaran.records.models import (
    Case,
    Claim,
    ElementLink,
    Name,
    Participant,
    Person,
    Tenure,
)
from khavaran.vocabulary import (
    CONTEXT_GROUP,
    CRIMES,
    ELEMENTS,
    LIABILITY_GROUP,
    Element,
    elements_of,
)

# Claims about a person that record what they said: shown with the statements attributed to them.
STATEMENT_PREDICATES = ("said", "stated")


def _cited(user: Any) -> Prefetch[Any]:
    return Prefetch(
        "excerpts",
        queryset=excerpts_visible_to(user).select_related("source").order_by("source_id", "start"),
    )


def _titled(user: Any, records: Iterable[Any]) -> list[Any]:
    """The records, each excerpt labelled with its source's title as `user` may read it."""
    found = list(records)
    for record in found:
        for excerpt in record.excerpts.all():
            excerpt.source_title = title_for(excerpt.source, user)
    return found


@dataclass
class Dossier:
    """One accused as a reader may see them: names, posts over time, incidents and their role,
    claims about them, statements attributed to them, and the element links concerning them."""

    person: Person
    names: list[Name]
    tenures: list[Tenure]
    participations: list[Participant]
    claims: list[Claim]
    statements: list[Claim]
    links: list[ElementLink]

    @property
    def display_name(self) -> str:
        latin = [n for n in self.names if n.script == "latin"]
        chosen = (latin or self.names)[:1]
        return chosen[0].text if chosen else f"Person {self.person.pk}"

    def links_by_element(self) -> list[tuple[Element, list[ElementLink]]]:
        grouped: dict[str, list[ElementLink]] = {}
        for link in self.links:
            grouped.setdefault(link.element, []).append(link)
        return [(ELEMENTS[key], grouped[key]) for key in ELEMENTS if key in grouped]


def visible_links(user: Any, case: Case | None = None) -> QuerySet[ElementLink]:
    links = access.element_links_visible_to(user).select_related(
        "case", "claim", "incident", "tenure__post"
    )
    if case is not None:
        links = links.filter(case=case)
    return links.prefetch_related(_cited(user)).order_by("element", "pk")


def dossier(user: Any, person: Person, case: Case | None = None) -> Dossier:
    """The dossier of a person the caller already read through the gates; the links are
    those of `case` only when one is given, else of every case the user may read."""
    cited = _cited(user)
    tenures = (
        access.tenures_visible_to(user)
        .filter(person=person, post__in=access.posts_visible_to(user))
        .select_related("post__organization", "start", "end")
        .prefetch_related(cited)
    )
    participations = (
        access.participants_visible_to(user)
        .filter(person=person)
        .select_related("incident__start", "incident__end")
        .prefetch_related(cited)
    )
    claims = access.claims_visible_to(user).prefetch_related(cited).order_by("question", "pk")
    said = Q(subject_person=person, predicate__in=STATEMENT_PREDICATES)
    return Dossier(
        person=person,
        names=_titled(
            user,
            access.names_visible_to(user)
            .filter(person=person)
            .prefetch_related(cited)
            .order_by("script", "pk"),
        ),
        tenures=_titled(user, sorted(tenures, key=_start)),
        participations=_titled(user, sorted(participations, key=lambda p: _start(p.incident))),
        claims=_titled(user, claims.filter(subject_person=person).exclude(said)),
        statements=_titled(user, claims.filter(Q(attributed_person=person) | said)),
        links=_titled(user, visible_links(user, case).filter(person=person)),
    )


def _start(record: Any) -> Any:
    return record.start.earliest if record.start is not None else date.max


@dataclass
class MatrixSection:
    """The elements of one crime alleged (or the contextual elements, or the modes of
    liability), each with the links that prove it; an empty list is a gap."""

    group: str
    article: str
    rows: list[tuple[Element, list[ElementLink]]] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return sum(1 for _, links in self.rows if not links)


def matrix(case: Case, links: Iterable[ElementLink]) -> list[MatrixSection]:
    """The contextual elements, each crime alleged with its elements, then the modes of
    liability: every element with its links, in catalogue order."""
    by_element: dict[str, list[ElementLink]] = {}
    for link in links:
        by_element.setdefault(link.element, []).append(link)
    groups = [CONTEXT_GROUP, *(c for c in case.crimes if c in CRIMES), LIABILITY_GROUP]
    sections = []
    for group in groups:
        article = CRIMES[group].article if group in CRIMES else ""
        rows = [(e, by_element.get(e.key, [])) for e in elements_of(group)]
        sections.append(MatrixSection(group, article, rows))
    return sections


@dataclass
class CaseFile:
    """A case as one reader may see it: the accused's dossiers and the element matrix."""

    case: Case
    dossiers: list[Dossier]
    sections: list[MatrixSection]

    @property
    def links(self) -> list[ElementLink]:
        return [link for s in self.sections for _, links in s.rows for link in links]


def accused_visible(user: Any, case: Case) -> QuerySet[Person]:
    return access.people_visible_to(user).filter(accusations__case=case).order_by("pk")


def case_file(user: Any, case: Case) -> CaseFile:
    """Everything of `case` (read through `cases_visible_to` by the caller) `user` may see."""
    links = _titled(user, visible_links(user, case))
    people = list(accused_visible(user, case))
    return CaseFile(
        case=case,
        dossiers=[dossier(user, p, case) for p in people],
        sections=matrix(case, links),
    )
