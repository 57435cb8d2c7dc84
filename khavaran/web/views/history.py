"""Edit (with a reason), delete, restore, the history tab from the audit log, and revert.

Nothing here rewrites history: an edit, a delete, a restore and a revert each append a new
audit event through the records' actions. A deleted record's history stays readable to those
who read histories, with a Restore button; a merged person's goes to unmerge instead (a plain
restore would bring back a person emptied by the merge).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khavaran.accounts.access import clearance_of
from khavaran.analysis.access import lists_visible_to
from khavaran.audit.chain import canonical
from khavaran.audit.models import AuditEvent
from khavaran.evidence.access import sources_visible_to
from khavaran.evidence.models import Excerpt
from khavaran.records import access
from khavaran.records.actions import (
    BadValue,
    TooOpen,
    delete_name,
    soft_delete,
    update_record,
)
from khavaran.records.merging import merged_into
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
from khavaran.records.snapshots import label_of, snapshot
from khavaran.vocabulary import CONFIDENTIALITY_ORDER
from khavaran.web.edit_forms import EDIT_FORMS
from khavaran.web.forms import FIELD_LABELS, LabelledEditForm, ReasonForm, value_message
from khavaran.web.permissions import ADMINS, EDITORS, HISTORY_READERS, can_edit, requires
from khavaran.web.record_kinds import (
    KINDS,
    SLUGS,
    Kind,
    model_label,
    readable_rows,
    record_url,
    title_of,
    withdrawn_rows,
)
from khavaran.web.templatetags.khavaran import moment, vocab

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
# "merge of person 12 into person 10: …", "merge of persons 12, 13 into person 10: …"
MERGE_REASON = re.compile(r"^merge of persons? ([0-9, ]+) into person ([0-9]+):")


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404("no such kind of record")
    return KINDS[slug]


def _record(request: HttpRequest, slug: str, pk: int, *, deleted: bool = False) -> tuple[Kind, Any]:
    """The record through its gate; with `deleted`, a deleted one the reader may read too."""
    kind = _kind(slug)
    found = kind.visible(request.user).filter(pk=pk).first()
    if found is None and deleted:
        found = withdrawn_rows(kind.model, request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("not found")
    return kind, found


def events_for(model: str, pk: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(model=model, object_id=str(pk)).order_by("-seq")


def _gone_but_readable(user: Any, events: QuerySet[AuditEvent], gone: set[str]) -> set[str]:
    """Of rows removed for good (a deleted name), those whose last snapshot cites a passage
    from a source `user` may read."""
    readable = set()
    for object_id, before in events.filter(object_id__in=gone, action="delete").values_list(
        "object_id", "before"
    ):
        cited = (before or {}).get("excerpts") or []
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


@dataclass(frozen=True)
class Row:
    """One line of a history page: the event, the record it changed when that is not the page's
    own (a person's name), and where to revert it (empty when it cannot be)."""

    e: AuditEvent
    subject: str
    revert_url: str


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
    named = {e.object_id for e in listed if e.model == "records.Name"}
    names = {str(pk) for pk in Name.objects.filter(pk__in=named).values_list("pk", flat=True)}
    rows = []
    for event in listed:
        own = event.model == label_of(obj)
        event_slug = slug if own else SLUGS[event.model]
        subject = "" if own else f"{KINDS[event_slug].label} #{event.object_id}"
        # A removed name cannot be reverted: its row is gone (the log keeps it whole).
        gone = event_slug == "name" and event.object_id not in names
        revert_url = "" if gone else _revert_url(user, event, event_slug)
        rows.append(Row(readable_event(user, event), subject, revert_url))
    return rows


def case_events(user: Any, case: Case) -> QuerySet[AuditEvent]:
    """A case's own events, those of its accusations (of people `user` may read; a withdrawn
    one's row is gone, so they are found by the case their snapshot names) and those of its
    links `user` may read, deleted ones included."""
    people = set(access.people_visible_to(user).values_list("pk", flat=True))
    accused = AuditEvent.objects.filter(model="records.Accused").filter(
        Q(after__case_id=case.pk) | Q(before__case_id=case.pk)
    )
    accused_ids = {
        e.object_id for e in accused if ((e.after or e.before or {}).get("person_id")) in people
    }
    links = access.element_links_visible_to(user, deleted=True).filter(case=case)
    link_ids = [str(pk) for pk in links.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(
        Q(model=label_of(case), object_id=str(case.pk))
        | Q(model="records.Accused", object_id__in=accused_ids)
        | Q(model="records.ElementLink", object_id__in=link_ids)
    ).order_by("-seq")


def _case_history(request: HttpRequest, case: Case) -> HttpResponse:
    context = {
        "object": case,
        "events": case_events(request.user, case),
        "url": f"/cases/{case.pk}/",
        "can_edit": can_edit(request.user),
    }
    return render(request, "khavaran/cases/history.html", context)


def _link_history(request: HttpRequest, pk: int) -> HttpResponse:
    """One element link's history, for those who may read the link (deleted or not)."""
    link = access.get_visible(access.element_links_visible_to(request.user, deleted=True), pk)
    context = {
        "object": link,
        "events": events_for(label_of(link), pk),
        "url": f"/cases/{link.case_id}/#link-{pk}",
        "can_edit": False,
    }
    return render(request, "khavaran/cases/history.html", context)


def _merged_into_readable(user: Any, obj: Any) -> int | None:
    """The person a merged `obj` went into, when `user` may read that one."""
    into = merged_into(obj) if isinstance(obj, Person) else None
    if into is None or not readable_rows(Person, user).filter(pk=into).exists():
        return None
    return into


@requires(HISTORY_READERS)
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A record's history, deleted or not; a case's includes its accusations and links, and an
    element link (`link`, not editable here) has its own."""
    if slug == "link":
        return _link_history(request, pk)
    kind, obj = _record(request, slug, pk, deleted=True)
    if slug == "case" and not obj.is_deleted:
        return _case_history(request, obj)
    user = request.user
    merged = isinstance(obj, Person) and merged_into(obj) is not None
    context = {
        "object": obj,
        "title": title_of(user, obj),
        "slug": slug,
        "rows": history_rows(user, slug, obj),
        "url": record_url(kind, obj),
        "can_edit": can_edit(user),
        "deleted": bool(getattr(obj, "is_deleted", False)),
        "merged": merged,
        "merged_into": _merged_into_readable(user, obj),
        "can_unmerge": merged and getattr(user, "role", None) in ADMINS,
        "restore_form": ReasonForm(),
    }
    return render(request, "khavaran/history/history.html", context)


@requires(EDITORS)  # a source's snapshots name its origin: the donor, the archive
def source_history(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.get_visible(sources_visible_to(request.user), pk)
    rows = [Row(e, "", "") for e in events_for("evidence.Source", pk)]
    context = {
        "object": source,
        "title": str(source),
        "slug": "source",
        "rows": rows,
        "url": f"/sources/{pk}/",
        "can_edit": False,
    }
    return render(request, "khavaran/history/history.html", context)


def edit_form_class(kind: Kind) -> type[django_forms.ModelForm[Any]]:
    base = django_forms.modelform_factory(
        kind.model, form=LabelledEditForm, fields=list(kind.fields)
    )
    return type("EditForm", (base, ReasonForm), {})


def _edit_form(request: HttpRequest, slug: str, kind: Kind, obj: Any) -> Any:
    data = request.POST or None
    if slug in EDIT_FORMS:
        return EDIT_FORMS[slug](data, instance=obj, user=request.user)
    # A model form changes its instance while validating: give it a copy of its own.
    return edit_form_class(kind)(data, instance=kind.model._default_manager.get(pk=obj.pk))


def _changes(form: Any, kind: Kind) -> dict[str, Any]:
    if hasattr(form, "changes"):
        return dict(form.changes())
    return {f: form.cleaned_data[f] for f in kind.fields if f in form.changed_data}


@requires(EDITORS)
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind, obj = _record(request, slug, pk)
    form = _edit_form(request, slug, kind, obj)
    # The record as the form was opened on it: a save over someone else's later one would
    # silently undo it (a confidential record made public again by a stale form).
    seen = request.POST.get("seen", "") if request.method == "POST" else seen_state(obj)
    if request.method == "POST" and form.is_valid():
        try:
            # A typed date's new row is kept only with the change that uses it.
            with transaction.atomic():
                current = kind.model._default_manager.select_for_update().get(pk=obj.pk)
                if seen and seen != seen_state(current):
                    raise ChangedSince(current)
                reason = form.cleaned_data["reason"]
                update_record(obj, _changes(form, kind), actor=_actor(request), reason=reason)
            return redirect(record_url(kind, obj))
        except ChangedSince as error:
            form.add_error(None, changed_since_message(error.record))
        except TooOpen as error:
            field = "confidentiality" if "confidentiality" in form.fields else None
            form.add_error(field, too_open_message(error))
        except BadValue as error:
            form.add_error(None, value_message(error))
    context = {
        "form": form,
        "object": obj,
        "title": title_of(request.user, obj),
        "slug": slug,
        "url": record_url(kind, obj),
        "seen": seen,
    }
    return render(
        request, "khavaran/history/edit.html", context, status=400 if form.errors else 200
    )


class ChangedSince(Exception):
    """The record was saved by someone else after the edit form was opened."""

    def __init__(self, record: Any) -> None:
        super().__init__(f"{label_of(record)} {record.pk} changed since the form was opened")
        self.record = record


def seen_state(obj: Any) -> str:
    """A digest of the record as stored (its audited snapshot), which an edit form carries."""
    state = json.dumps(snapshot(obj), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def changed_since_message(record: Any) -> str:
    last = (
        AuditEvent.objects.filter(model=label_of(record), object_id=str(record.pk))
        .order_by("-seq")
        .first()
    )
    if last is None:
        return _("This record was changed since you opened this form: nothing was saved.")
    return _(
        "%(actor)s changed this record at %(when)s, after you opened this form: nothing was "
        "saved. Reload the page to see their change, then make yours again."
    ) % {"actor": last.actor, "when": moment(last.at)}


def _actor(request: HttpRequest) -> str:
    return str(request.user.get_username())


def _delete_name(request: HttpRequest, name: Name, form: ReasonForm) -> HttpResponse | None:
    """Remove a name, but never a person's last one (a person is known by a name)."""
    if not Name.objects.filter(person_id=name.person_id).exclude(pk=name.pk).exists():
        form.add_error(
            None,
            _("This is the person's only name: add the right name first, then remove this one."),
        )
        return None
    raised = delete_name(name, actor=_actor(request), reason=form.cleaned_data["reason"])
    messages.success(request, _("Name removed. It stays in the person's history below."))
    if raised is not None:
        messages.info(
            request,
            _("The person is now %(level)s: no less protected source names them any more.")
            % {"level": vocab("confidentiality", raised)},
        )
    return redirect(f"/history/person/{name.person_id}/")


@requires(EDITORS)
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind, obj = _record(request, slug, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if isinstance(obj, Name):
            done = _delete_name(request, obj, form)
            if done is not None:
                return done
        else:
            soft_delete(obj, actor=_actor(request), reason=form.cleaned_data["reason"])
            messages.success(
                request, _("Deleted. Its history stays here, where it can be restored.")
            )
            return redirect(f"/history/{slug}/{pk}/")
    context = {
        "form": form,
        "object": obj,
        "title": title_of(request.user, obj),
        "slug": slug,
        "url": record_url(kind, obj),
    }
    return render(
        request, "khavaran/history/delete.html", context, status=400 if form.errors else 200
    )


@requires(EDITORS)
def restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Undo a deletion (an audited change of its own, with a reason). A merged person is
    taken back by unmerging, which brings back what moved."""
    kind = _kind(slug)
    obj = withdrawn_rows(kind.model, request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404("no such deleted record")
    if isinstance(obj, Person) and merged_into(obj) is not None:
        return redirect(f"/people/{pk}/unmerge/")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        update_record(obj, {"is_deleted": False}, actor=_actor(request), reason=reason)
        messages.success(request, _("Restored."))
        return redirect(record_url(kind, obj))
    context = {"form": form, "object": obj, "title": title_of(request.user, obj), "slug": slug}
    return render(
        request, "khavaran/history/restore.html", context, status=400 if form.errors else 200
    )


def too_open_message(error: TooOpen) -> str:
    return _(
        "Not saved: it cites a source that is %(floor)s, so it cannot be %(asked)s. "
        "Choose %(floor)s or a more protected level."
    ) % {
        "floor": vocab("confidentiality", error.floor),
        "asked": vocab("confidentiality", error.asked),
    }


@dataclass(frozen=True)
class Revert:
    """What reverting a change does: the fields it puts back (by attname, the value before
    that change), and why it leaves others as they are, in sentences for the page."""

    changes: dict[str, Any]
    refused: list[str]


def revert_plan(kind: Kind, obj: Any, event: AuditEvent) -> Revert:
    """Only the fields `event` changed, and only where they still hold what it made them: a
    later change is never overwritten (a person raised to confidential since stays so), a
    revert never lowers a level, and it never brings back a deleted record (restore does)."""
    before, after = event.before or {}, event.after or {}
    now = canonical(snapshot(obj))
    changes: dict[str, Any] = {}
    refused: list[str] = []
    if getattr(obj, "is_deleted", False) or after.get("is_deleted") is True:
        refused.append(
            _("A revert does not bring back a deleted record: restore is its own action.")
        )
        return Revert({}, refused)
    for field in _editable(kind):
        if field not in before or field not in after or before[field] == after[field]:
            continue
        label = field_label(field)
        if now.get(field) != after[field]:
            refused.append(
                _("%(field)s was changed again after this change: it stays as it is now.")
                % {"field": label}
            )
        elif field == "confidentiality" and _lowers(now[field], before[field]):
            refused.append(
                _("%(field)s stays as it is: a revert never lowers a level.") % {"field": label}
            )
        else:
            changes[field] = before[field]
    return Revert(changes, refused)


def _editable(kind: Kind) -> list[str]:
    """The fields a person may change, by the names a snapshot keeps them under."""
    fields = (kind.model._meta.get_field(f) for f in kind.fields)
    return [getattr(f, "attname", f.name) for f in fields]


def _lowers(now: str, back: str) -> bool:
    return CONFIDENTIALITY_ORDER.index(back) < CONFIDENTIALITY_ORDER.index(now)


def field_label(field: str) -> str:
    """A field as the edit forms and the history name it (a date's by its words' key)."""
    for key in (field, field.removesuffix("_id"), f"{field.removesuffix('_id')}_value"):
        if key in FIELD_LABELS:
            return str(FIELD_LABELS[key])
    return field


def revert_preview(obj: Any, event: AuditEvent, plan: Revert) -> AuditEvent:
    """An unsaved event showing exactly what the revert changes: now → as before (a date's
    words beside its id, as the log keeps them)."""
    now, before = canonical(snapshot(obj)), event.before or {}
    shown = [*plan.changes, *(f"{f.removesuffix('_id')}_value" for f in plan.changes)]
    preview = copy.copy(event)
    preview.before = {f: now.get(f) for f in shown if f in before}
    preview.after = {f: before[f] for f in shown if f in before}
    return preview


def merged_people_of(event: AuditEvent) -> list[int]:
    """The people a merge's event moved things from (empty when it is no merge's)."""
    found = MERGE_REASON.match(event.reason or "")
    return [int(p) for p in found.group(1).split(",")] if found else []


@requires(EDITORS)
def revert(request: HttpRequest, slug: str, pk: int, seq: int) -> HttpResponse:
    kind, obj = _record(request, slug, pk, deleted=True)
    event = AuditEvent.objects.filter(model=label_of(obj), object_id=str(pk), seq=seq).first()
    if event is None or event.before is None:
        raise Http404("no such change")
    # A merge is taken back whole, by unmerging: reverting the event that marked a person
    # merged (or any change of a merged person) would bring back a person emptied by it.
    merged = isinstance(obj, Person) and merged_into(obj) is not None
    if merged or (isinstance(event.after, dict) and "merged_into" in event.after):
        return redirect(f"/people/{pk}/unmerge/")
    form = ReasonForm(request.POST or None)
    part_of_merge = merged_people_of(event)
    if request.method == "POST" and form.is_valid() and not part_of_merge:
        try:
            if _revert(request, kind, obj, event, form.cleaned_data["reason"]):
                return redirect(f"/history/{slug}/{pk}/")
            form.add_error(None, _("Nothing to revert: this change was undone or changed since."))
        except TooOpen as error:
            form.add_error(None, too_open_message(error))
        except BadValue as error:
            # A state an earlier version let through (no value, or most below least).
            form.add_error(None, value_message(error))
    plan = revert_plan(kind, obj, event)
    context = {
        "form": form,
        "object": obj,
        "title": title_of(request.user, obj),
        "event": event,
        "preview": revert_preview(obj, event, plan),
        "plan": plan,
        "slug": slug,
        "part_of_merge": part_of_merge,
    }
    return render(
        request, "khavaran/history/revert.html", context, status=400 if form.errors else 200
    )


def _revert(request: HttpRequest, kind: Kind, obj: Any, event: AuditEvent, why: str) -> bool:
    """Put back what `event` changed, planned on the row locked as it is now (a change saved
    meanwhile is not overwritten); False when there is nothing left to put back."""
    reason = _("revert of change #%(seq)s: %(reason)s") % {"seq": event.seq, "reason": why}
    with transaction.atomic():
        current = kind.model._default_manager.select_for_update().get(pk=obj.pk)
        plan = revert_plan(kind, current, event)
        if not plan.changes:
            return False
        update_record(current, plan.changes, actor=_actor(request), reason=reason)
    return True
