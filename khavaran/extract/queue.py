"""The review queue: run the extractors on a source and keep what they propose for review.

The gazetteer and the existing claims come from the database, read through the access gates, so
a run never proposes (or leaks) a name its actor could not read. Fingerprints already stored for a
source, rejected ones included, are never stored again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from khavaran.accounts.access import readable_levels
from khavaran.audit.chain import append
from khavaran.evidence.access import sources_visible_to
from khavaran.evidence.models import Source
from khavaran.extract.context import ExistingClaim
from khavaran.extract.gazetteer import Gazetteer
from khavaran.extract.models import Status, StoredProposal
from khavaran.extract.pipeline import extract
from khavaran.extract.proposals import Proposal
from khavaran.records import access
from khavaran.records.models import Claim, Name, Place


@dataclass(frozen=True)
class Run:
    """What one extraction run over one source found and stored."""

    source: Source
    found: list[tuple[StoredProposal, Proposal]]
    new: int


@dataclass
class SourceQueue:
    """One source's pending proposals, in text order (what the workspace page shows)."""

    source: Source
    proposals: list[StoredProposal] = field(default_factory=list)


def known_names(user: Any = None) -> Iterator[tuple[str, str, str]]:
    """``(entity_type, entity_id, name)`` for every name this user may read."""
    people = access.people_visible_to(user)
    for person_id, text in Name.objects.filter(person__in=people).values_list("person_id", "text"):
        yield "person", str(person_id), text
    for org_id, name, name_fa in access.organizations_visible_to(user).values_list(
        "id", "name", "name_fa"
    ):
        yield from (("organization", str(org_id), n) for n in (name, name_fa) if n)
    places = Place.objects.filter(is_deleted=False, confidentiality__in=readable_levels(user))
    for place_id, name, name_fa in places.values_list("id", "name", "name_fa"):
        yield from (("place", str(place_id), n) for n in (name, name_fa) if n)


def existing_claims(user: Any = None) -> list[ExistingClaim]:
    """Recorded claims, for the defect that flags a sentence contradicting one."""
    claims = access.claims_visible_to(user).select_related(
        "subject_person", "subject_incident", "subject_organization"
    )
    return [
        ExistingClaim(str(c.pk), _subject_names(c), c.predicate, c.value_display)
        for c in claims.prefetch_related("subject_person__names")
    ]


def _subject_names(claim: Claim) -> tuple[str, ...]:
    names: list[str] = [claim.subject_text] if claim.subject_text else []
    if claim.subject_person is not None:
        names += [n.text for n in claim.subject_person.names.all()]
    if claim.subject_incident is not None:
        names.append(claim.subject_incident.title)
    if claim.subject_organization is not None:
        names.append(claim.subject_organization.name)
    return tuple(names)


@dataclass(frozen=True)
class Knowledge:
    """What the extractors compare a text with: known names and existing claims."""

    gazetteer: Gazetteer
    claims: list[ExistingClaim]

    @classmethod
    def load(cls, user: Any = None) -> Knowledge:
        return cls(Gazetteer.build(known_names(user)), existing_claims(user))


