"""Search across sources, excerpts, names and claims, limited to what the user may read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khavaran.accounts.access import readable_levels, reads_public_titles
from khavaran.evidence.access import hits_under_public_titles
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


def run_search(
    text: str, levels: tuple[str, ...], prefix: str = "", *, titles: bool = True
) -> list[dict[str, Any]]:
    """Hits with where they lead; ``titles=False`` matches text only, not the titles a reader
    may not see (a source's file-derived title)."""
    hits = search(text, levels=levels, limit=LIMIT, titles=titles) if text.strip() else []
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


def with_public_titles(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`run_search` results, their hits under the titles the public may read."""
    titled = hits_under_public_titles([result["hit"] for result in results])
    return [result | {"hit": hit} for result, hit in zip(results, titled, strict=True)]


@requires(ALL_ROLES)
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    public_titles = reads_public_titles(request.user)
    results = run_search(text, readable_levels(request.user), titles=not public_titles)
    if public_titles:
        results = with_public_titles(results)
    return render(request, "khavaran/search.html", {"q": text, "results": results})
