"""Named writes on records. Each validates, writes, audits and indexes in one transaction.

Views, commands and importers call these; nothing else saves a record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction

from khavaran.audit.chain import append
from khavaran.evidence.models import Excerpt, FuzzyDate, Source
from khavaran.records.citations import Cited, MissingCitation
from khavaran.records.models import (
    Claim,
    ElementLink,
    Incident,
    Name,
    Organization,
    Participant,
    Person,
    Post,
    Tenure,
    format_number,
)
from khavaran.records.snapshots import label_of, snapshot
from khavaran.search.engine import (
    Document,
    index_new_documents,
    reindex,
    remove_document,
)
from khavaran.search.models import DocKind
from khavaran.text.arabic_script import normalize_for_search
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, least_protected, most_protected

M = TypeVar("M", bound=models.Model)


def _created(
    obj: M, actor: str, reason: str = "", *, excerpt_ids: Iterable[int] | None = None
) -> M:
    append(
        actor=actor,
        action="create",
        model=label_of(obj),
        object_id=obj.pk,
        after=snapshot(obj, excerpt_ids=excerpt_ids),
        reason=reason,
    )
    return obj


def _require(excerpts: Sequence[Excerpt], what: str) -> None:
    if not excerpts:
        raise MissingCitation(f"{what} needs at least one excerpt from a source")


def at_least_cited_level(level: str, excerpts: Iterable[Excerpt]) -> str:
    """The level asked for, raised to that of the most protected source cited: a record must
    not publish what its only evidence keeps back."""
    return most_protected([level, *(e.source.confidentiality for e in excerpts)])


def cited_level(obj: models.Model) -> str:
    """The lowest level a stored record may have, given what cites it ("public" if nothing):
    the most protected source it cites; for a person, the least protected source naming them."""
    if isinstance(obj, Person):
        named_by = Name.objects.filter(person=obj).values_list(
            "excerpts__source__confidentiality", flat=True
        )
        return least_protected(level for level in named_by if level)
    levels = obj.excerpts.values_list("source__confidentiality", flat=True)  # type: ignore[attr-defined]
    return most_protected(["public", *levels])


def raised_level(asked: str | None, record: models.Model) -> str | None:
    """The level a record was saved at when that is above the one asked for (it cites, or is
    named only by, a more protected source), else None: the caller says so to whoever asked."""
    level: str | None = getattr(record, "confidentiality", None)
    if not asked or level is None or most_protected([asked, level]) == asked:
        return None
    return level


class TooOpen(ValueError):
    """A record's level asked to be lower than that of a source it cites."""

    def __init__(self, asked: str, floor: str) -> None:
        super().__init__(f"it cites a {floor} source, so it cannot be {asked}: make it {floor}")
        self.asked, self.floor = asked, floor


def save_fuzzy_date(
    earliest: date,
    latest: date,
    *,
    original: str = "",
    calendar: str = "gregorian",
    precision: str = "",
) -> FuzzyDate:
    return FuzzyDate.objects.create(
        earliest=earliest, latest=latest, original=original, calendar=calendar, precision=precision
    )


@dataclass(frozen=True)
class NameSpec:
    text: str
    script: str
    excerpts: Sequence[Excerpt]
    kind: str = "birth"


@dataclass(frozen=True)
class PersonSpec:
    """A person to create: at least one cited name, and their fields."""

    names: Sequence[NameSpec]
    key: str = ""
    confidentiality: str = "public"
    father_name: str = ""
    gender: str = ""
    notes: str = ""


def create_person(
    names: Sequence[NameSpec],
    *,
    actor: str,
    key: str = "",
    confidentiality: str = "public",
    father_name: str = "",
    gender: str = "",
    notes: str = "",
) -> Person:
    """A person with at least one cited name."""
    spec = PersonSpec(names, key, confidentiality, father_name, gender, notes)
    return create_people([spec], actor=actor)[0]


