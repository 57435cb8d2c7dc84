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

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

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
    CONTEXT_GROUPS,
    CRIMES,
    ELEMENTS,
    LIABILITY_GROUP,
    Element,
    elements_of,
    groups_pleaded,
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
        return self.name_in("en")

    def name_in(self, lang: str) -> str:
        """The name to head the dossier with: a Persian-script one for a Persian reader, a
        Latin one otherwise, else any (`Person.unnamed` when the reader may see none)."""
        script = "persian" if lang == "fa" else "latin"
        preferred = [n for n in self.names if n.script == script]
        chosen = (preferred or self.names)[:1]
        return chosen[0].text if chosen else Person.unnamed(self.person.pk)

    def links_by_element(self) -> list[tuple[Element, list[ElementLink]]]:
        grouped: dict[str, list[ElementLink]] = {}
        for link in self.links:
            grouped.setdefault(link.element, []).append(link)
        return [(ELEMENTS[key], grouped[key]) for key in ELEMENTS if key in grouped]


def visible_links(user: Any, case: Case | None = None) -> QuerySet[ElementLink]:
    """The links `user` may read, each annotated `cites_withdrawn` (a cited source was
    withdrawn); `_titled` and `withdrawn_record` read the rest."""
    through = ElementLink.excerpts.through
    withdrawn = through.objects.filter(
        elementlink_id=OuterRef("pk"), excerpt__source__is_deleted=True
    )
    links = (
        access.element_links_visible_to(user)
        .select_related("case", "claim", "incident", "tenure__post__organization")
        .annotate(cites_withdrawn=Exists(withdrawn))
    )
    if case is not None:
        links = links.filter(case=case)
    return links.prefetch_related(_cited(user)).order_by("element", "pk")


def withdrawn_record(link: ElementLink) -> str:
    """What withdrawn record a link rests on ("claim", "incident", "tenure", "source"), or
    "" when none: such a link proves nothing and is shown without naming the record, so that
    whoever may read the link can delete it (docs/cases.md)."""
    if link.claim is not None and link.claim.is_deleted:
        return "claim"
    if link.incident is not None and link.incident.is_deleted:
        return "incident"
    tenure = link.tenure
    if tenure is not None:
        post = tenure.post
        organization = post.organization
        if tenure.is_deleted or post.is_deleted or (organization and organization.is_deleted):
            return "tenure"
    return "source" if getattr(link, "cites_withdrawn", False) else ""


def lacks(link: ElementLink) -> str:
    """What a link made before the catalogue asked for it does not say: "person" (knowledge
    of the attack names no accused) or "crime" (a mode of liability names no crime), else "".
    Such a link proves nothing for any accused or crime until it is linked again."""
    element = ELEMENTS.get(link.element)
    if element is None:
        return ""
    if element.concerns_accused and link.person_id is None:
        return "person"
    return "crime" if element.is_liability and not link.crime else ""


def _marked(links: Iterable[ElementLink]) -> list[ElementLink]:
    found = list(links)
    for link in found:
        link.withdrawn = withdrawn_record(link)  # type: ignore[attr-defined]
        link.lacks = lacks(link)  # type: ignore[attr-defined]
    return found


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
        links=_marked(_titled(user, visible_links(user, case).filter(person=person))),
    )


def _start(record: Any) -> Any:
    return record.start.earliest if record.start is not None else date.max


# How far the links of an element go: evidence for it and none against (proven), evidence both
# ways (contested), or no evidence for it (missing: none linked, only contradicting evidence,
# or only links resting on withdrawn records or not saying whom or which crime they concern).
PROVEN, CONTESTED, MISSING = "proven", "contested", "missing"
STATUSES = (PROVEN, CONTESTED, MISSING)


def status_of(links: Iterable[ElementLink]) -> str:
    """Whether these links prove their element: a link resting on a withdrawn record, or one
    that does not say which accused or crime it concerns, counts for nothing, and
    contradicting evidence never proves."""
    counted = [link for link in links if not withdrawn_record(link) and not lacks(link)]
    supports = any(link.strength != "contradicts" for link in counted)
    contradicts = any(link.strength == "contradicts" for link in counted)
    if not supports:
        return MISSING
    return CONTESTED if contradicts else PROVEN


@dataclass
class AccusedStatus:
    """An element as proven, contested or missing for one accused (for a mode of liability:
    for one accused and one crime alleged, `crime`)."""

    person: Person
    name: str
    status: str
    crime: str = ""


@dataclass
class MatrixRow:
    """An element with every link the reader may see; for an element that concerns an accused
    (a crime's, knowledge of the attack or a mode of liability) its status for each accused,
    since one person's evidence proves nothing about another, and for a mode of liability for
    each accused and each crime alleged, since ordering the murders proves nothing about the
    imprisonment."""

    element: Element
    links: list[ElementLink]
    accused: list[AccusedStatus] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The case's status of the attack or the policy, or the weakest among the accused."""
        if not self.element.concerns_accused or not self.accused:
            return status_of(self.links)
        statuses = {a.status for a in self.accused}
        return next(s for s in reversed(STATUSES) if s in statuses)


