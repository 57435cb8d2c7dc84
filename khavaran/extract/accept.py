"""Accept or reject a queued proposal: one transaction each, audited, facts made by the actions.

What accepting creates, by kind (``docs/review.md`` says the same for reviewers):

- ``mention`` of a person: an Excerpt of the name; a new Person with that Name when no readable
  person bears it; otherwise the Name (a new spelling becomes an ``alias``) on the known person,
  or just the Excerpt added to the existing Name's citations. ``person=`` picks the person.
- ``mention`` of an organization: a new Organization citing the Excerpt, or the Excerpt added to
  the known one. Of a place: only the Excerpt (there is no Place action yet).
- ``quote``: a Claim ``statement:<speaker>``, predicate ``said``, the quote as its value, the
  speaker as ``attributed_to`` (and as subject when the speaker is a known person/organization).
- ``claim``: a Claim with the figure (``value_number``, or ``value_min``/``value_max``, or the
  words in ``value_text``), ``attributed_to`` as the text gives it or "no attribution in the text".
- ``date``, ``relation``, ``defect``: nothing but the reviewed note (an Excerpt for a date or a
  relation). With ``incident=`` and ``role=``, a person mention or a relation whose subject is a
  known person also makes that person a Participant, cited by the Excerpt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify

from khavaran.audit.chain import append
from khavaran.evidence.actions import add_excerpt
from khavaran.evidence.models import Excerpt
from khavaran.extract.models import Status, StoredProposal
from khavaran.records import access
from khavaran.records.actions import (
    ClaimSpec,
    NameSpec,
    add_citations,
    add_name,
    add_participant,
    create_organization,
    create_person,
    record_claim,
)
from khavaran.records.models import Incident, Name, Organization, Person
from khavaran.records.snapshots import label_of
from khavaran.text.arabic_script import has_arabic_script

NO_ATTRIBUTION = "no attribution in the text"
# Words that show a count is a count of the dead (the question then is number-killed:...).
_KILLING = re.compile(
    r"\b(massacre|killings?|killed|executions?|executed|slain|murdered|dead)\b|اعدام|کشته|کشتار",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class ReviewError(ValueError):
    """A decision that cannot be made; the message says which proposal and what to do."""


@dataclass(frozen=True)
class Choices:
    """What the reviewer adds to an accept: a question, a person, an incident role."""

    question: str = ""
    person: Person | None = None
    incident: Incident | None = None
    role: str = ""


@dataclass(frozen=True)
class Outcome:
    """What an accept made: the citation, the record it backs, and a line for the reviewer."""

    excerpt: Excerpt | None
    result: models.Model | None
    note: str


Acceptor = Callable[[StoredProposal, Choices, str, Any], Outcome]


def accept(
    row: StoredProposal, *, actor: str, user: Any = None, choices: Choices | None = None
) -> StoredProposal:
    """Accept a pending proposal: make what its kind calls for (module docstring), audited.

    Raises:
        ReviewError: the proposal is decided already, or its source's text has changed.
    """
    _check_pending(row)
    _check_span(row)
    with transaction.atomic():
        outcome = ACCEPTORS[row.kind](row, choices or Choices(), actor, user)
        return _decide(row, Status.ACCEPTED, actor, outcome)


def reject(row: StoredProposal, *, actor: str, reason: str = "") -> StoredProposal:
    """Reject a pending proposal; its fingerprint keeps it out of every later extraction run."""
    _check_pending(row)
    with transaction.atomic():
        return _decide(row, Status.REJECTED, actor, Outcome(None, None, reason))


def decide_all(
    accepts: Sequence[StoredProposal],
    rejects: Sequence[StoredProposal],
    *,
    actor: str,
    user: Any = None,
    choices: Choices | None = None,
    reason: str = "",
) -> list[StoredProposal]:
    """Accept some proposals and reject others in one transaction: every decision, or none.

    Raises:
        ReviewError: a proposal both accepted and rejected, one decided already, one whose
            source's text has changed, or one that the records actions refuse (a missing
            citation, a bad span); nothing is decided then.
    """
    accepts = list({row.pk: row for row in accepts}.values())
    rejects = list({row.pk: row for row in rejects}.values())
    both = sorted({row.pk for row in accepts} & {row.pk for row in rejects})
    if both:
        raise ReviewError(f"proposal {both[0]} is both accepted and rejected; give one decision")
    for row in [*accepts, *rejects]:
        _check_pending(row)
    for row in accepts:
        _check_span(row)
    with transaction.atomic():
        made = [
            _decided(row, lambda r: accept(r, actor=actor, user=user, choices=choices))
            for row in accepts
        ]
        return made + [
            _decided(row, lambda r: reject(r, actor=actor, reason=reason)) for row in rejects
        ]


def _decided(
    row: StoredProposal, decide: Callable[[StoredProposal], StoredProposal]
) -> StoredProposal:
    """``decide(row)``, with a refusal of the records actions said as this proposal's."""
    try:
        return decide(row)
    except ReviewError:
        raise
    except ValueError as error:
        # A missing citation or a bad span, refused by the records actions.
        raise ReviewError(f"proposal {row.pk}: {error}") from error