def _person_level(spec: PersonSpec) -> str:
    """The level asked for, raised to that of the least protected source naming the person:
    one public source makes a name public knowledge, while someone known only from a
    confidential testimony (a witness) stays confidential."""
    sources = [e.source.confidentiality for name in spec.names for e in name.excerpts]
    return most_protected([spec.confidentiality, least_protected(sources)])


def create_people(specs: Sequence[PersonSpec], *, actor: str) -> list[Person]:
    """Persons with their cited names, written together (a list of victims makes thousands).

    Each is audited and indexed as if created alone, in order: the person, then its names. A
    person is at least as protected as the least protected source naming them.
    """
    for spec in specs:
        if not spec.names:
            raise MissingCitation("a person needs at least one name, cited from a source")
        _require_names(spec.names)
    with transaction.atomic():
        people = Person.objects.bulk_create(
            Person(
                key=spec.key,
                confidentiality=_person_level(spec),
                father_name=spec.father_name,
                gender=spec.gender,
                notes=spec.notes,
            )
            for spec in specs
        )
        names = _insert_names([(p, spec.names) for p, spec in zip(people, specs, strict=True)])
        docs: list[Document] = []
        for person, person_names in zip(people, names, strict=True):
            _created(person, actor)
            docs += _audit_names(person_names, actor)
        index_new_documents(docs)
    return people


def add_name(person: Person, spec: NameSpec, *, actor: str) -> Name:
    return add_names(person, [spec], actor=actor)[0]


def same_name(person: Person, text: str, script: str) -> Name | None:
    """The person's name spelled the same up to letter forms, digits, case, ZWNJ and spaces
    (as search folds it), in the same script."""
    folded = normalize_for_search(text)
    names = Name.objects.filter(person=person, script=script).order_by("pk")
    return next((n for n in names if normalize_for_search(n.text) == folded), None)


def add_names(person: Person, specs: Sequence[NameSpec], *, actor: str) -> list[Name]:
    """Cited names of a person, in order, each audited and indexed. A name the person already
    has (`same_name`) is not written twice: it cites the new passages too."""
    _require_names(specs)
    with transaction.atomic():
        known = [same_name(person, spec.text, spec.script) for spec in specs]
        new = [spec for spec, name in zip(specs, known, strict=True) if name is None]
        written = _insert_names([(person, new)])[0] if new else []
        index_new_documents(_audit_names(written, actor))
        fresh = iter(name for name, _ in written)
        for spec, name in zip(specs, known, strict=True):
            if name is not None:
                add_citations(name, spec.excerpts, actor=actor)
        return [name if name is not None else next(fresh) for name in known]


def _insert_names(
    people: Sequence[tuple[Person, Sequence[NameSpec]]],
) -> list[list[tuple[Name, NameSpec]]]:
    """Each person's names and their citations, one statement for all of each (checked by the
    caller: ``Cited.save`` is not called)."""
    written = Name.objects.bulk_create(
        Name(person=person, text=spec.text, script=spec.script, kind=spec.kind)
        for person, specs in people
        for spec in specs
    )
    through = Name.excerpts.through
    through.objects.bulk_create(
        through(name_id=name.pk, excerpt_id=pk)
        for name, spec in zip(written, (s for _, specs in people for s in specs), strict=True)
        for pk in sorted({e.pk for e in spec.excerpts})
    )
    names = iter(written)
    return [[(next(names), spec) for spec in specs] for _, specs in people]


def _audit_names(names: Sequence[tuple[Name, NameSpec]], actor: str) -> list[Document]:
    """Audit each name; return their search documents for the caller to index together."""
    docs = []
    for name, spec in names:
        _created(name, actor, excerpt_ids={e.pk for e in spec.excerpts})
        levels = [name.person.confidentiality, *(e.source.confidentiality for e in spec.excerpts)]
        docs.append(name_document_at(name, levels))
    return docs


