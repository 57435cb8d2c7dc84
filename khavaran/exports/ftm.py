"""FollowTheMoney entities, one JSON object per line (`entity.to_dict()`).

Mapping: Source → Document, Person → Person, Organization → Organization, Post → Position,
Tenure → Occupancy, Incident → Event (persons `involved`, each role as an UnknownLink), and one
Documentation per (fact, excerpt): the source Document, the entity the fact is about, the
citation as `role`, the quoted words as `description` and the fact as `summary`.
Ids are stable: `make_id("khavaran", <kind>, <primary key>)`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from khavaran.evidence.access import public_title
from khavaran.evidence.models import Excerpt, FuzzyDate, Source
from khavaran.exports.collect import Visible
from khavaran.records.models import (
    Claim,
    Incident,
    Name,
    Organization,
    Participant,
    Person,
    Post,
    Tenure,
)

NAMESPACE = "khavaran"


def entity_id(kind: str, *keys: Any) -> str:
    proxy = model.make_entity("Thing")
    return str(proxy.make_id(NAMESPACE, kind, *map(str, keys)))


def make(schema: str, kind: str, *keys: Any, **props: Any) -> EntityProxy:
    """An entity with a stable id; `None` and empty values are skipped, unknown props raise.

    Values go through FtM's cleaning, as any FtM tool would put them: its text cleaning drops
    format characters, the Persian ZWNJ among them (خامنه‌ای → خامنهای). The exact words of
    a quote are in the jsonl and csv exports; here each citation names its span.
    """
    proxy = model.make_entity(schema)
    proxy.id = entity_id(kind, *keys)
    for prop, value in props.items():
        values = value if isinstance(value, list | tuple | set) else [value]
        proxy.add(prop, [v for v in values if v not in (None, "")])
    return proxy


def iso_prefix(earliest: date, latest: date) -> str | None:
    """The ISO date prefix that covers exactly this range: a day, a month or a year.

    A range that is none of these ("summer 1988") gets the narrowest prefix containing it, and
    a range across years gets nothing: FtM dates are prefixes, and a year the source did not
    give would be a claim it did not make.
    """
    if earliest == latest:
        return earliest.isoformat()
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return earliest.isoformat()[:7]
    if earliest.year == latest.year:
        return str(earliest.year)
    return None


def date_of(fuzzy: FuzzyDate | None) -> str | None:
    return iso_prefix(fuzzy.earliest, fuzzy.latest) if fuzzy else None


def write_ftm(visible: Visible, out: TextIO) -> None:
    for proxy in entities(visible):
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


def entities(visible: Visible) -> Iterator[EntityProxy]:
    """Every visible record as FtM entities, things before the links between them."""
    names: dict[int, list[Name]] = {}
    for name in visible.names:
        names.setdefault(name.person_id, []).append(name)
    posts = {p.pk: p for p in visible.posts}
    incidents = {i.pk: i for i in visible.incidents}
    yield from (document(s, staff=visible.staff_fields) for s in visible.sources)
    org_ids = {o.pk for o in visible.organizations}
    yield from (organization(o, org_ids) for o in visible.organizations)
    yield from (position(p) for p in visible.posts)
    yield from (person(p, names.get(p.pk, [])) for p in visible.people)
    yield from (occupancy(t, posts[t.post_id]) for t in visible.tenures)
    yield from (event(i, visible) for i in visible.incidents)
    yield from (participation(p, incidents[p.incident_id]) for p in visible.participants)
    yield from documentation(visible, posts, incidents)


def document(source: Source, *, staff: bool) -> EntityProxy:
    """A source; its file name, origin and file-derived title only for `staff` (they may name
    a witness, a donor)."""
    web = source.origin if source.origin.startswith(("http://", "https://")) else None
    # FtM's contentHash is a SHA-1; Khavaran's hash is SHA-256, so it travels in `notes`.
    return make(
        "Document",
        "source",
        source.pk,
        title=source.title if staff else public_title(source),
        fileName=source.original_filename if staff else None,
        mimeType=source.media_type,
        fileSize=source.size,
        language=source.language,
        sourceUrl=web if staff else None,
        publisher=source.publisher,
        author=source.author,
        publishedAt=date_of(source.published),
        keywords=source.kind,
        notes=[f"sha256:{source.sha256}", f"confidentiality:{source.confidentiality}"],
    )


def organization(org: Organization, visible_ids: set[int]) -> EntityProxy:
    # A parent this reader may not see is left out rather than linked to nothing.
    parent = org.parent_id if org.parent_id in visible_ids else None
    return make(
        "Organization",
        "organization",
        org.pk,
        name=org.name,
        alias=org.name_fa,
        keywords=org.kind,
        parent=entity_id("organization", parent) if parent else None,
    )


def position(post: Post) -> EntityProxy:
    org = entity_id("organization", post.organization_id) if post.organization_id else None
    return make("Position", "post", post.pk, name=post.title, organization=org)


def person(record: Person, names: list[Name]) -> EntityProxy:
    proper = [n.text for n in names if n.kind != "alias"]
    aliases = [n.text for n in names if n.kind == "alias"]
    # FtM requires a name; a person whose every name is hidden from this reader stays unnamed.
    if not proper:
        proper, aliases = aliases[:1] or [f"Unnamed person {record.pk}"], aliases[1:]
    return make(
        "Person",
        "person",
        record.pk,
        name=proper,
        alias=aliases,
        fatherName=record.father_name,
        gender=record.gender,
        birthDate=date_of(record.birth_date),
    )


def occupancy(tenure: Tenure, post: Post) -> EntityProxy:
    return make(
        "Occupancy",
        "tenure",
        tenure.pk,
        holder=entity_id("person", tenure.person_id),
        post=entity_id("post", post.pk),
        startDate=date_of(tenure.start),
        endDate=date_of(tenure.end),
        description=f"confidence: {tenure.confidence}",
        proof=_proofs(tenure.excerpts.all()),
    )


def event(incident: Incident, visible: Visible) -> EntityProxy:
    place = visible.place_of(incident.place)
    involved = [
        entity_id("person", p.person_id)
        for p in visible.participants
        if p.incident_id == incident.pk
    ]
    whole = (
        (incident.start.earliest, (incident.end or incident.start).latest)
        if incident.start
        else None
    )
    return make(
        "Event",
        "incident",
        incident.pk,
        name=incident.title,
        date=iso_prefix(*whole) if whole else None,
        startDate=date_of(incident.start),
        endDate=date_of(incident.end),
        location=place.name if place else incident.place_text,
        description=incident.description,
        keywords=incident.kind,
        involved=sorted(set(involved)),
        proof=_proofs(incident.excerpts.all()),
    )


def participation(participant: Participant, incident: Incident) -> EntityProxy:
    """The role `involved` cannot carry: victim, perpetrator, ordering authority, witness."""
    return make(
        "UnknownLink",
        "participant",
        participant.pk,
        subject=entity_id("person", participant.person_id),
        object=entity_id("incident", incident.pk),
        role=participant.role,
        proof=_proofs(participant.excerpts.all()),
    )


def _proofs(excerpts: Iterable[Excerpt]) -> list[str]:
    return sorted({entity_id("source", e.source_id) for e in excerpts})


def citation_text(excerpt: Excerpt) -> str:
    page = f", page {excerpt.page}" if excerpt.page else ""
    return f"excerpt {excerpt.pk}, characters {excerpt.start}–{excerpt.end}{page}"


# A cited fact as FtM documents it: (kind, pk, entity it is about, statement, excerpts).
CitedFact = tuple[str, int, str | None, str, Iterable[Excerpt]]


def cited_facts(
    visible: Visible, posts: dict[int, Post], incidents: dict[int, Incident]
) -> Iterator[CitedFact]:
    """Every fact with its visible excerpts; tenures and roles are documented on the person."""
    for n in visible.names:
        yield "name", n.pk, entity_id("person", n.person_id), f"name: {n.text}", n.excerpts.all()
    for o in visible.organizations:
        org = entity_id("organization", o.pk)
        yield "organization", o.pk, org, f"organization: {o.name}", o.excerpts.all()
    for t in visible.tenures:
        held = f"held the post: {posts[t.post_id].title}"
        yield "tenure", t.pk, entity_id("person", t.person_id), held, t.excerpts.all()
    for i in visible.incidents:
        event = entity_id("incident", i.pk)
        yield "incident", i.pk, event, f"incident: {i.title}", i.excerpts.all()
    for p in visible.participants:
        role = f"{p.role} in: {incidents[p.incident_id].title}"
        yield "participant", p.pk, entity_id("person", p.person_id), role, p.excerpts.all()
    for c in visible.claims:
        yield "claim", c.pk, claim_subject(c), claim_summary(c), c.excerpts.all()


def documentation(
    visible: Visible, posts: dict[int, Post], incidents: dict[int, Incident]
) -> Iterator[EntityProxy]:
    """One Documentation per (fact, visible excerpt)."""
    for kind, pk, subject, summary, excerpts in cited_facts(visible, posts, incidents):
        for e in sorted(excerpts, key=lambda e: e.pk):
            document = entity_id("source", e.source_id)
            yield make(
                "Documentation", f"{kind}-citation", pk, e.pk,
                document=document, entity=subject or document, role=citation_text(e),
                description=e.quoted_text, summary=summary,
            )  # fmt: skip


def claim_subject(claim: Claim) -> str | None:
    """The entity a claim is about; a claim about words only documents its source."""
    for kind, pk in (
        ("person", claim.subject_person_id),
        ("incident", claim.subject_incident_id),
        ("organization", claim.subject_organization_id),
    ):
        if pk is not None:
            return entity_id(kind, pk)
    return None


def claim_summary(claim: Claim) -> str:
    parts = [f"{claim.question}: {claim.predicate} = {claim.value_display}"]
    parts += [claim.qualifier] if claim.qualifier else []
    parts += [f"attributed to {claim.attributed_to}"] if claim.attributed_to else []
    parts += [f"subject: {claim.subject_text}"] if claim.subject_text else []
    return "; ".join(parts) + f" [{claim.assessment}]"