def propose_for_source(
    source: Source, actor: str, *, user: Any = None, knowledge: Knowledge | None = None
) -> Run:
    """Run every extractor on the source's text and queue the proposals not seen before.

    Args:
        source: the source whose extracted text is read.
        actor: who runs it, for the audit log.
        user: whose read gates build the gazetteer (None: the operator, who reads everything
            only when the CLI runs without an account — see ``khavaran.cli.context``).
        knowledge: the gazetteer and claims, when the caller built them once for many sources.

    Returns:
        Every proposal found with its queue row (rejected ones left out), and how many are new.
    """
    stored = StoredProposal.objects.filter(source=source)
    rejected = {row.fingerprint for row in stored if row.status == Status.REJECTED}
    knowledge = knowledge or Knowledge.load(user)
    proposals = extract(
        source.text, knowledge.gazetteer, existing_claims=knowledge.claims, rejected=rejected
    )
    with transaction.atomic():
        new = _queue(source, proposals, list(stored), actor)
        rows = list(StoredProposal.objects.filter(source=source))
        by_fingerprint = {row.fingerprint: row for row in rows}
        by_span = {_span(row): row for row in rows if row.status != Status.PENDING}
        matched = [(by_fingerprint.get(p.fingerprint()) or by_span[_span(p)], p) for p in proposals]
        found = [(row, p) for row, p in matched if row.status != Status.REJECTED]
        # One audit event per run: proposals are suggestions, not facts; decisions are audited.
        append(
            actor=actor,
            action="extract",
            model="evidence.Source",
            object_id=source.pk,
            after={"found": len(found), "new": new},
        )
    return Run(source, found, new)


def _span(item: StoredProposal | Proposal) -> tuple[str, int, int]:
    return (item.kind, item.start, item.end)


def _queue(
    source: Source, proposals: list[Proposal], stored: list[StoredProposal], actor: str
) -> int:
    """Store what is new; returns how many rows were added."""
    fingerprints = {row.fingerprint for row in stored}
    # A span a reviewer decided stays decided, even when the proposal for it changes (a name
    # accepted as a new person comes back from the gazetteer with that person's id).
    decided = {_span(row) for row in stored if row.status != Status.PENDING}
    pending = {_span(row): row for row in stored if row.status == Status.PENDING}
    new: list[StoredProposal] = []
    for proposal in proposals:
        if proposal.fingerprint() in fingerprints or _span(proposal) in decided:
            continue
        if _span(proposal) in pending:
            _refresh(pending[_span(proposal)], proposal)
        else:
            new.append(_stored(source, proposal, actor))
    StoredProposal.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _refresh(row: StoredProposal, proposal: Proposal) -> None:
    # A pending row for the same span now says more (a known entity, a speaker): keep its id.
    row.fingerprint, row.payload, row.text = (
        proposal.fingerprint(),
        proposal.to_dict(),
        proposal.text,
    )
    row.save(update_fields=["fingerprint", "payload", "text"])


def _stored(source: Source, proposal: Proposal, actor: str) -> StoredProposal:
    return StoredProposal(
        source=source,
        fingerprint=proposal.fingerprint(),
        kind=proposal.kind,
        start=proposal.start,
        end=proposal.end,
        text=proposal.text,
        payload=proposal.to_dict(),
        proposed_by=actor,
    )


def propose_for_sources(sources: Iterable[Source], actor: str, *, user: Any = None) -> list[Run]:
    """``propose_for_source`` for each source, in order, with the knowledge loaded once."""
    knowledge = Knowledge.load(user)
    return [propose_for_source(s, actor, user=user, knowledge=knowledge) for s in sources]


def pending_by_source(user: Any, source_id: int | None = None) -> list[SourceQueue]:
    """Pending proposals grouped by source, only for sources this user may read.

    Example (a workspace view):
        >>> queues = pending_by_source(request.user)  # doctest: +SKIP
        >>> [(q.source.title, len(q.proposals)) for q in queues]  # doctest: +SKIP
    """
    sources = sources_visible_to(user)
    if source_id is not None:
        sources = sources.filter(pk=source_id)
    rows = StoredProposal.objects.filter(source__in=sources, status=Status.PENDING)
    queues: dict[int, SourceQueue] = {}
    for row in rows.select_related("source").order_by("source_id", "start", "end", "kind"):
        queues.setdefault(row.source_id, SourceQueue(row.source)).proposals.append(row)
    return list(queues.values())


def proposals_visible_to(user: Any) -> QuerySet[StoredProposal]:
    """Every queue row (any status) on a source this user may read."""
    return StoredProposal.objects.filter(source__in=sources_visible_to(user))
