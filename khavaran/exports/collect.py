"""What an export may contain: the records a reader may see, read only through the access gates.

Every list here comes from a `*_visible_to` gate, with only the visible excerpts prefetched, so a
writer cannot reach a hidden source, excerpt, name or claim even by following a relation. Where a
gate lets a fact through that points at something hidden (a tenure whose post is restricted, a
claim about a confidential person), the fact is left out too: its words would reveal the hidden
record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from khavaran.accounts.access import clearance_of
from khavaran.evidence.access import excerpts_visible_to, sources_visible_to
from khavaran.evidence.models import Excerpt, Source
from khavaran.records.access import (
    claims_visible_to,
    incidents_visible_to,
    names_visible_to,
    organizations_visible_to,
    participants_visible_to,
    people_visible_to,
    posts_visible_to,
    tenures_visible_to,
    visible_excerpts_prefetch,
)
from khavaran.records.models import (
    Claim,
    Incident,
    Name,
    Organization,
    Participant,
    Person,
    Place,
    Post,
    Tenure,
)
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, ROLE_CLEARANCE, levels_up_to

# The clearance that reads staff-only fields: they may name a donor, a witness or an informant.
STAFF_CLEARANCE = "confidential"


@dataclass(frozen=True)
class Reader:
    """Someone reading at a given clearance, shaped like a User so the gates accept it.

    The gates take a user; the operator without an account, or a user who lowered their level
    with `--level`, is passed as a role that has exactly that clearance.
    """

    role: str
    is_authenticated: bool = True
    is_active: bool = True

    @property
    def clearance(self) -> str:
        return ROLE_CLEARANCE[self.role]


def reader_at(user: Any, level: str | None, *, operator: bool) -> Reader | None:
    """The reader for an export: the user's clearance (all levels for the operator), lowered
    to `level` when given. None is the anonymous public."""
    clearance = "confidential" if operator else clearance_of(user)
    if level is not None:
        clearance = min(clearance, level, key=CONFIDENTIALITY_ORDER.index)
    if clearance == "public":
        return None
    role = next(r for r, c in ROLE_CLEARANCE.items() if c == clearance)
    return Reader(role=role)


@dataclass(frozen=True)
class Visible:
    """The records one reader may see, each fact with only its visible excerpts prefetched."""

    levels: tuple[str, ...]
    sources: list[Source]
    excerpts: list[Excerpt]
    organizations: list[Organization]
    posts: list[Post]
    people: list[Person]
    names: list[Name]
    tenures: list[Tenure]
    incidents: list[Incident]
    participants: list[Participant]
    claims: list[Claim]

    @property
    def staff_fields(self) -> bool:
        """Whether fields the web keeps to staff go out (a person's notes, a source's origin
        and file name): only in an export at the confidential level, as admins and
        investigators read them."""
        return STAFF_CLEARANCE in self.levels

    def place_of(self, place: Place | None) -> Place | None:
        """A place, if its own level is readable (places have no gate of their own yet)."""
        return place if place is not None and place.confidentiality in self.levels else None


def collect(reader: Reader | None) -> Visible:
    """Everything `reader` may see, in a stable order (by primary key)."""
    levels = levels_up_to(reader.clearance) if reader is not None else ("public",)
    cited = visible_excerpts_prefetch(reader)
    organizations = list(organizations_visible_to(reader).order_by("pk").prefetch_related(cited))
    org_ids = {o.pk for o in organizations}
    posts = list(posts_visible_to(reader).order_by("pk"))
    people = list(
        people_visible_to(reader).select_related("birth_date", "birthplace").order_by("pk")
    )
    incidents = list(
        incidents_visible_to(reader)
        .select_related("start", "end", "place")
        .prefetch_related(cited)
        .order_by("pk")
    )
    post_ids = {p.pk for p in posts}
    tenures = tenures_visible_to(reader).select_related("start", "end").prefetch_related(cited)
    claims = claims_visible_to(reader).prefetch_related(cited).order_by("pk")
    visible_ids = {
        "person": {p.pk for p in people},
        "incident": {i.pk for i in incidents},
        "organization": org_ids,
    }
    return Visible(
        levels=levels,
        sources=list(sources_visible_to(reader).select_related("published").order_by("pk")),
        excerpts=list(excerpts_visible_to(reader).order_by("source_id", "start", "pk")),
        organizations=organizations,
        posts=posts,
        people=people,
        names=list(names_visible_to(reader).prefetch_related(cited).order_by("person_id", "pk")),
        tenures=[t for t in tenures.order_by("pk") if t.post_id in post_ids],
        incidents=incidents,
        participants=list(participants_visible_to(reader).prefetch_related(cited).order_by("pk")),
        claims=[c for c in claims if _subjects_visible(c, visible_ids)],
    )


def _subjects_visible(claim: Claim, visible: dict[str, set[int]]) -> bool:
    """A claim about a hidden person, incident or organization would reveal it: leave it out."""
    subjects = {
        "person": claim.subject_person_id,
        "incident": claim.subject_incident_id,
        "organization": claim.subject_organization_id,
    }
    return all(pk is None or pk in visible[kind] for kind, pk in subjects.items())