def _require_names(specs: Sequence[NameSpec]) -> None:
    for spec in specs:
        _require(spec.excerpts, f"the name {spec.text!r}")
        if any(e.pk is None for e in spec.excerpts):
            raise ValueError(f"the name {spec.text!r} cites an excerpt that is not saved")


def name_document(name: Name) -> Document:
    """A name's searchable form, at the level of its person and its most protected citation
    (`verify` compares the index with it)."""
    levels = [
        name.person.confidentiality,
        *(e.source.confidentiality for e in name.excerpts.select_related("source")),
    ]
    return name_document_at(name, levels)


def index_name(name: Name) -> None:
    """(Re)index a name at the level of its person and its most protected citation."""
    reindex(name_document(name))


def name_document_at(name: Name, levels: Sequence[str]) -> Document:
    return Document(
        DocKind.NAME,
        name.pk,
        body=name.text,
        title=name.text,
        confidentiality=most_protected(levels),
        language="fa" if name.script == "persian" else "",
        sounds=True,
    )


def create_organization(
    name: str,
    *,
    actor: str,
    kind: str = "other",
    key: str = "",
    name_fa: str = "",
    parent: Organization | None = None,
    excerpts: Sequence[Excerpt] = (),
    confidentiality: str = "public",
) -> Organization:
    """An organization, at least as protected as the most protected source it cites."""
    with transaction.atomic():
        org = Organization.objects.create(
            name=name,
            kind=kind,
            key=key,
            name_fa=name_fa,
            parent=parent,
            confidentiality=at_least_cited_level(confidentiality, excerpts),
        )
        org.excerpts.add(*excerpts)
        return _created(org, actor)


def same_post(title: str, organization: Organization | None) -> Post | None:
    """The organization's post of this title, spelled as search folds it (Arabic ي and ك as
    Persian ی and ک, ZWNJ as a space, any digits, case)."""
    folded = normalize_for_search(title)
    posts = Post.objects.filter(organization=organization).order_by("pk")
    return next((p for p in posts if normalize_for_search(p.title) == folded), None)


def get_or_create_post(title: str, organization: Organization | None, *, actor: str) -> Post:
    """The post of this title (`same_post`), or a new one titled as first written."""
    post = same_post(title, organization)
    if post is not None:
        return post
    with transaction.atomic():
        return _created(Post.objects.create(title=title, organization=organization), actor)


def record_tenure(
    person: Person,
    post: Post,
    *,
    excerpts: Sequence[Excerpt],
    actor: str,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    confidence: str = "medium",
) -> Tenure:
    """Who held which office when, with the passages that say so."""
    _require(excerpts, f"the tenure of {person} as {post}")
    with transaction.atomic():
        tenure = Tenure(person=person, post=post, start=start, end=end, confidence=confidence)
        tenure.cite(excerpts).save()
        return _created(tenure, actor)


def create_incident(
    title: str,
    *,
    kind: str,
    actor: str,
    key: str = "",
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    place_text: str = "",
    description: str = "",
    excerpts: Sequence[Excerpt] = (),
    confidentiality: str = "public",
) -> Incident:
    """An incident, at least as protected as the most protected source it cites."""
    with transaction.atomic():
        incident = Incident.objects.create(
            title=title,
            kind=kind,
            key=key,
            start=start,
            end=end,
            place_text=place_text,
            description=description,
            confidentiality=at_least_cited_level(confidentiality, excerpts),
        )
        incident.excerpts.add(*excerpts)
        return _created(incident, actor)


def same_participation(incident: Incident, person: Person, role: str) -> Participant | None:
    return Participant.objects.filter(
        incident=incident, person=person, role=role, is_deleted=False
    ).first()


