"""Victim lists and the linkage review in the workspace (issue 4): the imported lists, the
documented count of the latest run (per list, overlaps, an UpSet chart), and the run's pairs
nearest the threshold side by side, where a reviewer confirms or splits them.

Victim lists are sensitive: viewers and the anonymous get nothing; analysts may look;
reviewers, investigators and admins decide (`khavaran.analysis.access`). A reader sees only
the lists their clearance allows, and counts and pairs are narrowed to those lists.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khavaran.analysis.access import REVIEW_ROLES, lists_visible_to, may_review
from khavaran.analysis.counts import (
    DocumentedCount,
    documented_count,
    lists_not_in_run,
    undecided_pairs,
    write_upset_chart,
)
from khavaran.analysis.models import Decision, LinkageRun, LinkDecision, LinkPair
from khavaran.analysis.review import (
    ReviewItem,
    decide,
    distance,
    queue_page,
    review_item,
    side_by_side,
)
from khavaran.engines.linkage import REVIEW_BITS
from khavaran.records.access import get_visible
from khavaran.text.arabic_script import read_number
from khavaran.web.list_fields import cell_date, field_label
from khavaran.web.pages import page_number
from khavaran.web.permissions import requires

LIST_READERS = REVIEW_ROLES | {"analyst"}
# The band shown, in bits of match weight either side of the threshold: at most 2**20 in odds.
MAX_BITS = 20.0
# Pairs per page of the review queue: a large run holds thousands in the band.
PAGE = 50


def _latest_run() -> LinkageRun | None:
    return LinkageRun.objects.order_by("-pk").first()


def _readable_names(request: HttpRequest) -> set[str]:
    return set(lists_visible_to(request.user).values_list("name", flat=True))


def visible_count(run: LinkageRun, names: set[str]) -> DocumentedCount:
    """The run's documented count over the readable lists in `names` only."""
    return documented_count(run, only=names)


@requires(LIST_READERS)
def lists_page(request: HttpRequest) -> HttpResponse:
    """The lists this reader may read, and what the latest run documents from them."""
    names = _readable_names(request)
    run = _latest_run()
    count = visible_count(run, names) if run is not None and names else None
    context = {
        "lists": lists_visible_to(request.user).order_by("name"),
        "run": run,
        "count": count,
        "overlaps": [(" + ".join(combo), n) for combo, n in count.overlaps.items()]
        if count
        else [],
        # Pairs no reviewer has decided: each may move the count.
        "undecided": undecided_pairs(run, only=names) if run is not None and count else 0,
        "narrowed": run is not None and not set(run.lists) <= names,
        # Lists imported since the run: its count does not include them yet.
        "not_in_run": lists_not_in_run(run, request.user) if run is not None else [],
    }
    return render(request, "khavaran/review/lists.html", context)


def wordless_chart() -> Any:
    """A matplotlib settings context under which `write_upset_chart` draws no words of its own.

    The chart's title and axis label are drawn transparent: the page writes them above the
    image in the reader's language (`lists.html`), which matplotlib cannot (it neither joins
    Persian letters nor lays out right to left). The bars' counts and the lists' names stay.
    """
    import matplotlib

    return matplotlib.rc_context({"axes.titlecolor": "none", "axes.labelcolor": "none"})


@requires(LIST_READERS)
def overlaps_chart(request: HttpRequest) -> HttpResponse:
    """The UpSet chart of the latest run as a PNG (an image file: no inline SVG style for CSP)."""
    names = _readable_names(request)
    run = _latest_run()
    if run is None or not names:
        raise Http404("no linkage run yet")
    count = visible_count(run, names)
    with tempfile.TemporaryDirectory(prefix="khavaran-chart-") as folder:
        path = Path(folder) / "overlaps.png"
        with wordless_chart():
            write_upset_chart(count, path)
        png = path.read_bytes()
    response = HttpResponse(png, content_type="image/png")
    # The chart names the lists this reader may read: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _visible_pairs(request: HttpRequest) -> Any:
    readable = lists_visible_to(request.user)
    return LinkPair.objects.filter(
        record_l__victim_list__in=readable, record_r__victim_list__in=readable
    ).select_related("run", "record_l__victim_list", "record_r__victim_list")


def _decisions(request: HttpRequest) -> Any:
    readable = lists_visible_to(request.user)
    return LinkDecision.objects.filter(
        record_l__victim_list__in=readable, record_r__victim_list__in=readable
    ).select_related("record_l__victim_list", "record_r__victim_list")


def _bits(raw: str | None) -> float:
    """The band asked for, typed in any digits ("۲٫۵" as 2.5); the default for anything else."""
    try:
        bits = read_number(raw) if raw else REVIEW_BITS
    except ValueError:
        bits = REVIEW_BITS
    if bits != bits:  # NaN
        bits = REVIEW_BITS
    return min(max(bits, 0.0), MAX_BITS)


