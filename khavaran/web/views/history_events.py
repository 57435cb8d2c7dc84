"""What a record's history page lists: its events and its parts', cut to what the reader may
read, each marked where the chain does not vouch for it.

A history shows each event as a comparison, before → after. An event whose content or link no
longer holds (`audit.damage`) is listed by its number only, marked, and never offered for a
revert: what it says may not be what was written, and only that row is set apart.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from khavaran.accounts.access import clearance_of
from khavaran.analysis.access import lists_visible_to
from khavaran.audit.damage import unconfirmed
from khavaran.audit.models import AuditEvent
from khavaran.evidence.access import sources_visible_to
from khavaran.evidence.models import Excerpt
from khavaran.records import access
from khavaran.records.models import Accused, Case, Claim, ElementLink, Name, Participant, Tenure
from khavaran.records.snapshots import label_of
from khavaran.vocabulary import CONFIDENTIALITY_ORDER
from khavaran.web.permissions import ADMINS, can_edit
from khavaran.web.record_kinds import KINDS, SLUGS, model_label, readable_rows

# The rows a person's and an incident's history also shows, by the field naming their owner.
RELATED: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (("name", "person_id"), ("tenure", "person_id"), ("participant", "person_id")),
    "incident": (("participant", "incident_id"),),
}
# The rows a merge's event lists by id, by its key (`records.merging`).
MERGE_MOVED: dict[str, type[Any]] = {
    "names": Name,
    "participants": Participant,
    "tenures": Tenure,
    "claims": Claim,
    "attributed_claims": Claim,
    "element_links": ElementLink,
    "accusations": Accused,
}


def events_for(model: str, pk: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(model=model, object_id=str(pk)).order_by("-seq")


def _gone_but_readable(user: Any, events: QuerySet[AuditEvent], gone: set[str]) -> set[str]:
    """Of rows removed for good (a deleted name), those whose last snapshot cites a passage
    from a source `user` may read."""
    readable = set()
    for object_id, before in events.filter(object_id__in=gone, action="delete").values_list(
        "object_id", "before"
    ):
        cited = snapshot_of(before).get("excerpts") or []
        visible = Excerpt.objects.filter(
            pk__in=cited, source__in=sources_visible_to(user).values("pk")
        )
        if visible.exists():
            readable.add(object_id)
    return readable


def _related_events(user: Any, slug: str, pk: int) -> QuerySet[AuditEvent]:
    """The events of the names, tenures and participations of a person (of the participants of
    an incident) that `user` may read, those moved away or removed since included."""
    found = AuditEvent.objects.none()
    for related, field in RELATED.get(slug, ()):
        model = KINDS[related].model
        label = model_label(model)
        events = AuditEvent.objects.filter(model=label).filter(
            Q(**{f"after__{field}": pk}) | Q(**{f"before__{field}": pk})
        )
        ids = set(events.values_list("object_id", flat=True))
        rows = readable_rows(model, user).filter(pk__in=[int(i) for i in ids])
        readable = {str(i) for i in rows.values_list("pk", flat=True)}
        existing = {str(i) for i in model._default_manager.filter(pk__in=ids).values_list("pk")}
        readable |= _gone_but_readable(user, events, ids - {str(i) for i in existing})
        found = found | AuditEvent.objects.filter(model=label, object_id__in=readable)
    return found


def snapshot_of(value: Any) -> dict[str, Any]:
    """An event's `before` or `after` as a mapping: a damaged one may hold any JSON value."""
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Row:
    """One line of a history page: the event, the record it changed when that is not the page's
    own (a person's name), and where to revert it (empty when it cannot be). A `damaged` one
    (the chain does not vouch for it) is shown by its number only."""

    e: AuditEvent
    subject: str
    revert_url: str
    damaged: bool = False


def _revert_url(user: Any, event: AuditEvent, slug: str) -> str:
    merged = isinstance(event.after, dict) and "merged_into" in event.after
    if merged:
        return f"/people/{event.object_id}/unmerge/" if user.role in ADMINS else ""
    if event.before is None or not can_edit(user) or slug == "source":
        return ""
    return f"/revert/{slug}/{event.object_id}/{event.seq}/"


def _readable_ids(model: type[Any], user: Any, ids: Any) -> list[int]:
    """Of the row ids `ids` (a merge's list of what moved), those `user` may read."""
    wanted = [i for i in ids or () if isinstance(i, int)]
    rows: QuerySet[Any]
    if model is ElementLink:
        rows = access.element_links_visible_to(user, deleted=True)
    elif model is Accused:
        rows = Accused.objects.filter(case__in=access.cases_visible_to(user))
    else:
        rows = readable_rows(model, user)
    found = set(rows.filter(pk__in=wanted).values_list("pk", flat=True))
    return [i for i in wanted if i in found]


