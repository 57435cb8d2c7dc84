"""Search across sources, excerpts, names and claims, limited to what the user may read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from khavaran.accounts.access import readable_levels
from khavaran.evidence.models import Source
from khavaran.records.models import Name
from khavaran.search.engine import SearchHit, search
from khavaran.web.permissions import ALL_ROLES, requires

LIMIT = 30


def hit_url(kind: str, ref_id: int, source_id: int | None) -> str:
    """Where a hit leads: the passage in its source, the person, the claim."""
    if kind == "excerpt" and source_id:
        return f"/sources/{source_id}/?excerpt={ref_id}#excerpt-{ref_id}"
    if kind == "source":
        return f"/sources/{ref_id}/"
    if kind == "claim":
        return f"/claims/{ref_id}/"
    return ""


def run_search(text: str, levels: tuple[str, ...], prefix: str = "") -> list[dict[str, Any]]:
    hits = search(text, levels=levels, limit=LIMIT) if text.strip() else []
    name_ids = [h.ref_id for h in hits if h.kind == "name"]
    # One query for the people behind name hits, whatever the number of hits.
    people = dict(Name.objects.filter(pk__in=name_ids).values_list("pk", "person_id"))
    results = []
    for h in hits:
        url = (
            f"/people/{people[h.ref_id]}/"
            if h.ref_id in people and h.kind == "name"
            else (hit_url(h.kind, h.ref_id, h.source_id))
        )
        results.append({"hit": h, "url": prefix + url if url else ""})
    return results


def reads_public_titles(user: Any) -> bool:
    """Whether `user` reads sources under their public titles (`public_title`): the public,
    and a viewer, who reads public data only (a file's own name can name a witness)."""
    return user is None or getattr(user, "role", None) == "viewer"


def public_titled(hits: Sequence[SearchHit]) -> list[SearchHit]:
    """Hits in a source or its passages under the title the public may read: the given one,
    else "Source N"."""
    untitled = set(
        Source.objects.filter(
            pk__in={h.source_id for h in hits if h.source_id}, title_given=False
        ).values_list("pk", flat=True)
    )
    return [
        replace(h, title=_("Source %(n)s") % {"n": h.source_id})
        if h.source_id in untitled and h.kind in ("source", "excerpt")
        else h
        for h in hits
    ]


def with_public_titles(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`run_search` results, their hits under the titles the public may read."""
    titled = public_titled([result["hit"] for result in results])
    return [result | {"hit": hit} for result, hit in zip(results, titled, strict=True)]


@requires(ALL_ROLES)
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    results = run_search(text, readable_levels(request.user))
    if reads_public_titles(request.user):
        results = with_public_titles(results)
    return render(request, "khavaran/search.html", {"q": text, "results": results})
