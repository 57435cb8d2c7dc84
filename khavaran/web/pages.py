"""Paging a list: every list the web shows (victims, people, incidents, sources ...) goes
through `paged`, so a reader can browse all of it, page by page, with the total they may see.

The total is the gated queryset's count: a record the reader may not see is neither listed
nor counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import ngettext_lazy

from khavaran.web.rendering import reader_digits

PER_PAGE = 50
# Pages linked on either side of the current one; the first and last are always linked.
AROUND = 2

# The total's words per kind of list: `n` chooses the plural, `shown` is the number as written.
TOTALS: dict[str, Promise] = {
    # Victims are counted as the names recorded so far, never as if that were the toll.
    "victims": ngettext_lazy(
        "%(shown)s victim recorded here by name so far",
        "%(shown)s victims recorded here by name so far",
        "n",
    ),
    "officials": ngettext_lazy("%(shown)s official", "%(shown)s officials", "n"),
    "people": ngettext_lazy("%(shown)s person", "%(shown)s people", "n"),
    "organizations": ngettext_lazy("%(shown)s organization", "%(shown)s organizations", "n"),
    "posts": ngettext_lazy("%(shown)s post", "%(shown)s posts", "n"),
    "tenures": ngettext_lazy("%(shown)s tenure", "%(shown)s tenures", "n"),
    "places": ngettext_lazy("%(shown)s place", "%(shown)s places", "n"),
    "incidents": ngettext_lazy("%(shown)s incident", "%(shown)s incidents", "n"),
    "questions": ngettext_lazy("%(shown)s question", "%(shown)s questions", "n"),
    "sources": ngettext_lazy("%(shown)s source", "%(shown)s sources", "n"),
}


@dataclass(frozen=True)
class PageLink:
    """One entry of the page links: a page's number and address, or a gap (`url` empty)."""

    number: int
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Listing:
    """One page of a list, with what `_pages.html` shows around it."""

    items: Any
    page: Page[Any]
    total: str
    position: dict[str, str]
    links: list[PageLink]
    previous: str
    next: str


def page_number(raw: str | None, last: int) -> int:
    """The page asked for, within 1..last: a value that is not a number is the first page,
    one past the end the last (a link kept from a longer list still lands somewhere)."""
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return min(max(number, 1), last)


def paged(
    request: HttpRequest,
    items: Any,
    kind: str,
    per_page: int | None = None,
    param: str = "page",
) -> Listing:
    """The page of `items` (an ordered queryset or sequence) that `?page=` asks for.

    Args:
        request: its `page` parameter is read; its other parameters (a filter) are kept in
            the page links.
        items: what the reader may see, in a stable order.
        kind: the key of `TOTALS` that words the count.
        per_page: how many a page shows (`PER_PAGE` when not given).
        param: the parameter that numbers the page: another name for a second list on the
            same page, so that each keeps its own page.

    Returns:
        A `Listing`: the page's items, and the count, position and links to show.
    """
    paginator = Paginator(items, per_page or PER_PAGE)
    page = paginator.page(page_number(request.GET.get(param), paginator.num_pages))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    return Listing(
        items=page.object_list,
        page=page,
        total=reader_digits(
            str(TOTALS[kind] % {"n": paginator.count, "shown": f"{paginator.count:,}"})
        ),
        position={
            "number": reader_digits(str(page.number)),
            "of": reader_digits(str(paginator.num_pages)),
        },
        links=_links(page, url),
        previous=url(page.number - 1) if page.has_previous() else "",
        next=url(page.number + 1) if page.has_next() else "",
    )


def _links(page: Page[Any], url: Any) -> list[PageLink]:
    """The first page, the pages around the current one, the last, and a gap between."""
    last = page.paginator.num_pages
    if last < 2:
        return []
    shown = sorted({1, last, *range(page.number - AROUND, page.number + AROUND + 1)})
    links: list[PageLink] = []
    for number in [n for n in shown if 1 <= n <= last]:
        if links and number > links[-1].number + 1:
            links.append(PageLink(0, "…", ""))
        label = reader_digits(str(number))
        links.append(PageLink(number, label, url(number), number == page.number))
    return links