@dataclass
class MatrixSection:
    """The elements of one crime alleged (or the contextual elements, or the modes of
    liability), each with its links and its status per accused."""

    group: str
    article: str
    rows: list[MatrixRow] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        """Elements not proven (for any accused, where they concern one)."""
        return sum(1 for row in self.rows if row.status == MISSING)

    @property
    def contested(self) -> int:
        """Elements contested for the case or for any one accused (a row's status is the
        weakest, so one contested for one accused and missing for another shows as missing)."""
        return sum(
            1
            for row in self.rows
            if row.status == CONTESTED or any(a.status == CONTESTED for a in row.accused)
        )


def matrix(
    case: Case, links: Iterable[ElementLink], accused: Iterable[tuple[Person, str]] = ()
) -> list[MatrixSection]:
    """By article (`vocabulary.groups_pleaded`): for each family of crimes alleged its
    contextual elements (the attack for crimes against humanity, the armed conflict for each
    family of war crimes) and each crime alleged with its elements, then the modes of
    liability: every element with its links, in catalogue order, and for each element that
    concerns an accused its status for each of `accused` (person, name) from their links (for a
    mode of liability, for each crime alleged too). A case of genocide alone has no contextual
    section: the attack is not an element of genocide."""
    people = list(accused)
    by_element: dict[str, list[ElementLink]] = {}
    for link in _marked(links):
        by_element.setdefault(link.element, []).append(link)
    groups = groups_pleaded(case.crimes, linked=by_element)
    crimes = [g for g in groups if g in CRIMES]
    sections = []
    for group in groups:
        article = CRIMES[group].article if group in CRIMES else ""
        rows = [_row(e, by_element.get(e.key, []), people, crimes) for e in elements_of(group)]
        sections.append(MatrixSection(group, article, rows))
    return sections


def _row(
    element: Element,
    links: list[ElementLink],
    people: list[tuple[Person, str]],
    crimes: list[str],
) -> MatrixRow:
    if not element.concerns_accused:
        return MatrixRow(element, links)
    if not element.is_liability:
        return MatrixRow(element, links, [_status(links, p, name) for p, name in people])
    statuses = [_status(links, p, name, crime) for p, name in people for crime in crimes]
    return MatrixRow(element, links, statuses)


def _status(links: list[ElementLink], person: Person, name: str, crime: str = "") -> AccusedStatus:
    """From `person`'s own links (for `crime` only, when one is given)."""
    own = [k for k in links if k.person_id == person.pk and (not crime or k.crime == crime)]
    return AccusedStatus(person, name, status_of(own), crime)


@dataclass(frozen=True)
class ProofGroup:
    """A part of one accused's proof: a family's contextual elements that are each accused's
    (knowledge of the attack, "context"; awareness of the armed conflict, "war_iac.context" or
    "war_niac.context"), a crime alleged, or the modes of liability for one crime alleged
    (`crime`)."""

    group: str
    crime: str = ""


@dataclass
class AccusedProof:
    """For one accused, the elements that concern them, by status, part by part."""

    person: Person
    name: str
    sections: list[tuple[ProofGroup, dict[str, list[Element]]]]

    def count(self, status: str) -> int:
        return sum(len(by_status[status]) for _, by_status in self.sections)


@dataclass
class CaseFile:
    """A case as one reader may see it: the accused's dossiers and the element matrix."""

    case: Case
    dossiers: list[Dossier]
    sections: list[MatrixSection]

    @property
    def links(self) -> list[ElementLink]:
        return [link for s in self.sections for row in s.rows for link in row.links]

    def proof_by_accused(self) -> list[AccusedProof]:
        """Each accused with the elements that concern them grouped as proven, contested or
        missing: knowledge of the attack or awareness of the armed conflict (each family's
        once), each crime alleged, and the modes of liability for each crime alleged (the
        attack, the policy and the conduct's nexus with the armed conflict are the case's,
        shown once in the matrix)."""
        crimes = [g for g in groups_pleaded(self.case.crimes) if g in CRIMES]
        found = []
        for d in self.dossiers:
            parts = []
            for section in self.sections:
                pleaded = crimes if section.group == LIABILITY_GROUP else [""]
                for crime in pleaded:
                    by_status = _by_status(section, d.person, crime)
                    if section.group not in CONTEXT_GROUPS or any(by_status.values()):
                        parts.append((ProofGroup(section.group, crime), by_status))
            found.append(AccusedProof(d.person, d.display_name, parts))
        return found


def _by_status(section: MatrixSection, person: Person, crime: str) -> dict[str, list[Element]]:
    """The elements of `section` that concern `person` (for `crime`: a mode of liability's
    status for that crime), by status."""
    by_status: dict[str, list[Element]] = {s: [] for s in STATUSES}
    for row in section.rows:
        for a in row.accused:
            if a.person.pk == person.pk and a.crime == crime:
                by_status[a.status].append(row.element)
    return by_status


def accused_visible(user: Any, case: Case) -> QuerySet[Person]:
    return access.people_visible_to(user).filter(accusations__case=case).order_by("pk")


def case_file(user: Any, case: Case) -> CaseFile:
    """Everything of `case` (read through `cases_visible_to` by the caller) `user` may see."""
    links = _titled(user, visible_links(user, case))
    dossiers = [dossier(user, p, case) for p in accused_visible(user, case)]
    return CaseFile(
        case=case,
        dossiers=dossiers,
        sections=matrix(case, links, [(d.person, d.display_name) for d in dossiers]),
    )
