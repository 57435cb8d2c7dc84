"""The public site: memorial-style pages built only from `public` data, whoever is signed in.

Every read here asks the gates as the anonymous public (`PUBLIC_READER`), never as the user.
An admin switches the site on and off at /settings/.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from khavaran.evidence.access import excerpts_visible_to, get_source_for_user, sources_visible_to
from khavaran.public_ids import public_id, row_of
from khavaran.records import access
from khavaran.records.access import get_visible
from khavaran.records.merging import current_person, merged_into
from khavaran.records.models import Person
from khavaran.web.actions import set_public_site
from khavaran.web.collation import family_name_key
from khavaran.web.downloads import public_response
from khavaran.web.forms import PublicSiteForm
from khavaran.web.models import public_site_enabled
from khavaran.web.pages import paged
from khavaran.web.permissions import ADMINS, public, requires
from khavaran.web.public_offer import public_offer
from khavaran.web.queries import (
    ByName,
    cached_order,
    citations_prefetch,
    people_named,
    people_with_names,
    shown_names,
    victim_of,
)
from khavaran.web.record_kinds import readable_rows
from khavaran.web.rendering import text_with_excerpts
from khavaran.web.templatetags.khavaran import current_lang
from khavaran.web.views import records, search

PUBLIC_READER = None
PREFIX = "/public"


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, {"prefix": PREFIX, "public": True, **context})
    response.content = with_public_ids(response.content.decode()).encode()
    return response


# Links and anchors as the workspace's templates and link builders print them, with row ids
# (`{{ prefix }}/people/{{ p.pk }}/`, `{% citations %}`, search hits, excerpt marks). Each
# pattern holds a `"`, which escaped text never does: a source's text is never rewritten.
_LINK = re.compile(r'href="/public/(people|incidents|claims|sources)/(\d+)/([^"]*)"')
_EXCERPT_IN_LINK = re.compile(r"(excerpt=|#excerpt-)(\d+)")
_ANCHOR = re.compile(r'(id="excerpt-|href="#excerpt-|id="claim-)(\d+)"')
_MARKS = re.compile(r'data-excerpts="([0-9 ]+)"')
_KINDS = {"people": "person", "incidents": "incident", "claims": "claim", "sources": "source"}
_ANCHOR_KINDS = {'id="excerpt-': "excerpt", 'href="#excerpt-': "excerpt", 'id="claim-': "claim"}


def with_public_ids(page: str) -> str:
    """The public page with every record's row id in its links and anchors replaced by its
    public id (`khavaran.public_ids`), so that no page says how many records are hidden.

    Rewritten as the page leaves, in one place, rather than in each builder of links: the
    public site shares its templates and its link builders with the workspace, and a link
    added to one of them later is rewritten too (`tests/web/test_public_ids.py` reads every
    public page for a row id left in a link).
    """

    def link(match: re.Match[str]) -> str:
        where, pk, rest = match.groups()
        rest = _EXCERPT_IN_LINK.sub(lambda m: m[1] + public_id("excerpt", int(m[2])), rest)
        return f'href="{PREFIX}/{where}/{public_id(_KINDS[where], int(pk))}/{rest}"'

    def anchor(match: re.Match[str]) -> str:
        return f'{match[1]}{public_id(_ANCHOR_KINDS[match[1]], int(match[2]))}"'

    def marks(match: re.Match[str]) -> str:
        ids = " ".join(public_id("excerpt", int(pk)) for pk in match[1].split())
        return f'data-excerpts="{ids}"'

    return _MARKS.sub(marks, _ANCHOR.sub(anchor, _LINK.sub(link, page)))


def _row(kind: str, token: str) -> int:
    """The row a public id names; 404 for one the site never gave."""
    pk = row_of(kind, token)
    if pk is None:
        raise Http404("not found")
    return pk


# Incident kinds in which a victim was killed: the memorial's home page remembers their victims
# by name. Victims of an arrest, a trial or a threat are listed with that incident (the list
# of victims), not under "in memory of", where a family would read them as killed.
KILLINGS = ("execution",)
# How many names the home page shows before linking to the whole list.
ON_HOME = 12


@public
def public_home(request: HttpRequest) -> HttpResponse:
    killed = _people_in_role(("victim",), kinds=KILLINGS)
    remembered = by_family_name(killed, current_lang())
    incidents = access.incidents_visible_to(PUBLIC_READER).select_related("start", "end")
    context = {
        "victims": _with_incidents(remembered[:ON_HOME]),
        "killed_count": len(remembered),
        # The memorial list's own cached order (a third of a second to count at 50,000).
        "victim_count": len(by_family_name(_people_in_role(("victim",)), current_lang())),
        "toll": _toll_question(),
        "incidents": incidents.order_by(F("start__earliest").asc(nulls_last=True), "pk")[:12],
        "source_count": sources_visible_to(PUBLIC_READER).count(),
    }
    return _render(request, "khavaran/public/home.html", context)


def _people_in_role(roles: tuple[str, ...], kinds: tuple[str, ...] = ()) -> QuerySet[Person]:
    participations = access.participants_visible_to(PUBLIC_READER).filter(role__in=roles)
    if kinds:
        participations = participations.filter(incident__kind__in=kinds)
    # A correlated EXISTS, not `pk IN (subquery)`: SQLite materialises the subquery's every
    # participant (a third of a second at 50,000 victims) even to fetch one page of 50 people.
    return people_with_names(PUBLIC_READER).filter(
        Exists(participations.filter(person=OuterRef("pk")))
    )


def _with_incidents(people: list[Person]) -> list[dict[str, Any]]:
    """Each person with the public incidents they are a victim of, so that no one reads as a
    victim of something else (a victim of a 2016 trial as one of 1988)."""
    incidents = victim_of(PUBLIC_READER, [p.pk for p in people])
    return [{"person": p, "incidents": incidents.get(p.pk, [])} for p in people]


def _toll_question() -> str:
    """A public question on the number killed (`number-killed:...`), whose figures the
    sources give side by side: where a count of names points to the toll. "" when none."""
    claims = access.claims_visible_to(PUBLIC_READER).filter(question__startswith="number-killed:")
    return claims.order_by("question").values_list("question", flat=True).first() or ""


def by_family_name(
    people: QuerySet[Person], lang: str, *, loaded: QuerySet[Person] | None = None
) -> ByName:
    """`people` as a memorial lists them: by the family name, then the given name, of the
    name the reader sees first (`queries.shown_names`: a Persian one on a Persian page, a Latin
    one on an English page), the reader's script first (`collation.family_name_key`); those
    without a public name last; then by id, so that pages never overlap.

    A page's people are loaded by id from `loaded` (default `people`), a query holding every
    one of `people`: the list's people before the name box's search, whose filter costs as
    much run again for 50 ids as it cost to choose them (0.3 s at 50,000 victims)."""
    ids = _memorial_order(people, lang)
    # The gates and the role are asked again for the page's ids (a few ms), not trusted from
    # the cached order: it stands for the data only while every change moves the audit head.
    shown = people if loaded is None else loaded
    return ByName(ids, lambda chosen: shown.filter(pk__in=chosen).in_bulk())


def _memorial_order(people: QuerySet[Person], lang: str) -> list[int]:
    """The ids in memorial order, kept in the cache until anything changes
    (`queries.cached_order`): reading and splitting every name at each page view would cost
    most of a second at 50,000 victims."""

    def order() -> list[int]:
        keys: dict[str, str] = {}
        rows = shown_names(people, PUBLIC_READER, lang)
        # Names repeat (Mohammad Ahmadi): each distinct one is split once.
        for _pk, name in rows:
            if name is not None and name not in keys:
                keys[name] = family_name_key(name, lang)
        rows.sort(key=lambda row: (row[1] is None, keys.get(row[1] or "", ""), row[0]))
        return [pk for pk, _name in rows]

    return cached_order("memorial-order", people, lang, order)


@public
def public_victims(request: HttpRequest) -> HttpResponse:
    """The memorial's list: every public victim, by family name then given name in the
    reader's language (`by_family_name`), narrowed by the `?name=` box, a page at a time, with
    the number of them the public may see, each with what they are a victim of."""
    name = request.GET.get("name", "")
    victims = _people_in_role(("victim",))
    named = people_named(victims, PUBLIC_READER, name)
    listing = paged(request, by_family_name(named, current_lang(), loaded=victims), "victims")
    context: dict[str, Any] = {"people": listing.items, "listing": listing, "name": name}
    context["rows"] = _with_incidents(list(context["people"]))
    context["toll"] = _toll_question()
    return _render(request, "khavaran/public/people.html", {**context, "heading": "victims"})


@public
def public_officials(request: HttpRequest) -> HttpResponse:
    with_tenure = access.tenures_visible_to(PUBLIC_READER).values("person")
    accused = _people_in_role(("perpetrator", "ordering_authority")).values("pk")
    people = people_with_names(PUBLIC_READER).filter(Q(pk__in=with_tenure) | Q(pk__in=accused))
    context = records.people_page(request, people, PUBLIC_READER, "officials")
    context["rows"] = [{"person": p, "incidents": []} for p in context["people"]]
    return _render(request, "khavaran/public/people.html", {**context, "heading": "officials"})


@public
def public_person(request: HttpRequest, token: str) -> HttpResponse:
    pk = _row("person", token)
    try:
        person = get_visible(
            access.people_visible_to(PUBLIC_READER).select_related("birth_date"), pk
        )
    except Http404:
        # A shared link to a person merged since leads to the person kept, as in the workspace.
        return redirect(f"{PREFIX}/people/{public_id('person', _merged_public(pk))}/")
    return _render(
        request,
        "khavaran/records/person_detail.html",
        {"person": person, **records.person_facts(PUBLIC_READER, person)},
    )


def _merged_public(pk: int) -> int:
    """The public person that the public person `pk` was merged into; 404 unless both are
    public (a hidden person's id is never confirmed), as for any person the public may not
    read."""
    old = readable_rows(Person, PUBLIC_READER).filter(pk=pk, is_deleted=True).first()
    if old is None or merged_into(old) is None:
        raise Http404("not found")
    kept = current_person(old)
    if not access.people_visible_to(PUBLIC_READER).filter(pk=kept.pk).exists():
        raise Http404("not found")
    return kept.pk


@public
def public_incidents(request: HttpRequest) -> HttpResponse:
    context = records.incidents_page(request, PUBLIC_READER)
    return _render(request, "khavaran/records/incident_list.html", context)


@public
def public_incident(request: HttpRequest, token: str) -> HttpResponse:
    pk = _row("incident", token)
    incident = get_visible(
        access.incidents_visible_to(PUBLIC_READER)
        .select_related("start", "end")
        .prefetch_related(citations_prefetch(PUBLIC_READER)),
        pk,
    )
    claims = access.claims_visible_to(PUBLIC_READER).filter(subject_incident=incident)
    claims = claims.prefetch_related(citations_prefetch(PUBLIC_READER))
    return _render(
        request,
        "khavaran/records/incident_detail.html",
        {
            "incident": incident,
            "claims": list(claims.order_by("question", *records.FIGURE_ORDER)),
            **records.incident_people(request, PUBLIC_READER, incident),
        },
    )


@public
def public_contested(request: HttpRequest, question: str) -> HttpResponse:
    claims = records.contested_claims(PUBLIC_READER, question)
    subject = records.claim_subject(PUBLIC_READER, claims[0], PREFIX)
    return _render(
        request,
        "khavaran/records/contested.html",
        {"question": question, "claims": claims, "subject": subject},
    )


@public
def public_sources(request: HttpRequest) -> HttpResponse:
    listing = paged(request, sources_visible_to(PUBLIC_READER).order_by("-id"), "sources")
    context = {"sources": listing.items, "listing": listing}
    return _render(request, "khavaran/public/sources.html", context)


@public
def public_source(request: HttpRequest, token: str) -> HttpResponse:
    source = get_source_for_user(PUBLIC_READER, _row("source", token))
    excerpts = list(excerpts_visible_to(PUBLIC_READER).filter(source=source).order_by("start"))
    # A mark asked for with what is not an excerpt's public id (a row id) marks nothing.
    focus = row_of("excerpt", request.GET.get("excerpt", ""))
    # `{% source_text %}` reads the mark of a Markdown source from the query, as a row id.
    query = request.GET.copy()
    query["excerpt"] = str(focus or "")
    request.GET = query  # type: ignore[assignment]  # read-only only to django-stubs
    context = {
        "source": source,
        "excerpts": excerpts,
        "rtl": source.language == "fa",
        "text_html": text_with_excerpts(source.text, excerpts, focus),
        "custody": [],
        "offer": public_offer(source),
    }
    return _render(request, "khavaran/sources/detail.html", context)


@public
def public_source_download(request: HttpRequest, token: str) -> FileResponse:
    """What the public may download of a public source (`downloads.public_response`)."""
    return public_response(get_source_for_user(PUBLIC_READER, _row("source", token)))


@public
def public_claim(request: HttpRequest, token: str) -> HttpResponse:
    pk = _row("claim", token)
    claim = get_visible(
        access.claims_visible_to(PUBLIC_READER).prefetch_related(citations_prefetch(PUBLIC_READER)),
        pk,
    )
    return _render(
        request,
        "khavaran/records/claim_detail.html",
        {"claim": claim, "subject": records.claim_subject(PUBLIC_READER, claim, PREFIX)},
    )


@public
def public_search(request: HttpRequest) -> HttpResponse:
    listing = search.paged_search(request, ("public",), prefix=PREFIX, public_titles=True)
    context = {
        "q": request.GET.get("q", ""),
        "results": listing.items,
        "listing": listing,
        "most": search.MOST if listing.page.paginator.count >= search.MOST else None,
    }
    return _render(request, "khavaran/search.html", context)


@requires(ADMINS)
def site_settings(request: HttpRequest) -> HttpResponse:
    form = PublicSiteForm(
        request.POST or None, initial={"public_site_enabled": public_site_enabled()}
    )
    if request.method == "POST" and form.is_valid():
        set_public_site(form.cleaned_data["public_site_enabled"], actor=request.user.get_username())
        return redirect("site-settings")
    return render(request, "khavaran/settings.html", {"form": form})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page: under /public/ with the public site's menu, home and words (a family
    following an old link reads that the page is not here, not that it is kept from them)."""
    if request.path.startswith(f"{PREFIX}/"):
        context = {"prefix": PREFIX, "public": True}
        return render(request, "khavaran/public/404.html", context, status=404)
    return render(request, "404.html", {}, status=404)