def _cites_readable(user: Any, snapshot_: dict[str, Any]) -> bool:
    cited = snapshot_.get("excerpts") or []
    readable = sources_visible_to(user).values("pk")
    return Excerpt.objects.filter(pk__in=cited, source__in=readable).exists()


def _readable_uids(user: Any, uids: Any) -> list[str]:
    """List rows (`list_name:row_number`) on the lists `user` may read."""
    lists = set(lists_visible_to(user).values_list("name", flat=True))
    return [u for u in uids or () if str(u).rsplit(":", 1)[0] in lists]


def _readable_merge(user: Any, moved: dict[str, Any]) -> dict[str, Any]:
    """What a merge's event says moved, cut to what `user` may read: the ids of rows they
    may not read, and the whole snapshot of a collapsed name only a hidden source cites,
    would say what the pages keep back."""
    shown = {k: v for k, v in moved.items() if k in ("level", "filled")}
    for kind, model in MERGE_MOVED.items():
        if kind in moved:
            shown[kind] = _readable_ids(model, user, moved[kind])
    shown["collapsed_names"] = [
        c for c in moved.get("collapsed_names", []) if _cites_readable(user, c.get("name") or {})
    ]
    cases = set(access.cases_visible_to(user).values_list("pk", flat=True))
    shown["dropped_accusations"] = [
        a for a in moved.get("dropped_accusations", []) if a.get("case_id") in cases
    ]
    shown["list_records"] = _readable_uids(user, moved.get("list_records"))
    return shown


def readable_event(user: Any, event: AuditEvent) -> AuditEvent:
    """`event` as `user` may read it: a merge's (what moved, what collapsed) and a list link's
    (the list rows) cut to what they may read, for the changes and for the event as recorded;
    whole for a reader at every level. An unsaved copy: the log is never changed."""
    if clearance_of(user) == CONFIDENTIALITY_ORDER[-1] or not isinstance(event.after, dict):
        return event
    after = dict(event.after)
    if isinstance(after.get("merge"), dict):
        after["merge"] = _readable_merge(user, after["merge"])
    elif "list_records" in after:
        after["list_records"] = _readable_uids(user, after["list_records"])
    else:
        return event
    shown = copy.copy(event)
    shown.after = after
    return shown


def history_rows(user: Any, slug: str, obj: Any) -> list[Row]:
    """A record's events, newest first; a person's and an incident's with their parts'."""
    events = events_for(label_of(obj), obj.pk) | _related_events(user, slug, obj.pk)
    listed = list(events.order_by("-seq"))
    damaged = unconfirmed(listed)
    named = {e.object_id for e in listed if e.model == "records.Name"}
    names = {str(pk) for pk in Name.objects.filter(pk__in=named).values_list("pk", flat=True)}
    rows = []
    for event in listed:
        if event.seq in damaged:
            rows.append(Row(event, "", "", damaged=True))
            continue
        own = event.model == label_of(obj)
        event_slug = slug if own else SLUGS[event.model]
        subject = "" if own else f"{KINDS[event_slug].label} #{event.object_id}"
        # A removed name cannot be reverted: its row is gone (the log keeps it whole).
        gone = event_slug == "name" and event.object_id not in names
        revert_url = "" if gone else _revert_url(user, event, event_slug)
        rows.append(Row(readable_event(user, event), subject, revert_url))
    return rows


def marked_rows(events: QuerySet[AuditEvent]) -> list[Row]:
    """Events as rows of their own record's page (a case's, a link's, a source's), the ones
    the chain does not vouch for marked; a revert is offered by the page, not here."""
    listed = list(events)
    damaged = unconfirmed(listed)
    return [Row(e, "", "", damaged=e.seq in damaged) for e in listed]


def case_events(user: Any, case: Case) -> QuerySet[AuditEvent]:
    """A case's own events, those of its accusations (of people `user` may read; a withdrawn
    one's row is gone, so they are found by the case their snapshot names) and those of its
    links `user` may read, deleted ones included."""
    people = set(access.people_visible_to(user).values_list("pk", flat=True))
    accused = AuditEvent.objects.filter(model="records.Accused").filter(
        Q(after__case_id=case.pk) | Q(before__case_id=case.pk)
    )
    accused_ids = {
        e.object_id for e in accused if snapshot_of(e.after or e.before).get("person_id") in people
    }
    links = access.element_links_visible_to(user, deleted=True).filter(case=case)
    link_ids = [str(pk) for pk in links.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(model=label_of(case), object_id=str(case.pk))
        | Q(model="records.Accused", object_id__in=accused_ids)
        | Q(model="records.ElementLink", object_id__in=link_ids)
    ).order_by("-seq")