def _shown(item: ReviewItem, decision: LinkDecision | None, user: Any) -> dict[str, Any]:
    """One pair as `_pair.html` shows it: both records' original fields side by side, and why
    the run's decisions cut it, if they did."""
    return {
        "item": item,
        "pair": item.pair,
        "rows": [
            (
                field_label(label),
                left,
                right,
                left != right,
                cell_date(label, left),
                cell_date(label, right),
            )
            for label, left, right in side_by_side(item.pair)
        ],
        "decision": decision,
        "cut": _cut(item, user),
    }


def _cut(item: ReviewItem, user: Any) -> dict[str, Any] | None:
    """A cut link's reason in parts the template words, or only that decisions cut it when it
    would name a record on a list the reader may not read (as `analysis.review.cut_reason`)."""
    if item.cut is None:
        return None
    cut = item.cut
    pairs = [tuple(pair) for pair in cut.get("confirmed", ())]
    confirmed = [f"{a} ~ {b}" for a, b in pairs]
    named = [cut.get("apart_l"), cut.get("apart_r"), *(uid for pair in pairs for uid in pair)]
    readable = set(lists_visible_to(user).values_list("name", flat=True))
    hidden = any(uid is None or uid.rsplit(":", 1)[0] not in readable for uid in named)
    if hidden:
        return {"hidden": True}
    return {
        "hidden": False,
        "left": cut["apart_l"],
        "right": cut["apart_r"],
        "probability": cut.get("apart_probability"),
        "confirmed": "; ".join(confirmed),
    }


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE))


def _queue(
    run: LinkageRun | None, raw: str | None, bits: float, decided: bool, lists: set[int]
) -> tuple[list[ReviewItem], int, int]:
    """The page of the review queue `?page=` asks for, clamped as every list clamps it
    (`page_number`): one past the end shows the last page, not "Pairs 51–50 of 18"."""
    if run is None:
        return [], 0, 1
    # The run's pairs bound the band: no offset past them reaches the queue.
    page = page_number(raw, _pages(LinkPair.objects.filter(run=run).count()))
    for _attempt in range(2):
        offset = (page - 1) * PAGE
        items, total = queue_page(
            run, bits=bits, decided=decided, lists=lists, offset=offset, limit=PAGE
        )
        if page <= _pages(total):
            break
        page = page_number(raw, _pages(total))
    return items, total, page


@requires(LIST_READERS)
def link_review(request: HttpRequest) -> HttpResponse:
    """The latest run's pairs nearest its threshold first; decided ones with `?decided=1`."""
    run = _latest_run()
    bits = _bits(request.GET.get("bits"))
    include_decided = request.GET.get("decided") == "1"
    readable = set(lists_visible_to(request.user).values_list("pk", flat=True))
    decisions = list(_decisions(request).order_by("-decided_at"))
    by_records = {frozenset((d.record_l_id, d.record_r_id)): d for d in decisions}
    items, total, page = _queue(run, request.GET.get("page"), bits, include_decided, readable)
    pages = _pages(total)
    pairs = [
        _shown(i, by_records.get(frozenset((i.pair.record_l_id, i.pair.record_r_id))), request.user)
        for i in items
    ]
    context = {
        "run": run,
        "bits": bits,
        "include_decided": include_decided,
        "pairs": pairs,
        "total": total,
        "page": page,
        "pages": pages,
        "first": (page - 1) * PAGE + 1,
        "last": (page - 1) * PAGE + len(pairs),
        "decisions": decisions[:100],
        "can_decide": may_review(request.user),
    }
    return render(request, "khavaran/review/linkage.html", context)


@requires(REVIEW_ROLES)
@require_POST
def pair_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (same person) or split (different people); stored on the two records."""
    pair = get_visible(_visible_pairs(request), pk)
    decision = request.POST.get("decision", "")
    if decision not in Decision.values:
        return HttpResponse(_("Choose confirm or split."), status=400, content_type="text/plain")
    reason = request.POST.get("reason", "").strip()
    decide([pair.pk], decision, actor=request.user.get_username(), reason=reason)
    if request.headers.get("HX-Request") != "true":
        messages.success(request, _("Decision stored for pair %(pair)s.") % {"pair": pair.pk})
        return redirect("/lists/review/")
    left, right = pair.record_l_id, pair.record_r_id
    either = Q(record_l=left, record_r=right) | Q(record_l=right, record_r=left)
    stored = _decisions(request).filter(either).first()
    item = review_item(pair, distance(pair), decision)
    # The decision just made takes the focus (htmx focuses [autofocus] in what it swaps in):
    # a keyboard reader's focus stays where they were, and a screen reader says what happened.
    context = _shown(item, stored, request.user) | {"can_decide": True, "just_decided": True}
    return render(request, "khavaran/review/_pair.html", context)