def add_participant(
    incident: Incident, person: Person, *, role: str, excerpts: Sequence[Excerpt], actor: str
) -> Participant:
    """A person's part in an incident. Recorded once (a second would count a victim twice):
    when it is already recorded (`same_participation`), the passages are cited for it too."""
    _require(excerpts, f"{person} as {role} in {incident}")
    known = same_participation(incident, person, role)
    if known is not None:
        return add_citations(known, excerpts, actor=actor)
    with transaction.atomic():
        participant = Participant(incident=incident, person=person, role=role)
        participant.cite(excerpts).save()
        return _created(participant, actor)


@dataclass(frozen=True)
class ClaimSpec:
    question: str
    predicate: str
    excerpts: Sequence[Excerpt]
    subject_person: Person | None = None
    subject_incident: Incident | None = None
    subject_organization: Organization | None = None
    subject_text: str = ""
    value_text: str = ""
    value_number: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    qualifier: str = ""
    attributed_to: str = ""
    confidentiality: str | None = None


VALUE_FIELDS = ("value_number", "value_min", "value_max", "value_text")


class BadValue(ValueError):
    """A claim's value that no source states: none at all, or a most below the least.

    ``code`` ("no_value", "most_below_least") lets a form say it in the reader's language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_value(values: dict[str, Any]) -> None:
    """Refuse a claim's value fields (`VALUE_FIELDS`, absent as None) that state nothing, or
    a range whose most is below its least. The one rule for creating and editing a claim."""
    if all(values.get(f) in (None, "") or str(values.get(f)).isspace() for f in VALUE_FIELDS):
        raise BadValue("no_value", "give the value the source states (a number, range or words)")
    low, high = values.get("value_min"), values.get("value_max")
    if low is not None and high is not None and low > high:
        raise BadValue("most_below_least", f"the most ({high:g}) is less than the least ({low:g})")


def record_claim(spec: ClaimSpec, *, actor: str, reason: str = "") -> Claim:
    """A statement a source makes, with who the source attributes it to.

    The claim is at least as protected as the most protected source it cites.

    Raises:
        BadValue: the spec states no value, or a range whose most is below its least.
    """
    _require(spec.excerpts, f"the claim {spec.question!r}")
    check_value({f: getattr(spec, f) for f in VALUE_FIELDS})
    levels = [e.source.confidentiality for e in spec.excerpts]
    if spec.confidentiality:
        levels.append(spec.confidentiality)
    fields = {k: v for k, v in spec.__dict__.items() if k not in {"excerpts", "confidentiality"}}
    with transaction.atomic():
        claim = Claim(**fields, confidentiality=most_protected(levels))
        claim.cite(spec.excerpts).save()
        _created(claim, actor, reason)
        index_claim(claim)
    return claim


def claim_document(claim: Claim) -> Document:
    """A claim's searchable form: its value, qualifier, attribution and quotes."""
    # In citation order, however they were loaded (verify rebuilds it from prefetched rows).
    quotes = " … ".join(e.quoted_text for e in sorted(claim.excerpts.all(), key=lambda e: e.pk))
    body = " ".join(
        filter(None, [_indexed_value(claim), claim.qualifier, claim.attributed_to, quotes])
    )
    return Document(
        DocKind.CLAIM,
        claim.pk,
        body=body,
        title=claim.question,
        confidentiality=claim.confidentiality,
    )


def _indexed_value(claim: Claim) -> str:
    """The value as the index has always held it, in no reader's language (`verify` compares
    the index with this, whoever indexed it in which language): a number, a range, or words."""
    if claim.value_number is not None:
        return format_number(claim.value_number)
    if claim.value_min is not None and claim.value_max is not None:
        return f"{format_number(claim.value_min)}–{format_number(claim.value_max)}"
    return claim.value_text


def index_claim(claim: Claim) -> None:
    reindex(claim_document(claim))


def assess_claim(claim: Claim, assessment: str, *, actor: str, reason: str) -> Claim:
    return update_record(
        claim, {"assessment": assessment, "assessed_by": actor}, actor=actor, reason=reason
    )


