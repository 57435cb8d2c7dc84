"""Plain rows of the visible records: one dict per record, every fact with its citations.

The JSON lines and CSV exports are two layouts of these rows; `type` names the record kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

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

Row = dict[str, Any]

# The order records are written in: what a fact refers to comes before the fact.
TYPES = (
    "source",
    "excerpt",
    "organization",
    "post",
    "person",
    "name",
    "tenure",
    "incident",
    "participant",
    "claim",
)


def fuzzy_date(date: FuzzyDate | None) -> Row | None:
    if date is None:
        return None
    return {
        "earliest": date.earliest.isoformat(),
        "latest": date.latest.isoformat(),
        "original": date.original,
        "calendar": date.calendar,
        "precision": date.precision,
    }


def citation(excerpt: Excerpt) -> Row:
    """Where a fact is said: the excerpt, its source, the span and the words quoted."""
    return {
        "excerpt": excerpt.pk,
        "source": excerpt.source_id,
        "start": excerpt.start,
        "end": excerpt.end,
        "page": excerpt.page,
        "quoted_text": excerpt.quoted_text,
    }


def citations(excerpts: Iterable[Excerpt]) -> list[Row]:
    # `.all()` on a prefetched relation: only the excerpts the reader may see.
    return [citation(e) for e in sorted(excerpts, key=lambda e: e.pk)]


# Fields the web keeps to staff (an informant's address in a person's notes, the donor in a
# source's origin, a witness named by a file's name): left out of the rows below confidential.
STAFF_ONLY: dict[str, tuple[str, ...]] = {
    "source": ("original_filename", "origin"),
    "person": ("notes",),
}


def rows(visible: Visible) -> Iterator[Row]:
    """Every visible record as a row, in the order of `TYPES`; without the `STAFF_ONLY`
    fields unless the export is at the confidential level."""
    for row in _all_rows(visible):
        hidden = () if visible.staff_fields else STAFF_ONLY.get(row["type"], ())
        yield {field: value for field, value in row.items() if field not in hidden}


def _all_rows(visible: Visible) -> Iterator[Row]:
    people = {p.pk for p in visible.people}
    yield from (source_row(s, staff=visible.staff_fields) for s in visible.sources)
    yield from ({"type": "excerpt", "id": e.pk, **citation(e)} for e in visible.excerpts)
    orgs = {o.pk for o in visible.organizations}
    yield from (organization_row(o, orgs) for o in visible.organizations)
    yield from (post_row(p) for p in visible.posts)
    yield from (person_row(p, visible) for p in visible.people)
    yield from (name_row(n) for n in visible.names)
    yield from (tenure_row(t) for t in visible.tenures)
    yield from (incident_row(i, visible) for i in visible.incidents)
    yield from (participant_row(p) for p in visible.participants)
    yield from (claim_row(c, people) for c in visible.claims)


def source_row(source: Source, *, staff: bool) -> Row:
    """A source; below the confidential level under its public title, as its file name is
    withheld there (a title taken from the file can name a witness)."""
    return {
        "type": "source",
        "id": source.pk,
        "title": source.title if staff else public_title(source),
        "kind": source.kind,
        "media_type": source.media_type,
        "size": source.size,
        "sha256": source.sha256,
        "original_filename": source.original_filename,
        "origin": source.origin,
        "publisher": source.publisher,
        "author": source.author,
        "published": fuzzy_date(source.published),
        "language": source.language,
        "confidentiality": source.confidentiality,
    }


def organization_row(org: Organization, visible_orgs: set[int]) -> Row:
    return {
        "type": "organization",
        "id": org.pk,
        "key": org.key,
        "name": org.name,
        "name_fa": org.name_fa,
        "kind": org.kind,
        "parent": org.parent_id if org.parent_id in visible_orgs else None,
        "confidentiality": org.confidentiality,
        "citations": citations(org.excerpts.all()),
    }


def post_row(post: Post) -> Row:
    return {
        "type": "post",
        "id": post.pk,
        "title": post.title,
        "organization": post.organization_id,
        "confidentiality": post.confidentiality,
    }


def person_row(person: Person, visible: Visible) -> Row:
    place = visible.place_of(person.birthplace)
    return {
        "type": "person",
        "id": person.pk,
        "key": person.key,
        "father_name": person.father_name,
        "gender": person.gender,
        "birth_date": fuzzy_date(person.birth_date),
        "birthplace": place.name if place else "",
        "notes": person.notes,
        "confidentiality": person.confidentiality,
    }


def name_row(name: Name) -> Row:
    return {
        "type": "name",
        "id": name.pk,
        "person": name.person_id,
        "text": name.text,
        "script": name.script,
        "kind": name.kind,
        "citations": citations(name.excerpts.all()),
    }


def tenure_row(tenure: Tenure) -> Row:
    return {
        "type": "tenure",
        "id": tenure.pk,
        "person": tenure.person_id,
        "post": tenure.post_id,
        "start": fuzzy_date(tenure.start),
        "end": fuzzy_date(tenure.end),
        "confidence": tenure.confidence,
        "citations": citations(tenure.excerpts.all()),
    }


def incident_row(incident: Incident, visible: Visible) -> Row:
    place = visible.place_of(incident.place)
    return {
        "type": "incident",
        "id": incident.pk,
        "key": incident.key,
        "kind": incident.kind,
        "title": incident.title,
        "start": fuzzy_date(incident.start),
        "end": fuzzy_date(incident.end),
        "place": place.name if place else incident.place_text,
        "description": incident.description,
        "confidentiality": incident.confidentiality,
        "citations": citations(incident.excerpts.all()),
    }


def participant_row(participant: Participant) -> Row:
    return {
        "type": "participant",
        "id": participant.pk,
        "incident": participant.incident_id,
        "person": participant.person_id,
        "role": participant.role,
        "citations": citations(participant.excerpts.all()),
    }


def claim_row(claim: Claim, visible_people: set[int]) -> Row:
    attributed = claim.attributed_person_id
    return {
        "type": "claim",
        "id": claim.pk,
        "question": claim.question,
        "subject_person": claim.subject_person_id,
        "subject_incident": claim.subject_incident_id,
        "subject_organization": claim.subject_organization_id,
        "subject_text": claim.subject_text,
        "predicate": claim.predicate,
        "value": claim.value_display,
        "value_text": claim.value_text,
        "value_number": claim.value_number,
        "value_min": claim.value_min,
        "value_max": claim.value_max,
        "qualifier": claim.qualifier,
        "attributed_to": claim.attributed_to,
        "attributed_person": attributed if attributed in visible_people else None,
        "assessment": claim.assessment,
        "assessed_by": claim.assessed_by,
        "confidentiality": claim.confidentiality,
        "citations": citations(claim.excerpts.all()),
    }