def _check_pending(row: StoredProposal) -> None:
    if row.status != Status.PENDING:
        raise ReviewError(f"proposal {row.pk} is already {row.status} by {row.decided_by}")


def _check_span(row: StoredProposal) -> None:
    if row.source.text[row.start : row.end] != row.text:
        raise ReviewError(
            f"the text of source {row.source_id} changed since proposal {row.pk} was made; "
            f"run `khavaran extract {row.source_id}` again"
        )


def _decide(row: StoredProposal, status: str, actor: str, outcome: Outcome) -> StoredProposal:
    row.status, row.decided_by, row.decided_at = status, actor, datetime.now(UTC)
    row.excerpt, row.note = outcome.excerpt, outcome.note
    if outcome.result is not None:
        row.result_model, row.result_id = label_of(outcome.result), str(outcome.result.pk)
    row.save()
    append(
        actor=actor,
        action=f"review:{status}",
        model="extract.StoredProposal",
        object_id=row.pk,
        before={"status": Status.PENDING},
        after={
            "status": status,
            "fingerprint": row.fingerprint,
            "source": row.source_id,
            "excerpt": row.excerpt_id,
            "result": f"{row.result_model}:{row.result_id}" if row.result_model else "",
        },
        reason=outcome.note,
    )
    return row


def script_of(text: str) -> str:
    """``persian`` for a name in Arabic script, else ``latin``."""
    return "persian" if has_arabic_script(text) else "latin"


def _excerpt(row: StoredProposal, actor: str, *, clause: bool = False) -> Excerpt:
    start, end = row.start, row.end
    if clause and row.payload.get("context_start") is not None:
        start, end = row.payload["context_start"], row.payload["context_end"]
    existing = Excerpt.objects.filter(source=row.source, start=start, end=end).first()
    return existing or add_excerpt(row.source, start=start, end=end, actor=actor)


def _cite(obj: Name | Organization, excerpt: Excerpt, actor: str) -> None:
    # Through the records action: a name cited by a confidential passage is re-indexed at that
    # level, an organization raised to it (a public name cited anew from a witness statement
    # stayed public in the index, and `verify` called that tampering).
    add_citations(obj, [excerpt], actor=actor)


def person_named(name: str, user: Any) -> Person | None:
    """The readable person bearing exactly this name (case aside), if exactly one does."""
    if not name:
        return None
    people = access.people_visible_to(user).filter(names__text__iexact=name).distinct()[:2]
    return people[0] if len(people) == 1 else None


def _organization_named(name: str, user: Any) -> Organization | None:
    orgs = access.organizations_visible_to(user)
    return (
        orgs.filter(models.Q(name__iexact=name) | models.Q(name_fa=name)).first() if name else None
    )