def update_record(obj: M, changes: dict[str, Any], *, actor: str, reason: str) -> M:
    """Change fields of a record, audited with before, after and the reason given.

    Raises:
        BadValue: a claim's value fields changed to state nothing, or most below least.
        TooOpen: a level below that of a source the record cites.
    """
    if not reason.strip():
        raise ValueError("say why this record is changed (a reason is required)")
    if isinstance(obj, Claim) and any(f in changes for f in VALUE_FIELDS):
        check_value({f: changes.get(f, getattr(obj, f)) for f in VALUE_FIELDS})
    level = changes.get("confidentiality")
    if level and (hasattr(obj, "excerpts") or isinstance(obj, Person)):
        floor = cited_level(obj)
        if most_protected([level, floor]) != level:
            raise TooOpen(level, floor)

    def change() -> None:
        for field, value in changes.items():
            setattr(obj, field, value)
        obj.save()

    raising = bool(level) and _raises(getattr(obj, "confidentiality", None), str(level))
    with transaction.atomic():
        _updated(obj, change, actor=actor, reason=reason)
        if raising:
            _raise_links(obj, actor=actor)
    return obj


def _raises(before: str | None, after: str) -> bool:
    return before is not None and most_protected([before, after]) != before


def _raise_links(record: models.Model, *, actor: str) -> None:
    """Raise the element links resting on a record just made more protected (docs/cases.md).
    Imported here, not at the top: `cases` is built on these actions."""
    from khavaran.records.cases import raise_links_resting_on

    raise_links_resting_on(record, actor=actor)


def _updated(obj: M, change: Callable[[], object], *, actor: str, reason: str) -> M:
    """Make a change to a record, audited with its whole state before and after, and bring
    the search index in line, in one transaction."""
    with transaction.atomic():
        before = snapshot(obj)
        change()
        append(
            actor=actor,
            action="update",
            model=label_of(obj),
            object_id=obj.pk,
            before=before,
            after=snapshot(obj),
            reason=reason,
        )
        _reindex(obj)
    return obj


def soft_delete(obj: M, *, actor: str, reason: str) -> M:
    """Mark a record deleted; it stays in the database and in the audit log."""
    return update_record(obj, {"is_deleted": True}, actor=actor, reason=reason)


def add_citations(obj: M, excerpts: Sequence[Excerpt], *, actor: str, reason: str = "") -> M:
    """Cite more passages for a record that already exists (audited)."""
    manager = obj.excerpts  # type: ignore[attr-defined]
    cited = set(manager.values_list("pk", flat=True))
    new = [e for e in excerpts if e.pk not in cited]
    if not new:
        return obj
    with transaction.atomic():
        manager.add(*new)
        append(
            actor=actor,
            action="cite",
            model=label_of(obj),
            object_id=obj.pk,
            after={"excerpts_added": sorted(e.pk for e in new)},
            reason=reason,
        )
        level = getattr(obj, "confidentiality", None)
        if level is not None and at_least_cited_level(level, new) != level:
            raised = at_least_cited_level(level, new)
            return update_record(
                obj, {"confidentiality": raised}, actor=actor, reason=f"cites a {raised} source"
            )
        _reindex(obj)
    return obj


def uncite(obj: M, excerpts: Sequence[Excerpt], *, actor: str, reason: str) -> M:
    """Stop citing passages that no longer support a record (audited with its whole state
    before and after); it keeps at least one citation (see ``Cited``)."""
    if not reason.strip():
        raise ValueError("say why these citations are withdrawn (a reason is required)")
    with transaction.atomic():
        _updated(
            obj,
            lambda: obj.excerpts.remove(*excerpts),  # type: ignore[attr-defined]
            actor=actor,
            reason=reason,
        )
        # A tenure is as open as its most open citation: withdrawing that one closes it.
        if isinstance(obj, Tenure):
            _raise_links(obj, actor=actor)
        # A name's withdrawn citation may have been the person's only less protected one.
        if isinstance(obj, Name):
            follow_names(Person.objects.get(pk=obj.person_id), actor=actor, reason=reason)
    return obj


