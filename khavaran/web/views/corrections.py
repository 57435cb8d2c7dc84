"""Data entry's corrections beside editing: the deleted records (who deleted what, when and
why, each with its history and Restore), citing another passage for a fact already recorded,
and removing an excerpt that nothing cites."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khavaran.audit.models import AuditEvent
from khavaran.evidence.access import excerpts_visible_to, sources_visible_to
from khavaran.evidence.actions import cite_quote
from khavaran.evidence.errors import QuoteNotFound
from khavaran.evidence.excerpt_removal import ExcerptInUse, citers_of, delete_excerpt
from khavaran.records.actions import add_citations
from khavaran.records.merging import merged_into
from khavaran.records.models import Person
from khavaran.web.forms import ReasonForm, RowChoiceField
from khavaran.web.pages import PER_PAGE, page_number
from khavaran.web.permissions import EDITORS, requires
from khavaran.web.record_kinds import (
    KINDS,
    SLUGS,
    Kind,
    model_label,
    record_url,
    title_of,
    withdrawn_rows,
)

# The kinds a deletion hides (a name is removed for good, its trace in its person's history).
DELETABLE = (
    *("claim", "person", "incident", "organization"),
    *("tenure", "participant", "place", "post", "case"),
)
# The kinds that cite passages, and so may cite one more.
CITING = ("claim", "name", "tenure", "participant", "incident", "organization")


@dataclass(frozen=True)
class Deleted:
    """A deleted record as the list shows it: its kind, name, who deleted it, when and why."""

    slug: str
    kind: str
    pk: int
    title: str
    event: AuditEvent | None
    merged_into: int | None


def _deletions(label: str, ids: list[int]) -> dict[str, AuditEvent]:
    """The event that last marked each record deleted."""
    events = AuditEvent.objects.filter(
        model=label, object_id__in=[str(i) for i in ids], after__is_deleted=True
    ).filter(before__is_deleted=False)
    return {e.object_id: e for e in events.order_by("seq")}


def deleted_records(user: Any) -> list[Deleted]:
    """Every deleted record `user` may read, the latest deleted first."""
    found = []
    for slug in DELETABLE:
        kind = KINDS[slug]
        rows = list(withdrawn_rows(kind.model, user))
        events = _deletions(model_label(kind.model), [r.pk for r in rows])
        for row in rows:
            into = merged_into(row) if isinstance(row, Person) else None
            event = events.get(str(row.pk))
            found.append(Deleted(slug, str(kind.label), row.pk, title_of(user, row), event, into))
    return sorted(found, key=lambda d: -(d.event.seq if d.event else 0))


@requires(EDITORS)
def deleted_list(request: HttpRequest) -> HttpResponse:
    found = deleted_records(request.user)
    paginator = Paginator(found, PER_PAGE)
    page = paginator.page(page_number(request.GET.get("page"), paginator.num_pages))
    context = {"deleted": page.object_list, "page": page, "count": len(found)}
    return render(request, "khavaran/history/deleted.html", context)


class CiteMoreForm(ReasonForm):
    """Another passage for a recorded fact: a source and its words as the source has them."""

    source = RowChoiceField(queryset=None, label=gettext_lazy("Source"))
    quote = forms.CharField(
        label=gettext_lazy("The passage"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Copy the words from the source's text; spacing may differ."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["source", "quote", "reason"])
        self.fields["reason"].required = False
        sources = sources_visible_to(user).order_by("title", "pk")
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]


def _citing_record(request: HttpRequest, slug: str, pk: int) -> tuple[Kind, Any]:
    if slug not in CITING:
        raise Http404("this kind of record cites no passages")
    kind = KINDS[slug]
    found = kind.visible(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("not found")
    return kind, found


@requires(EDITORS)
def cite_more(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cite one more passage for a fact: the passage's excerpt is made (or found) and added to
    the fact's citations, raising its level when the source is more protected."""
    kind, obj = _citing_record(request, slug, pk)
    form = CiteMoreForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data, actor = form.cleaned_data, str(request.user.get_username())
        try:
            with transaction.atomic():
                excerpt = cite_quote(data["source"], data["quote"], actor=actor)
                add_citations(obj, [excerpt], actor=actor, reason=data["reason"])
            messages.success(request, _("Passage cited."))
            return redirect(record_url(kind, obj))
        except QuoteNotFound:
            form.add_error(
                "quote",
                _("These words are not in the text of source %(n)s.") % {"n": data["source"].pk},
            )
    context = {"form": form, "object": obj, "title": title_of(request.user, obj), "slug": slug}
    context["url"] = record_url(kind, obj)
    return render(
        request, "khavaran/history/cite_more.html", context, status=400 if form.errors else 200
    )


def citer_words(citers: list[Any]) -> str:
    """What cites an excerpt, as a reader names it: "Claim 21, Name 4 (deleted)"."""
    words = []
    for citer in citers:
        slug = SLUGS.get(citer.model)
        kind = str(KINDS[slug].label) if slug else citer.model
        # The kind and its id as the reader's language orders them ("Claim 21"); ids stay Latin.
        shown = _("%(kind)s %(id)s") % {"kind": kind, "id": citer.pk}
        words.append(_("%(record)s (deleted)") % {"record": shown} if citer.deleted else shown)
    return ", ".join(words)


@requires(EDITORS)
def excerpt_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an excerpt made by mistake; refused, naming them, while anything cites it."""
    excerpt = excerpts_visible_to(request.user).select_related("source").filter(pk=pk).first()
    if excerpt is None:
        raise Http404("no such excerpt")
    form = ReasonForm(request.POST or None)
    citers = citers_of(excerpt)
    if request.method == "POST" and form.is_valid():
        try:
            actor = str(request.user.get_username())
            delete_excerpt(excerpt, actor=actor, reason=form.cleaned_data["reason"])
            messages.success(request, _("Excerpt removed."))
            return redirect(f"/sources/{excerpt.source_id}/")
        except ExcerptInUse as error:
            citers = error.citers
            form.add_error(None, _cited_message(citers))
    context = {"form": form, "excerpt": excerpt, "cited_by": citer_words(citers)}
    return render(
        request, "khavaran/history/excerpt_delete.html", context, status=400 if form.errors else 200
    )


def _cited_message(citers: list[Any]) -> str:
    return _("Not removed: %(records)s cite this excerpt. Remove it from them first.") % {
        "records": citer_words(citers)
    }
