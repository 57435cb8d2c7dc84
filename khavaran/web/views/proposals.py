"""The extraction review queue in the workspace (issue 6): the sources with pending proposals,
and one source's text with every pending proposal marked in place beside Accept / Reject.

Deciding follows `khavaran review`: investigators and admins decide (the facts are made by
`khavaran.extract.accept` through the records actions); analysts and reviewers may look. Every
row is found through `proposals_visible_to`, so a source above the reader's clearance is a 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khavaran.evidence.access import get_source_for_user
from khavaran.evidence.models import Source
from khavaran.extract.accept import Choices, ReviewError, accept_and_say, reject
from khavaran.extract.models import Status, StoredProposal
from khavaran.extract.queue import proposals_visible_to
from khavaran.extract.seen import as_seen_by
from khavaran.records import access
from khavaran.records.models import Incident
from khavaran.vocabulary import PARTICIPANT_ROLES, label
from khavaran.web.forms import RowChoiceField
from khavaran.web.permissions import ALL_ROLES, EDITORS, can_edit, requires
from khavaran.web.rendering import reader_digits

# Proposals are suggestions drawn from sources the reader may already open; only the public
# viewer role (and the anonymous) is kept out, as from the rest of the workspace.
WATCHERS = ALL_ROLES - {"viewer"}
KIND_LABELS = {
    "mention": gettext_lazy("Mention"),
    "quote": gettext_lazy("Quote"),
    "claim": gettext_lazy("Number claim"),
    "date": gettext_lazy("Date"),
    "relation": gettext_lazy("Relation"),
    "defect": gettext_lazy("Defect"),
}
DETAIL_LABELS = {
    "entity_type": gettext_lazy("entity"),
    "speaker": gettext_lazy("speaker"),
    "attributed_to": gettext_lazy("attributed to"),
    "value": gettext_lazy("value"),
    "normalized_date": gettext_lazy("normalized date"),
    "relation": gettext_lazy("relation"),
    "subject": gettext_lazy("subject"),
    "object": gettext_lazy("object"),
}
# Where a fact made by an accept is shown, by its model label.
RESULT_PAGES = {
    "records.Person": "/people/{}/",
    "records.Claim": "/claims/{}/",
    "records.Organization": "/organizations/{}/",
    "records.Incident": "/incidents/{}/",
}


class AcceptForm(forms.Form):
    """What a reviewer may add to an accept (`Choices`); the incident is a readable one."""

    question = forms.CharField(required=False, max_length=250)
    incident = RowChoiceField(queryset=Incident.objects.none(), required=False)
    role = forms.ChoiceField(
        choices=[("", "")] + [(r, r) for r in PARTICIPANT_ROLES], required=False
    )

    def __init__(self, *args: Any, incidents: QuerySet[Incident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents  # type: ignore[attr-defined]

    def choices(self) -> Choices:
        data = self.cleaned_data
        return Choices(
            question=data["question"].strip(), incident=data["incident"], role=data["role"]
        )


def text_with_proposals(text: str, rows: Sequence[StoredProposal]) -> SafeString:
    """The text, escaped, each proposal's span wrapped in `<mark>` (overlaps split).

    A mark carries its proposals' kinds as classes and in `data-kind`, and their ids in
    `data-proposals`; an empty anchor `#proposal-at-N` marks where proposal N starts. The marks
    add no characters: offsets are Python character offsets into `Source.text`.
    """
    spans = [r for r in rows if 0 <= r.start < r.end <= len(text)]
    points = sorted({0, len(text), *(r.start for r in spans), *(r.end for r in spans)})
    parts: list[str] = []
    for start, end in pairwise(points):
        parts.extend(f'<span id="proposal-at-{r.pk}"></span>' for r in spans if r.start == start)
        piece = escape(text[start:end])
        covering = [r for r in spans if r.start <= start and end <= r.end]
        if not covering:
            parts.append(piece)
            continue
        kinds = " ".join(sorted({r.kind for r in covering}))
        ids = " ".join(str(r.pk) for r in covering)
        parts.append(
            f'<mark class="proposal {kinds}" data-kind="{kinds}" data-proposals="{ids}">'
            f"{piece}</mark>"
        )
    return mark_safe("".join(parts))


def _details(row: StoredProposal) -> list[tuple[str, str]]:
    return [
        (str(label), str(row.payload[key]))
        for key, label in DETAIL_LABELS.items()
        if row.payload.get(key) not in (None, "")
    ]


def _wants_participation(row: StoredProposal) -> bool:
    # accept.py makes a Participant only from a person mention or a relation about a person.
    entity = row.payload.get("entity_type")
    return (row.kind == "mention" and entity == "person") or row.kind == "relation"


def _role_choices() -> list[tuple[str, str]]:
    lang = "fa" if (get_language() or "en").startswith("fa") else "en"
    return [(role, label("participant_role", role, lang)) for role in PARTICIPANT_ROLES]


def _panel(request: HttpRequest, source: Source) -> dict[str, Any]:
    """What `_panel.html` shows: the marked text and each pending proposal with its forms."""
    rows = as_seen_by(
        request.user,
        list(
            proposals_visible_to(request.user)
            .filter(source=source, status=Status.PENDING)
            .order_by("start", "end", "kind", "pk")
        ),
    )
    items = [
        {
            "row": row,
            "label": KIND_LABELS.get(row.kind, row.kind),
            "details": _details(row),
            "asks_question": row.kind in ("claim", "quote"),
            "asks_incident": _wants_participation(row),
        }
        for row in rows
    ]
    needs_incidents = any(item["asks_incident"] for item in items)
    incidents = (
        access.incidents_visible_to(request.user).order_by("title") if needs_incidents else []
    )
    return {
        "source": source,
        "text_html": text_with_proposals(source.text, rows),
        "items": items,
        "incidents": list(incidents),
        "roles": _role_choices(),
        "can_decide": can_edit(request.user),
        "rtl": source.language == "fa",
    }


@requires(WATCHERS)
def review_queue(request: HttpRequest) -> HttpResponse:
    """Every readable source with pending proposals, and how many."""
    pending = (
        proposals_visible_to(request.user)
        .filter(status=Status.PENDING)
        .values("source_id", "source__title", "source__kind", "source__confidentiality")
        .annotate(pending=Count("id"))
        .order_by("source_id")
    )
    return render(request, "khavaran/review/queue.html", {"queues": list(pending)})


@requires(WATCHERS)
def review_source(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_source_for_user(request.user, pk)
    return render(request, "khavaran/review/source.html", _panel(request, source))


def _pending_row(request: HttpRequest, pk: int) -> StoredProposal:
    return access.get_visible(proposals_visible_to(request.user).select_related("source"), pk)


def _answer(
    request: HttpRequest, row: StoredProposal, message: str, *, failed: bool
) -> HttpResponse:
    """htmx gets the panel again (with the message); a plain form post is redirected back."""
    url = f"/review/sources/{row.source_id}/"
    if request.headers.get("HX-Request") != "true":
        (messages.error if failed else messages.success)(request, message)
        return redirect(url)
    context = _panel(request, row.source) | {"message": message, "failed": failed}
    if not failed and row.result_model in RESULT_PAGES:
        context["result_url"] = RESULT_PAGES[row.result_model].format(row.result_id)
    return render(request, "khavaran/review/_panel.html", context, status=400 if failed else 200)


@requires(EDITORS)
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept: the facts its kind calls for, each cited by an Excerpt of the exact span."""
    row = _pending_row(request, pk)
    incidents = access.incidents_visible_to(request.user)
    form = AcceptForm(request.POST, incidents=incidents)
    if not form.is_valid():
        return _answer(
            request, row, _("Not accepted: choose a readable incident and a role."), failed=True
        )
    try:
        accepted = accept_and_say(
            row, actor=request.user.get_username(), user=request.user, choices=form.choices()
        )
    except ValueError as error:
        # ReviewError (decided already, text changed) or a refusal from the records actions.
        reason = _reason(error)
        return _answer(
            request, row, _("Not accepted: %(reason)s") % {"reason": reason}, failed=True
        )
    note = accepted.said.translated(figures=reader_digits)
    return _answer(request, accepted.row, _("Accepted: %(note)s") % {"note": note}, failed=False)


def _reason(error: ValueError) -> str:
    """A refusal in the reader's language (a ReviewError's note; the records actions' own)."""
    return (
        error.note.translated(figures=reader_digits)
        if isinstance(error, ReviewError)
        else str(error)
    )


@requires(EDITORS)
@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject: remembered by fingerprint, so later extraction runs do not propose it again."""
    row = _pending_row(request, pk)
    reason = request.POST.get("reason", "").strip()
    try:
        row = reject(row, actor=request.user.get_username(), reason=reason)
    except ValueError as error:
        reason = _reason(error)
        return _answer(
            request, row, _("Not rejected: %(reason)s") % {"reason": reason}, failed=True
        )
    return _answer(request, row, _("Rejected: %(text)s") % {"text": row.text}, failed=False)