def delete_name(name: Name, *, actor: str, reason: str) -> str | None:
    """Remove a name whose only evidence now documents someone else. The log keeps it whole
    (its text, person and citations); the cited passages stay.

    Returns:
        The level the person was raised to, when the names left are cited only by more
        protected sources than the person's level (decision 0002), else None.
    """
    if not reason.strip():
        raise ValueError("say why this name is removed (a reason is required)")
    with transaction.atomic():
        remove_document(DocKind.NAME, name.pk)
        person = Person.objects.get(pk=name.person_id)
        audited_delete(name, actor=actor, reason=reason)
        return follow_names(person, actor=actor, reason=reason)


def follow_names(person: Person, *, actor: str, reason: str) -> str | None:
    """Raise ``person`` to the level its names' citations allow, when it is below it: a person
    is at least as protected as the least protected source naming them (decision 0002), so
    losing their only public name must not leave them public. The raise is audited (the
    caller's transaction); returns the new level, or None when nothing changed. A person left
    with no cited name keeps their level: nothing names them more protectively."""
    named_by = Name.objects.filter(person=person).values_list(
        "excerpts__source__confidentiality", flat=True
    )
    if not any(named_by):
        return None
    floor = cited_level(person)
    if most_protected([floor, person.confidentiality]) == person.confidentiality:
        return None
    why = f"no longer named by a less protected source than {floor}: {reason}"
    update_record(person, {"confidentiality": floor}, actor=actor, reason=why)
    return floor


def audited_delete(obj: models.Model, *, actor: str, reason: str) -> None:
    """Delete a row, its whole state kept in the audit log (the caller's transaction)."""
    append(
        actor=actor,
        action="delete",
        model=label_of(obj),
        object_id=obj.pk,
        before=snapshot(obj),
        reason=reason,
    )
    obj.delete()


def follow_source_level(source: Source, *, actor: str) -> None:
    """After a source's level was raised: raise what its excerpts carry so that nothing stays
    more open than its evidence (claims, incidents, organizations, element links at least that
    level; a person no longer named by any less protected source, that level; the links resting
    on any of these, or on a tenure it cites, their new floor), and re-index its names."""
    level = source.confidentiality
    cited = {"excerpts__source": source}
    lower = CONFIDENTIALITY_ORDER[: CONFIDENTIALITY_ORDER.index(level)]
    reason = f"cites source {source.pk}, now {level}"
    for model in (Claim, Incident, Organization, ElementLink):
        for record in model.objects.filter(**cited, confidentiality__in=lower).distinct():
            update_record(record, {"confidentiality": level}, actor=actor, reason=reason)
    names = Name.objects.filter(**cited).select_related("person").distinct()
    for person in {name.person for name in names}:
        floor = cited_level(person)
        if most_protected([floor, person.confidentiality]) != person.confidentiality:
            update_record(person, {"confidentiality": floor}, actor=actor, reason=reason)
    for name in names:
        index_name(name)
    # A tenure has no level of its own: the links resting on one follow its citations.
    for tenure in Tenure.objects.filter(**cited).distinct().order_by("pk"):
        _raise_links(tenure, actor=actor)


def _reindex(obj: models.Model) -> None:
    """Bring the search index in line with a changed record: a deleted claim or person leaves
    it, and a person's names follow the person's level (a witness made confidential)."""
    if isinstance(obj, Claim):
        if obj.is_deleted:
            remove_document(DocKind.CLAIM, obj.pk)
        else:
            index_claim(obj)
    elif isinstance(obj, Name):
        index_name(obj)
    elif isinstance(obj, Person):
        for name in obj.names.all():
            if obj.is_deleted:
                remove_document(DocKind.NAME, name.pk)
            else:
                index_name(name)


__all__ = ["BadValue", "Cited", "MissingCitation", "TooOpen"]
