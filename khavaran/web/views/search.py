"""Search across sources, excerpts, names and claims, limited to what the user may read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khavaran.accounts.access import readable_levels
from khavaran.records.models import Name
from khavaran.search.engine import search
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


def run_search(text: str, levels: tuple[str, ...], prefix: str = "") -> list[dict[str, object]]:
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


@requires(ALL_ROLES)
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    results = run_search(text, readable_levels(request.user))
    return render(request, "khavaran/search.html", {"q": text, "results": results})
