"""Edit (with a reason), soft delete, the history tab from the audit log, and revert.

Nothing here rewrites history: an edit, a delete and a revert each append a new audit event
through `update_record`/`soft_delete`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khavaran.audit.models import AuditEvent
from khavaran.evidence.access import sources_visible_to
from khavaran.records import access
from khavaran.records.actions import TooOpen, soft_delete, update_record
from khavaran.records.models import (
    Case,
    Claim,
    Incident,
    Organization,
    Person,
    Place,
    Post,
    Tenure,
)
from khavaran.records.snapshots import label_of
from khavaran.web.forms import LabelledEditForm, ReasonForm
from khavaran.web.permissions import EDITORS, HISTORY_READERS, can_edit, requires
from khavaran.web.queries import places_visible_to
from khavaran.web.templatetags.khavaran import vocab


@dataclass(frozen=True)
class Kind:
    """A record kind the web can edit: its model, its gate, the fields a person may change."""

    model: type[Model]
    visible: Callable[[Any], QuerySet[Any]]
    fields: tuple[str, ...]
    url: str


KINDS: dict[str, Kind] = {
    "person": Kind(
        Person,
        access.people_visible_to,
        ("father_name", "gender", "notes", "confidentiality"),
        "/people/{pk}/",
    ),
    "organization": Kind(
        Organization,
        access.organizations_visible_to,
        ("name", "name_fa", "kind", "confidentiality"),
        "/organizations/{pk}/",
    ),
    "post": Kind(Post, access.posts_visible_to, ("title", "confidentiality"), "/posts/"),
    "tenure": Kind(Tenure, access.tenures_visible_to, ("confidence",), "/tenures/"),
    "place": Kind(
        Place, places_visible_to, ("name", "name_fa", "kind", "confidentiality"), "/places/"
    ),
    "incident": Kind(
        Incident,
        access.incidents_visible_to,
        ("title", "kind", "place_text", "description", "confidentiality"),
        "/incidents/{pk}/",
    ),
    "claim": Kind(
        Claim,
        access.claims_visible_to,
        (
            "question",
            "predicate",
            "subject_text",
            "value_text",
            "value_number",
            "value_min",
            "value_max",
            "qualifier",
            "attributed_to",
        ),
        "/claims/{pk}/",
    ),
    "case": Kind(
        Case, access.cases_visible_to, ("title", "description", "confidentiality"), "/cases/{pk}/"
    ),
}


def _kind(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404("no such kind of record")
    return KINDS[slug]


def _record(request: HttpRequest, slug: str, pk: int) -> tuple[Kind, Any]:
    kind = _kind(slug)
    return kind, access.get_visible(kind.visible(request.user), pk)


def events_for(model: str, pk: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(model=model, object_id=str(pk)).order_by("-seq")


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


@requires(HISTORY_READERS)
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A record's history; a case's includes its accusations and links, and an element link
    (`link`, not editable here) has its own."""
    if slug == "link":
        return _link_history(request, pk)
    kind, obj = _record(request, slug, pk)
    if slug == "case":
        return _case_history(request, obj)
    context = {
        "object": obj,
        "slug": slug,
        "events": events_for(label_of(obj), pk),
        "url": kind.url.format(pk=pk),
        "can_edit": can_edit(request.user),
    }
    return render(request, "khavaran/history/history.html", context)


@requires(EDITORS)  # a source's snapshots name its origin: the donor, the archive
def source_history(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.get_visible(sources_visible_to(request.user), pk)
    context = {
        "object": source,
        "slug": "source",
        "events": events_for("evidence.Source", pk),
        "url": f"/sources/{pk}/",
        "can_edit": False,
    }
    return render(request, "khavaran/history/history.html", context)


def edit_form_class(kind: Kind) -> type[django_forms.ModelForm[Any]]:
    base = django_forms.modelform_factory(
        kind.model, form=LabelledEditForm, fields=list(kind.fields)
    )
    return type("EditForm", (base, ReasonForm), {})


@requires(EDITORS)
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind, obj = _record(request, slug, pk)
    form_class = edit_form_class(kind)
    form = form_class(request.POST or None, instance=kind.model._default_manager.get(pk=obj.pk))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in kind.fields if f in form.changed_data}
        try:
            update_record(
                obj, changes, actor=request.user.get_username(), reason=form.cleaned_data["reason"]
            )
            return redirect(kind.url.format(pk=pk))
        except TooOpen as error:
            form.add_error("confidentiality", too_open_message(error))
    return render(
        request,
        "khavaran/history/edit.html",
        {"form": form, "object": obj, "slug": slug, "url": kind.url.format(pk=pk)},
        status=400 if form.errors else 200,
    )


@requires(EDITORS)
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind, obj = _record(request, slug, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        soft_delete(obj, actor=request.user.get_username(), reason=form.cleaned_data["reason"])
        return redirect("home")
    return render(
        request,
        "khavaran/history/delete.html",
        {"form": form, "object": obj, "slug": slug, "url": kind.url.format(pk=pk)},
        status=400 if form.errors else 200,
    )


def too_open_message(error: TooOpen) -> str:
    return _(
        "Not saved: it cites a source that is %(floor)s, so it cannot be %(asked)s. "
        "Choose %(floor)s or a more protected level."
    ) % {
        "floor": vocab("confidentiality", error.floor),
        "asked": vocab("confidentiality", error.asked),
    }


def revert_changes(kind: Kind, obj: Any, event: AuditEvent) -> dict[str, Any]:
    """The editable fields as they were before `event` (only those that differ now)."""
    before = event.before or {}
    fields = (*kind.fields, "is_deleted")
    return {f: before[f] for f in fields if f in before and getattr(obj, f) != before[f]}


@requires(EDITORS)
def revert(request: HttpRequest, slug: str, pk: int, seq: int) -> HttpResponse:
    kind = _kind(slug)
    # A deleted record can be reverted too: look it up among all, then check its level.
    obj = access.get_visible(kind.model._default_manager.all(), pk)
    if not request.user.may_read(getattr(obj, "confidentiality", "public")):  # type: ignore[union-attr]
        raise Http404("not found")
    event = AuditEvent.objects.filter(model=label_of(obj), object_id=str(pk), seq=seq).first()
    if event is None or event.before is None:
        raise Http404("no such change")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = _("revert of change #%(seq)s: %(reason)s") % {
            "seq": seq,
            "reason": form.cleaned_data["reason"],
        }
        try:
            update_record(
                obj,
                revert_changes(kind, obj, event),
                actor=request.user.get_username(),
                reason=reason,
            )
            return redirect(f"/history/{slug}/{pk}/")
        except TooOpen as error:
            form.add_error(None, too_open_message(error))
    return render(
        request,
        "khavaran/history/revert.html",
        {"form": form, "object": obj, "event": event, "slug": slug},
        status=400 if form.errors else 200,
    )
