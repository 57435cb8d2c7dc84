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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, gettext_noop

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
from khavaran.vocabulary import VOCABULARIES, label

NO_ATTRIBUTION = "no attribution in the text"
# Words that show a count is a count of the dead (the question then is number-killed:...).
_KILLING = re.compile(
    r"\b(massacre|killings?|killed|executions?|executed|slain|murdered|dead)\b|اعدام|کشته|کشتار",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class Figure(str):
    """A number the system wrote ("30,000"): shown in the reader's digits where a note is shown."""


@dataclass(frozen=True)
class Word:
    """A vocabulary value in a note ("victim"): its label in the language the note is read in."""

    vocabulary: str
    value: str

    def in_language(self, lang: str) -> str:
        if self.value in VOCABULARIES[self.vocabulary]:
            return label(self.vocabulary, self.value, lang)
        return self.value

    def __str__(self) -> str:
        # The stored line keeps the value as the CLI and the log write it ("victim").
        return self.value


@dataclass(frozen=True)
class Note:
    """A line for the reviewer: an English sentence with named fields, marked for translation.

    ``str(note)`` is the English line the proposal row keeps, the audit log records and the
    CLI prints; ``note.translated()`` is the line in the reader's language, for the web (the
    words around the fields are in another order in Persian). A field is plain text (a name
    or a quote as the source writes it, an id), a `Figure`, a `Word` or another `Note`.
    """

    message: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message % {k: str(v) for k, v in self.fields.items()}

    def translated(self, figures: Callable[[str], str] = str) -> str:
        """The line in the active language; ``figures`` writes a `Figure` in the reader's
        digits (the web passes its `reader_digits`)."""
        lang = "fa" if (get_language() or "en").startswith("fa") else "en"
        return gettext(self.message) % {k: _shown(v, lang, figures) for k, v in self.fields.items()}


def _shown(value: Any, lang: str, figures: Callable[[str], str]) -> str:
    if isinstance(value, Note):
        return value.translated(figures)
    if isinstance(value, Word):
        return value.in_language(lang)
    if isinstance(value, Figure):
        return figures(str(value))
    return str(value)


def _both(first: Note, then: Note) -> Note:
    """Two clauses of one note, joined as the reader's language joins them."""
    return Note(gettext_noop("%(first)s; %(then)s"), {"first": first, "then": then})


class ReviewError(ValueError):
    """A decision that cannot be made; the message says which proposal and what to do.

    ``str(error)`` is English (the CLI's); ``error.note.translated()`` the reader's language.
    """

    def __init__(self, note: Note) -> None:
        super().__init__(str(note))
        self.note = note


@dataclass(frozen=True)
class Choices:
    """What the reviewer adds to an accept: a question, a person, an incident role."""

    question: str = ""
    person: Person | None = None
    incident: Incident | None = None
    role: str = ""


@dataclass(frozen=True)
class Outcome:
    """What a decision made: the citation, the record it backs, and a line for the reviewer
    (a `Note` for an accept, the reviewer's own reason for a reject)."""

    excerpt: Excerpt | None
    result: models.Model | None
    said: Note | str

    @property
    def note(self) -> str:
        """The line as the proposal row and the audit log keep it (English for an accept)."""
        return str(self.said)


@dataclass(frozen=True)
class Accepted:
    """An accepted proposal and what accepting it made, said for the reviewer."""

    row: StoredProposal
    said: Note


Acceptor = Callable[[StoredProposal, Choices, str, Any], Outcome]


def accept(
    row: StoredProposal, *, actor: str, user: Any = None, choices: Choices | None = None
) -> StoredProposal:
    """Accept a pending proposal: make what its kind calls for (module docstring), audited.

    Raises:
        ReviewError: the proposal is decided already, or its source's text has changed.
    """
    return accept_and_say(row, actor=actor, user=user, choices=choices).row


def accept_and_say(
    row: StoredProposal, *, actor: str, user: Any = None, choices: Choices | None = None
) -> Accepted:
    """`accept`, with what it made as a `Note` the web shows in the reader's language.

    Raises:
        ReviewError: the proposal is decided already, or its source's text has changed.
    """
    _check_pending(row)
    _check_span(row)
    with transaction.atomic():
        outcome = ACCEPTORS[row.kind](row, choices or Choices(), actor, user)
        decided = _decide(row, Status.ACCEPTED, actor, outcome)
    said = outcome.said
    # Every acceptor says what it made as a Note; only a reject carries the reviewer's words.
    return Accepted(decided, said if isinstance(said, Note) else Note("%(note)s", {"note": said}))


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
        raise ReviewError(
            Note(
                gettext_noop(
                    "proposal %(proposal)s is both accepted and rejected; give one decision"
                ),
                {"proposal": both[0]},
            )
        )
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
        raise ReviewError(
            Note(
                gettext_noop("proposal %(proposal)s: %(error)s"),
                {"proposal": row.pk, "error": error},
            )
        ) from error


def _check_pending(row: StoredProposal) -> None:
    if row.status == Status.PENDING:
        return
    already = (
        gettext_noop("proposal %(proposal)s is already accepted by %(reviewer)s")
        if row.status == Status.ACCEPTED
        else gettext_noop("proposal %(proposal)s is already rejected by %(reviewer)s")
    )
    raise ReviewError(Note(already, {"proposal": row.pk, "reviewer": row.decided_by}))


def _check_span(row: StoredProposal) -> None:
    if row.source.text[row.start : row.end] != row.text:
        raise ReviewError(
            Note(
                gettext_noop(
                    "the text of source %(source)s changed since proposal %(proposal)s was "
                    "made; run `khavaran extract %(source)s` again"
                ),
                {"source": row.source_id, "proposal": row.pk},
            )
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
        return Outcome(excerpt, person, _participation(note, person, excerpt, choices, actor))
    if entity_type == "organization":
        return _organization_mention(row, excerpt, actor, user)
    place = gettext_noop("place '%(text)s' cited (places are added by hand)")
    return Outcome(excerpt, None, Note(place, {"text": row.text}))


def _person_mention(
    row: StoredProposal, excerpt: Excerpt, choices: Choices, actor: str, user: Any
) -> tuple[Person, Note]:
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
        made = gettext_noop("new person %(person)s named '%(name)s'")
        return person, Note(made, {"person": person.pk, "name": row.text})
    name = person.names.filter(text__iexact=row.text).first()
    if name is None:
        add_name(person, NameSpec(row.text, spec.script, [excerpt], kind="alias"), actor=actor)
        added = gettext_noop("name '%(name)s' added to person %(person)s")
        return person, Note(added, {"name": row.text, "person": person.pk})
    _cite(name, excerpt, actor)
    again = gettext_noop("name '%(name)s' of person %(person)s cited again")
    return person, Note(again, {"name": name.text, "person": person.pk})


def _participation(
    note: Note, person: Person, excerpt: Excerpt, choices: Choices, actor: str
) -> Note:
    """``note``, and the person's role in the chosen incident when one is chosen."""
    if choices.incident is None:
        return note
    role = choices.role or "present"
    add_participant(choices.incident, person, role=role, excerpts=[excerpt], actor=actor)
    took_part = gettext_noop("%(role)s in incident %(incident)s")
    fields = {"role": Word("participant_role", role), "incident": choices.incident.pk}
    return _both(note, Note(took_part, fields))


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
        made = gettext_noop("new organization %(organization)s '%(name)s'")
        return Outcome(excerpt, org, Note(made, {"organization": org.pk, "name": row.text}))
    _cite(org, excerpt, actor)
    again = gettext_noop("organization %(organization)s cited again")
    return Outcome(excerpt, org, Note(again, {"organization": org.pk}))


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
    if not speaker:
        unsaid = gettext_noop("claim %(claim)s (%(question)s), no attribution in the text")
        return Outcome(
            excerpt, claim, Note(unsaid, {"claim": claim.pk, "question": claim.question})
        )
    said = gettext_noop("claim %(claim)s (%(question)s) said by '%(speaker)s'")
    fields = {"claim": claim.pk, "question": claim.question, "speaker": speaker}
    return Outcome(excerpt, claim, Note(said, fields))


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
    figure = gettext_noop("claim %(claim)s (%(question)s) = %(value)s")
    value = Figure(claim.value_display) if claim.figure is not None else claim.value_display
    return Outcome(
        excerpt, claim, Note(figure, {"claim": claim.pk, "question": question, "value": value})
    )


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
    reviewed = gettext_noop("reviewed relation '%(relation)s': '%(subject)s' → '%(object)s'")
    fields = {"relation": relation, "subject": subject, "object": row.payload.get("object")}
    note = Note(reviewed, fields)
    person = choices.person or person_named(subject, user)
    if choices.incident is not None and person is not None:
        return Outcome(excerpt, person, _participation(note, person, excerpt, choices, actor))
    return Outcome(excerpt, None, note)


def _accept_date(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    reviewed = gettext_noop("reviewed date '%(text)s' = %(normalized)s")
    fields = {"text": row.text, "normalized": row.payload.get("normalized_date")}
    return Outcome(_excerpt(row, actor), None, Note(reviewed, fields))


def _accept_defect(row: StoredProposal, choices: Choices, actor: str, user: Any) -> Outcome:
    confirmed = gettext_noop("defect confirmed: %(defect)s")
    return Outcome(None, None, Note(confirmed, {"defect": row.payload.get("value")}))


ACCEPTORS: dict[str, Acceptor] = {
    "mention": _accept_mention,
    "quote": _accept_quote,
    "claim": _accept_claim,
    "date": _accept_date,
    "relation": _accept_relation,
    "defect": _accept_defect,
}