def _accept_mention(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    excerpt = _excerpt(row, actor)
    entity_type = row.payload.get("entity_type")
    if entity_type == "person" or choices.person is not None:
        person, note = _person_mention(row, excerpt, choices, actor, user)
        return Outcome(excerpt, person, note + _participation(person, excerpt, choices, actor))
    if entity_type == "organization":
        return _organization_mention(row, excerpt, actor, user)
    return Outcome(excerpt, None, f"place '{row.text}' cited (places are added by hand)")


def _person_mention(
    row: StoredProposal, excerpt: Excerpt, choices: Choices, actor: str, user: Any
) -> tuple[Person, str]:
    known = row.payload.get("entity_id")
    person = (
        choices.person
        or (access.people_visible_to(user).filter(pk=known).first() if known else None)
        or person_named(row.text, user)
    )
    spec = NameSpec(text=row.text, script=script_of(row.text), excerpts=[excerpt])
    if person is None:
        # A person named only in a protected source is as protected as that source.
        person = create_person([spec], actor=actor, confidentiality=row.source.confidentiality)
        return person, f"new person {person.pk} named '{row.text}'"
    name = person.names.filter(text__iexact=row.text).first()
    if name is None:
        add_name(person, NameSpec(row.text, spec.script, [excerpt], kind="alias"), actor=actor)
        return person, f"name '{row.text}' added to person {person.pk}"
    _cite(name, excerpt, actor)
    return person, f"name '{name.text}' of person {person.pk} cited again"


def _participation(person: Person, excerpt: Excerpt, choices: Choices, actor: str) -> str:
    if choices.incident is None:
        return ""
    role = choices.role or "present"
    add_participant(choices.incident, person, role=role, excerpts=[excerpt], actor=actor)
    return f"; {role} in incident {choices.incident.pk}"


def _organization_mention(row: StoredProposal, excerpt: Excerpt, actor: str, user: Any) -> Outcome:
    known = row.payload.get("entity_id")
    orgs = access.organizations_visible_to(user)
    org = (orgs.filter(pk=known).first() if known else None) or _organization_named(row.text, user)
    if org is None:
        persian = script_of(row.text) == "persian"
        org = create_organization(
            row.text,
            actor=actor,
            name_fa=row.text if persian else "",
            excerpts=[excerpt],
            confidentiality=row.source.confidentiality,
        )
        return Outcome(excerpt, org, f"new organization {org.pk} '{row.text}'")
    _cite(org, excerpt, actor)
    return Outcome(excerpt, org, f"organization {org.pk} cited again")


def _accept_quote(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    speaker: str = row.payload.get("speaker") or ""
    person = choices.person or person_named(speaker, user)
    org = None if person else _organization_named(speaker, user)
    key = (person.key if person else "") or slugify(speaker) or "unattributed"
    excerpt = _excerpt(row, actor)
    claim = record_claim(
        ClaimSpec(
            question=choices.question or f"statement:{key}",
            predicate="said",
            excerpts=[excerpt],
            subject_person=person,
            subject_organization=org,
            subject_text="" if person or org else speaker,
            value_text=row.text,
            attributed_to=speaker or NO_ATTRIBUTION,
        ),
        actor=actor,
    )
    said_by = speaker or NO_ATTRIBUTION
    return Outcome(excerpt, claim, f"claim {claim.pk} ({claim.question}) said by '{said_by}'")


def _accept_claim(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    killed = bool(_KILLING.search(_sentence(row)))
    question = choices.question or default_question(row)
    subject = question.split(":", 1)[-1]
    incident = access.incidents_visible_to(user).filter(key=subject).first() if subject else None
    excerpt = _excerpt(row, actor)
    claim = record_claim(
        ClaimSpec(
            question=question,
            predicate="victim_count" if killed else "count",
            excerpts=[excerpt],
            subject_incident=incident,
            subject_text="" if incident else subject,
            qualifier=_qualifier(row.text),
            attributed_to=row.payload.get("attributed_to") or NO_ATTRIBUTION,
            **_figure(row.payload.get("value") or ""),
        ),
        actor=actor,
    )
    return Outcome(excerpt, claim, f"claim {claim.pk} ({question}) = {claim.value_display}")


def default_question(row: StoredProposal) -> str:
    """``number-killed:<event>-<year>`` when the sentence counts the dead, else ``number:<what>``.

    Example: "The 1988 massacre of 30,000 political prisoners" gives
    ``number-killed:massacre-1988``, the question the case file uses for the death toll.
    """
    sentence = _sentence(row)
    killing = _KILLING.search(sentence)
    if killing is None:
        counted = re.sub(r"^[^A-Za-z\u0600-\u06ff]*", "", re.sub(r"[\d,]+", "", row.text))
        return f"number:{slugify(counted, allow_unicode=True) or 'unknown'}"
    year = _YEAR.search(sentence)
    event = (killing.group(1) or "killing").lower()
    return f"number-killed:{event}" + (f"-{year.group()}" if year else "")


def _sentence(row: StoredProposal) -> str:
    from khavaran.extract.segments import SentenceIndex

    start, end = SentenceIndex(row.source.text).around(row.start)
    return row.source.text[start : max(end, row.end)]


def _figure(value: str) -> dict[str, Any]:
    """A proposal's value ("30000", "4000-5000", "thousands") as the Claim's value fields."""
    if value.isdigit():
        return {"value_number": float(value)}
    low, _, high = value.partition("-")
    if low.isdigit() and high.isdigit():
        return {"value_min": float(low), "value_max": float(high)}
    return {"value_text": value}


def _qualifier(text: str) -> str:
    head = re.split(r"[\d۰-۹]", text, maxsplit=1)[0].strip()
    # "at least 5,000" keeps "at least"; "between" only frames the range already in min/max.
    return "" if head == text.strip() or head.lower() == "between" else head


def _accept_relation(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    excerpt = _excerpt(row, actor, clause=True)
    relation = row.payload.get("relation")
    subject = row.payload.get("subject") or ""
    note = f"reviewed relation '{relation}': '{subject}' → '{row.payload.get('object')}'"
    person = choices.person or person_named(subject, user)
    if choices.incident is not None and person is not None:
        note += _participation(person, excerpt, choices, actor)
        return Outcome(excerpt, person, note)
    return Outcome(excerpt, None, note)


def _accept_date(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    normalized = row.payload.get("normalized_date")
    return Outcome(_excerpt(row, actor), None, f"reviewed date '{row.text}' = {normalized}")


def _accept_defect(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    return Outcome(None, None, f"defect confirmed: {row.payload.get('value')}")


ACCEPTORS: dict[str, Acceptor] = {
    "mention": _accept_mention,
    "quote": _accept_quote,
    "claim": _accept_claim,
    "date": _accept_date,
    "relation": _accept_relation,
    "defect": _accept_defect,
}
