"""Merging people: one person recorded several times (from the extraction review, a facts file,
a victim list) becomes one, and an admin can take a merge back (docs/merging.md).

    merge = merge_people(hamid, [hamid_from_facts, hamid_from_lists], actor="maryam",
                         reason="same father, same prison, same date of execution")
    unmerge(hamid_from_lists, actor="admin", reason="a namesake: born ten years later")

A merged person is not destroyed: it is marked deleted, keeps its own fields (a second birth
date stays readable beside the kept one), and its audit event says which person it was merged
into and what moved, so that old links can redirect and the merge can be undone. Every row
that changes is written through the audited actions, so `khavaran verify` stays intact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from khavaran.accounts.access import readable_levels
from khavaran.audit.chain import append
from khavaran.audit.models import AuditEvent
from khavaran.evidence.models import Excerpt
from khavaran.records.actions import (
    NameSpec,
    add_citations,
    add_names,
    audited_delete,
    cited_level,
    delete_name,
    save_fuzzy_date,
    uncite,
    update_record,
)
from khavaran.records.cases import accuse, raise_links_resting_on, stored_link_floor
from khavaran.records.models import (
    Accused,
    Case,
    Claim,
    ElementLink,
    Name,
    Participant,
    Person,
    Tenure,
)
from khavaran.records.snapshots import snapshot
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, most_protected

PERSON = "records.Person"

# The references to a person that a merge moves to the kept person as they are, by the name
# its record of the merge gives them. Names (a duplicate collapses), accusations (once per
# case) and list records (linked as accept-clusters links them) have their own steps below.
MOVED: dict[str, tuple[type[models.Model], str]] = {
    "participants": (Participant, "person"),
    "tenures": (Tenure, "person"),
    "claims": (Claim, "subject_person"),
    "attributed_claims": (Claim, "attributed_person"),
    "element_links": (ElementLink, "person"),
}
# Every foreign key to Person, with the step that moves it (a test keeps this complete).
REFERENCES: frozenset[str] = frozenset(
    {
        *(
            f"{model._meta.app_label}.{model._meta.object_name}.{name}"
            for model, name in MOVED.values()
        ),
        "records.Name.person",
        "records.Accused.person",
        "analysis.ListRecord.person",
    }
)
# How an unmerge's events give their reason: a link it lowered is told apart by it from one
# someone else changed.
UNMERGE_REASON = "unmerge of person {person} from person {keep}: {reason}"
# A person's own fields, filled in on the kept person where it has none and the merged agree.
FILLED = ("father_name", "gender", "birth_date", "birthplace", "key", "notes")


class MergeError(ValueError):
    """A merge or unmerge that cannot be done; the message says which person and why, in the
    command line's words. ``code`` and ``params`` say the same as data for other interfaces
    (the web's forms word it for their own fields and language)."""

    def __init__(self, message: str, code: str = "invalid", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass
class Merge:
    """What a merge did: the kept person, those merged into it, how many of each reference
    moved, the duplicate names collapsed, and the facts that differ (kept side by side)."""

    keep: Person
    merged: list[Person]
    moved: dict[str, int] = field(default_factory=dict)
    collapsed_names: int = 0
    differences: list[str] = field(default_factory=list)


def merge_people(
    keep: Person,
    others: Sequence[Person],
    *,
    actor: str,
    reason: str,
    reader: Any = None,
) -> Merge:
    """Merge ``others`` into ``keep``, in one transaction, each change audited.

    Their names (a name ``keep`` already has collapses into it, citing both passages), roles in
    incidents, tenures, claims about them or attributed to them, element links, accusations
    and list records move to ``keep``; ``keep`` becomes at least as protected as the most
    protected of them (a merge never makes anything more public) and gets the fields it lacks
    where the others agree. The others are marked deleted, "merged into" ``keep``.

    Args:
        reader: whose read gate applies (``None``: the caller has checked).

    Raises:
        MergeError: no reason, a person merged into itself, one ``reader`` may not read, or one
            already merged or deleted.
    """
    others = _distinct(others)
    why = f"merge of {_people(others)} into person {keep.pk}: {reason.strip()}"
    outcome = Merge(keep, list(others))
    with transaction.atomic():
        # Locked and read again: two merges of the same person at once must not both pass.
        list(Person.objects.select_for_update().filter(pk__in=[keep.pk, *(p.pk for p in others)]))
        for person in (keep, *others):
            person.refresh_from_db()
        _check_merge(keep, others, reason, reader)
        level_before = keep.confidentiality
        filled, outcome.differences = _filled(keep, others)
        level = most_protected([keep.confidentiality, *(p.confidentiality for p in others)])
        changes = {**filled, "confidentiality": level} if level != level_before else filled
        links_before = _link_levels([keep, *others])
        if changes:
            update_record(keep, changes, actor=actor, reason=why)
        records = []
        for other in others:
            moved = _move_all(other, keep, outcome, actor=actor, why=why)
            moved["level"] = [level_before, level]
            moved["filled"] = {f: [p.pk for p in others if _value(p, f)] for f in filled}
            records.append((other, moved))
        # Links moved to `keep` rest on a person now as protected as the most protected merged.
        raise_links_resting_on(keep, actor=actor)
        # Each link the merge raised, with its level before and after, for an unmerge to lower.
        raised = _raised_links(links_before)
        for other, moved in records:
            _mark_merged(other, keep, {**moved, "links": raised}, actor=actor, why=why)
    return outcome


def _link_levels(people: Sequence[Person]) -> dict[int, str]:
    """The level of every link (deleted ones too) that concerns or rests on one of ``people``:
    those a merge can raise (see ``raise_links_resting_on``)."""
    concerning = models.Q(person__in=people) | models.Q(tenure__person__in=people)
    rows = ElementLink.objects.filter(concerning).distinct().values_list("pk", "confidentiality")
    return dict(rows)


def _raised_links(before: dict[int, str]) -> dict[str, list[str]]:
    """``{link id: [level before, level now]}`` for each of those links whose level changed
    (ids as strings: the audit log keeps them as JSON)."""
    now = ElementLink.objects.filter(pk__in=before).values_list("pk", "confidentiality")
    return {str(pk): [before[pk], level] for pk, level in now if level != before[pk]}


def _distinct(people: Iterable[Person]) -> list[Person]:
    return list({p.pk: p for p in people}.values())


def _people(people: Sequence[Person]) -> str:
    return f"person{'s' if len(people) > 1 else ''} {', '.join(str(p.pk) for p in people)}"


def _check_merge(keep: Person, others: Sequence[Person], reason: str, reader: Any) -> None:
    if not reason.strip():
        raise MergeError("say why these people are one (a reason is required)", "reason_required")
    if not others:
        raise MergeError(
            f"name at least one person to merge into person {keep.pk}", "nothing_to_merge"
        )
    for person in (keep, *others):
        _check_live(person, reader)
    if any(p.pk == keep.pk for p in others):
        raise MergeError(
            f"person {keep.pk} cannot be merged into itself", "into_itself", person=keep.pk
        )


def _check_live(person: Person, reader: Any) -> None:
    """Refuse a person the reader may not read (as if absent), then one merged or deleted."""
    if reader is not None and person.confidentiality not in readable_levels(reader):
        raise MergeError(f"no person {person.pk} that you may read", "unreadable", person=person.pk)
    if not person.is_deleted:
        return
    into = merged_into(person)
    if into is None:
        raise MergeError(
            f"person {person.pk} is deleted: restore it before merging", "deleted", person=person.pk
        )
    target = Person.objects.filter(pk=into).first()
    # Another person's id only for a reader who may read them.
    shown = reader is None or (target is not None and _readable(target, reader))
    raise MergeError(
        f"person {person.pk} was already merged into "
        f"{f'person {into}: merge that one instead' if shown else 'another person'}",
        "already_merged",
        person=person.pk,
        into=into if shown else None,
    )


def _readable(person: Person, reader: Any) -> bool:
    return person.confidentiality in readable_levels(reader)


def _value(person: Person, name: str) -> Any:
    """A field's value as two people are compared on it: a date by what it says."""
    value = getattr(person, name)
    if name == "birth_date":
        return None if value is None else (value.earliest, value.latest, value.original)
    if name == "birthplace":
        return None if value is None else value.pk
    return value.strip() if isinstance(value, str) else value


def _filled(keep: Person, others: Sequence[Person]) -> tuple[dict[str, Any], list[str]]:
    """The fields ``keep`` lacks that the others give one value for, and each field the people
    give different values for (``keep``'s stays; the others keep theirs, readable beside it)."""
    changes: dict[str, Any] = {}
    differences: list[str] = []
    for name in FILLED:
        given = {p.pk: _value(p, name) for p in (keep, *others) if _value(p, name)}
        if len(set(given.values())) > 1:
            differences.append(_difference(name, [keep, *others]))
        elif given and not _value(keep, name):
            changes[name] = _copy(name, next(p for p in others if _value(p, name)))
    return changes, differences


def _difference(name: str, people: Sequence[Person]) -> str:
    said = [f"person {p.pk}: {getattr(p, name)}" for p in people if _value(p, name)]
    return f"{name.replace('_', ' ')} differs ({'; '.join(said)}): each person keeps their own"


def _copy(name: str, person: Person) -> Any:
    """The value for the kept person: a date is a row of its own, so it gets its own copy."""
    value = getattr(person, name)
    if name == "birth_date":
        return save_fuzzy_date(
            value.earliest,
            value.latest,
            original=value.original,
            calendar=value.calendar,
            precision=value.precision,
        )
    return value


def _move_all(
    other: Person, keep: Person, outcome: Merge, *, actor: str, why: str
) -> dict[str, Any]:
    """Move every reference to ``other`` to ``keep``; returns what moved, for an unmerge."""
    moved: dict[str, Any] = _move_names(other, keep, outcome, actor=actor, why=why)
    for kind, (model, name) in MOVED.items():
        rows = model._default_manager.filter(**{name: other}).order_by("pk")
        moved[kind] = [update_record(r, {name: keep}, actor=actor, reason=why).pk for r in rows]
        outcome.moved[kind] = outcome.moved.get(kind, 0) + len(moved[kind])
    moved.update(_move_accusations(other, keep, actor=actor, why=why))
    moved["list_records"] = _move_list_records(other, keep, actor=actor)
    for kind in ("accusations", "list_records"):
        outcome.moved[kind] = outcome.moved.get(kind, 0) + len(moved[kind])
    return moved


def _spelling(name: Name) -> tuple[str, str, str]:
    return (name.text, name.script, name.kind)


def _move_names(
    other: Person, keep: Person, outcome: Merge, *, actor: str, why: str
) -> dict[str, Any]:
    """Each name of ``other`` moves to ``keep``, or, spelled the same as one ``keep`` has (same
    text, script and kind), is removed after ``keep``'s cites its passages too."""
    kept = {_spelling(n): n for n in keep.names.order_by("pk")}
    moved: list[int] = []
    collapsed: list[dict[str, Any]] = []
    for name in other.names.prefetch_related("excerpts").order_by("pk"):
        same = kept.get(_spelling(name))
        if same is None:
            moved.append(update_record(name, {"person": keep}, actor=actor, reason=why).pk)
            continue
        cited = set(same.excerpts.values_list("pk", flat=True))
        added = sorted(e.pk for e in name.excerpts.all() if e.pk not in cited)
        collapsed.append({"name": snapshot(name), "into": same.pk, "added": added})
        add_citations(same, list(name.excerpts.all()), actor=actor, reason=why)
        delete_name(name, actor=actor, reason=why)
        outcome.collapsed_names += 1
    outcome.moved["names"] = outcome.moved.get("names", 0) + len(moved)
    return {"names": moved, "collapsed_names": collapsed}


def _move_accusations(other: Person, keep: Person, *, actor: str, why: str) -> dict[str, Any]:
    """An accusation moves to ``keep``, or is removed where ``keep`` is already accused."""
    moved: list[int] = []
    dropped: list[dict[str, Any]] = []
    for accused in Accused.objects.filter(person=other).order_by("pk"):
        if Accused.objects.filter(case_id=accused.case_id, person=keep).exists():
            dropped.append(snapshot(accused))
            audited_delete(accused, actor=actor, reason=why)
        else:
            moved.append(update_record(accused, {"person": keep}, actor=actor, reason=why).pk)
    return {"accusations": moved, "dropped_accusations": dropped}


def _move_list_records(
    source: Person, target: Person, *, actor: str, only: set[str] | None = None
) -> list[str]:
    """Point the list rows of ``source`` (those of ``only``, by uid) at ``target``, audited as
    accept-clusters links them (a "link" event on the person, which `verify` follows). The
    rows are reached through the person: the lists live above records, which does not import
    them."""
    rows = list(source.list_records.select_related("victim_list").order_by("pk"))
    rows = [r for r in rows if only is None or r.uid in only]
    if not rows:
        return []
    source.list_records.filter(pk__in=[r.pk for r in rows]).update(person=target)
    uids = sorted(r.uid for r in rows)
    append(
        actor=actor,
        action="link",
        model=PERSON,
        object_id=target.pk,
        after={"list_records": uids},
    )
    return uids


def _mark_merged(
    other: Person, keep: Person, moved: dict[str, Any], *, actor: str, why: str
) -> None:
    """Mark ``other`` deleted, its event saying into whom and what moved (beside its fields:
    `verify` compares only the fields a row has)."""
    before = snapshot(other)
    other.is_deleted = True
    other.save()
    append(
        actor=actor,
        action="update",
        model=PERSON,
        object_id=other.pk,
        before=before,
        after={**snapshot(other), "merged_into": keep.pk, "merge": moved},
        reason=why,
    )


def _merge_record(person: Person) -> dict[str, Any] | None:
    """What the event that merged ``person`` says (into whom, what moved), while it is still
    merged: the latest update that marked it merged, unless a later one restored it."""
    event = _merge_event(person)
    return None if event is None else event.after


def _merge_event(person: Person) -> AuditEvent | None:
    """The event that marked ``person`` merged, while it is still merged (see above)."""
    events = AuditEvent.objects.filter(model=PERSON, object_id=str(person.pk), action="update")
    for event in events.order_by("-seq").only("seq", "after").iterator():
        after = event.after
        if isinstance(after, dict) and "merged_into" in after:
            return event
        if isinstance(after, dict) and after.get("is_deleted") is False:
            return None
    return None


def merged_into(person: Person) -> int | None:
    """The id of the person ``person`` was merged into, while it stays merged (else None)."""
    if not person.is_deleted:
        return None
    merge = _merge_record(person)
    return None if merge is None else int(merge["merged_into"])


def current_person(person: Person) -> Person:
    """The live person an id now stands for: ``person``, or the one it was merged into (and so
    on, when that one was merged in turn). An old link redirects here."""
    seen = {person.pk}
    while (into := merged_into(person)) is not None and into not in seen:
        found = Person.objects.filter(pk=into).first()
        if found is None:
            break
        person = found
        seen.add(person.pk)
    return person


def merged_from(keep: Person) -> list[Person]:
    """The people merged into ``keep`` and still merged, oldest first: their own fields (a
    second birth date, another father's name) are read beside ``keep``'s."""
    events = AuditEvent.objects.filter(model=PERSON, action="update", after__merged_into=keep.pk)
    ids = dict.fromkeys(int(i) for i in events.order_by("seq").values_list("object_id", flat=True))
    people = Person.objects.filter(pk__in=ids, is_deleted=True).in_bulk()
    return [people[i] for i in ids if i in people and merged_into(people[i]) == keep.pk]


def unmerge(person: Person, *, actor: str, reason: str, reader: Any = None) -> Person:
    """Take back the merge of ``person``: it is restored, and what moved from it to the person
    it was merged into moves back (what was changed since stays where it is now); a collapsed
    name or accusation is made again, and the kept person's level, the levels of the element
    links the merge raised and the filled fields go back to what they were, where nothing
    still merged into it holds them up and no one changed them since. Each change audited.

    Raises:
        MergeError: no reason, ``person`` not merged, or its kept person merged in turn.
    """
    if not reason.strip():
        raise MergeError(
            "say why the merge is taken back (a reason is required)", "reason_required"
        )
    if reader is not None and not _readable(person, reader):
        raise MergeError(f"no person {person.pk} that you may read", "unreadable", person=person.pk)
    event = _merge_event(person) if person.is_deleted else None
    if event is None:
        raise MergeError(f"person {person.pk} is not merged", "not_merged", person=person.pk)
    merge: dict[str, Any] = event.after or {}
    keep = Person.objects.get(pk=merge["merged_into"])
    if keep.is_deleted:
        raise MergeError(
            f"person {keep.pk}, which person {person.pk} was merged into, was merged or deleted "
            f"since: unmerge or restore person {keep.pk} first",
            "keep_gone",
            person=person.pk,
            keep=keep.pk,
        )
    moved: dict[str, Any] = merge["merge"]
    why = UNMERGE_REASON.format(person=person.pk, keep=keep.pk, reason=reason.strip())
    with transaction.atomic():
        update_record(person, {"is_deleted": False}, actor=actor, reason=why)
        _move_back(moved, keep, person, actor=actor, why=why)
        _restore_keep(keep, person, moved, event.seq, actor=actor, why=why)
        _lower_links(moved.get("links", {}), event.seq, keep, actor=actor, why=why)
    return person


def _move_back(
    moved: dict[str, Any], keep: Person, person: Person, *, actor: str, why: str
) -> None:
    references: dict[str, tuple[type[models.Model], str]] = {
        **MOVED,
        "names": (Name, "person"),
        "accusations": (Accused, "person"),
    }
    for kind, (model, name) in references.items():
        rows = model._default_manager.filter(pk__in=moved.get(kind, []), **{name: keep})
        for row in rows.order_by("pk"):
            update_record(row, {name: person}, actor=actor, reason=why)
    for collapsed in moved.get("collapsed_names", []):
        _split_name(collapsed, person, actor=actor, why=why)
    for accused in moved.get("dropped_accusations", []):
        case = Case.objects.get(pk=accused["case_id"])
        if not Accused.objects.filter(case=case, person=person).exists():
            accuse(case, person, actor=actor, reason=why)
    _move_list_records(keep, person, actor=actor, only=set(moved.get("list_records", [])))


def _split_name(collapsed: dict[str, Any], person: Person, *, actor: str, why: str) -> None:
    """Make a collapsed name again for ``person``, citing its own passages, and let the name it
    joined stop citing those it brought (while it keeps one of its own)."""
    old = collapsed["name"]
    excerpts = list(Excerpt.objects.filter(pk__in=old["excerpts"]).select_related("source"))
    if excerpts:
        spec = NameSpec(old["text"], old["script"], excerpts, old["kind"])
        add_names(person, [spec], actor=actor)
    joined = Name.objects.filter(pk=collapsed["into"]).first()
    if joined is None:
        return
    brought = list(joined.excerpts.filter(pk__in=collapsed["added"]))
    if brought and joined.excerpts.exclude(pk__in=[e.pk for e in brought]).exists():
        uncite(joined, brought, actor=actor, reason=why)


def _restore_keep(
    keep: Person, person: Person, moved: dict[str, Any], since: int, *, actor: str, why: str
) -> None:
    """The kept person's level and filled fields as before the merge, where no one still
    merged into it gives them (the level never below what cites it: see ``update_record``)."""
    still = [p for p in merged_from(keep) if p.pk != person.pk]
    changes: dict[str, Any] = {}
    for name, givers in moved.get("filled", {}).items():
        if not any(p.pk in givers for p in still) and _value(keep, name) == _value(person, name):
            changes[name] = None if name in {"birth_date", "birthplace"} else ""
    before = moved["level"][0]
    # Lowered only from the level the merge gave it (or an unmerge of another merged person
    # left it at; not one someone chose since), and only as far as those still merged into it
    # and what still names it allow.
    level = most_protected([before, cited_level(keep), *(p.confidentiality for p in still)])
    if _lower(level, keep.confidentiality) and not _level_changed_since(keep, since, keep):
        changes["confidentiality"] = level
    if changes:
        update_record(keep, changes, actor=actor, reason=why)


def _lower_links(
    raised: dict[str, list[str]], since: int, keep: Person, *, actor: str, why: str
) -> None:
    """Each link the merge raised goes back to its level before the merge, or as near as what
    it now cites and rests on allows (a person still merged into ``keep`` may hold it up). A
    link whose level someone changed since the merge stays as it is: a revert never undoes a
    later change, and a link raised by hand was raised for a reason."""
    links = ElementLink.objects.filter(pk__in=[int(pk) for pk in raised]).order_by("pk")
    for link in links.select_related("person", "claim", "incident", "tenure__post__organization"):
        if _level_changed_since(link, since, keep):
            continue
        floor = stored_link_floor(link)
        level = most_protected([raised[str(link.pk)][0], floor])
        if _lower(level, link.confidentiality):
            update_record(link, {"confidentiality": level}, actor=actor, reason=why)


def _lower(level: str, than: str) -> bool:
    return CONFIDENTIALITY_ORDER.index(level) < CONFIDENTIALITY_ORDER.index(than)


def _level_changed_since(record: models.Model, since: int, keep: Person) -> bool:
    """Whether anything but an unmerge from ``keep`` (of another person of the same merge,
    which lowered it only as far as the people still merged allowed) changed the level of
    ``record`` (``keep`` or a link) after the audit event ``since``."""
    events = AuditEvent.objects.filter(
        model=record._meta.label, object_id=str(record.pk), seq__gt=since
    )
    for event in events.only("before", "after", "reason").iterator():
        before, after = event.before or {}, event.after or {}
        if before.get("confidentiality") == after.get("confidentiality"):
            continue
        if not re.match(rf"unmerge of person \d+ from person {keep.pk}: ", event.reason):
            return True
    return False
