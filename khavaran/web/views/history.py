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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khavaran.audit.chain import canonical
from khavaran.audit.damage import missing_events, unconfirmed
from khavaran.audit.models import AuditEvent
from khavaran.evidence.access import sources_visible_to
from khavaran.records import access
from khavaran.records.actions import (
    BadValue,
    TooOpen,
    delete_name,
    soft_delete,
    update_record,
)
from khavaran.records.merging import merged_into
from khavaran.records.models import Case, Name, Person
from khavaran.records.snapshots import label_of, snapshot
from khavaran.vocabulary import CONFIDENTIALITY_ORDER
from khavaran.web.edit_forms import EDIT_FORMS
from khavaran.web.forms import FIELD_LABELS, LabelledEditForm, ReasonForm, value_message
from khavaran.web.permissions import ADMINS, EDITORS, HISTORY_READERS, can_edit, requires
from khavaran.web.record_kinds import (
    KINDS,
    Kind,
    readable_rows,
    record_url,
    title_of,
    withdrawn_rows,
)
from khavaran.web.templatetags.khavaran import moment, vocab
from khavaran.web.views.history_events import (
    case_events,
    events_for,
    history_rows,
    marked_rows,
)

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


def _case_history(request: HttpRequest, case: Case) -> HttpResponse:
    context = {
        "object": case,
        "rows": marked_rows(case_events(request.user, case)),
        "url": f"/cases/{case.pk}/",
        "can_edit": can_edit(request.user),
        "missing_events": missing_events(),
    }
    return render(request, "khavaran/cases/history.html", context)


def _link_history(request: HttpRequest, pk: int) -> HttpResponse:
    """One element link's history, for those who may read the link (deleted or not)."""
    link = access.get_visible(access.element_links_visible_to(request.user, deleted=True), pk)
    context = {
        "object": link,
        "rows": marked_rows(events_for(label_of(link), pk)),
        "url": f"/cases/{link.case_id}/#link-{pk}",
        "can_edit": False,
        "missing_events": missing_events(),
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
        "missing_events": missing_events(),
    }
    return render(request, "khavaran/history/history.html", context)


@requires(EDITORS)  # a source's snapshots name its origin: the donor, the archive
def source_history(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.get_visible(sources_visible_to(request.user), pk)
    context = {
        "object": source,
        "title": str(source),
        "slug": "source",
        "rows": marked_rows(events_for("evidence.Source", pk)),
        "url": f"/sources/{pk}/",
        "can_edit": False,
        "missing_events": missing_events(),
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


def damaged_event_message() -> str:
    return _(
        "The audit chain does not vouch for this event: its content, or its place after the "
        "event before it, does not match — run khavaran verify."
    )


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
    if unconfirmed([event]):
        # Its `before` may not be what was written: nothing is put back from it.
        messages.error(request, damaged_event_message())
        return redirect(f"/history/{slug}/{pk}/")
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
