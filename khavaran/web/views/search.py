"""Search across sources, excerpts, names and claims, limited to what the user may read."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext_lazy

from khavaran.accounts.access import readable_levels, reads_public_titles
from khavaran.evidence.access import hits_under_public_titles
from khavaran.records.models import Name
from khavaran.search.engine import SearchHit, search
from khavaran.web.pages import TOTALS, Listing, paged
from khavaran.web.permissions import ALL_ROLES, requires

# Hits on a page of results, and the most a search reaches: the engine has no offset, so the
# pages are cut from one ranked list (the snippets of 500 hits cost about what a page of
# people does). A reader told of the limit narrows the search.
LIMIT = 30
MOST = 500
# The count of a list of hits (`web/pages.py` words each kind of list's total).
TOTALS.setdefault("hits", ngettext_lazy("%(shown)s hit", "%(shown)s hits", "n"))


def hit_url(kind: str, ref_id: int, source_id: int | None) -> str:
    """Where a hit leads: the passage in its source, the person, the claim."""
    if kind == "excerpt" and source_id:
        return f"/sources/{source_id}/?excerpt={ref_id}#excerpt-{ref_id}"
    if kind == "source":
        return f"/sources/{ref_id}/"
    if kind == "claim":
        return f"/claims/{ref_id}/"
    return ""


def found(
    text: str, levels: tuple[str, ...], *, titles: bool = True, limit: int = LIMIT
) -> list[SearchHit]:
    """The engine's ranked hits for `text` within `levels` (none for blank text)."""
    return search(text, levels=levels, limit=limit, titles=titles) if text.strip() else []


def with_urls(hits: list[SearchHit], prefix: str = "") -> list[dict[str, Any]]:
    """Hits with where they lead."""
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


def paged_search(
    request: HttpRequest,
    levels: tuple[str, ...],
    prefix: str = "",
    *,
    public_titles: bool = False,
) -> Listing:
    """The page of `?q=`'s hits that `?page=` asks for, with where they lead; a reader who may
    not see every title matches on the text alone and reads the public titles."""
    hits = found(request.GET.get("q", ""), levels, titles=not public_titles, limit=MOST)
    listing = paged(request, hits, "hits", LIMIT)
    results = with_urls(list(listing.items), prefix)
    return replace(listing, items=with_public_titles(results) if public_titles else results)


def with_public_titles(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Search results, their hits under the titles the public may read."""
    titled = hits_under_public_titles([result["hit"] for result in results])
    return [result | {"hit": hit} for result, hit in zip(results, titled, strict=True)]


@requires(ALL_ROLES)
def search_page(request: HttpRequest) -> HttpResponse:
    public_titles = reads_public_titles(request.user)
    listing = paged_search(request, readable_levels(request.user), public_titles=public_titles)
    context = {
        "q": request.GET.get("q", ""),
        "results": listing.items,
        "listing": listing,
        "most": MOST if listing.page.paginator.count >= MOST else None,
    }
    return render(request, "khavaran/search.html", context)
