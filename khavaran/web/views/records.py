"""Browsing records: people (with their timeline), organizations, posts, tenures, places,
incidents and claims, each fact with its citations. Creation starts from an excerpt
(`views/cite.py`); editing and deleting live in `views/history.py`."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from khavaran.records import access
from khavaran.records.access import get_visible
from khavaran.records.models import Claim, Incident, Name, Participant, Person, Tenure
from khavaran.vocabulary import Script
from khavaran.web.pages import Listing, paged
from khavaran.web.permissions import ALL_ROLES, can_edit, can_review, requires
from khavaran.web.queries import (
    citations_prefetch,
    cited_rows,
    display_name,
    participants_by_name,
    people_by_name,
    people_named,
    people_with_names,
    person_for_page,
    places_visible_to,
    visible_names_prefetch,
)
from khavaran.web.templatetags.khavaran import (
    both_calendars,
    claim_value,
    current_lang,
    question_label,
    reader_names,
    vocab,
)
from khavaran.web.views.merge import also_recorded_as, merged_redirect


def _cited(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return qs.prefetch_related(citations_prefetch(user))


def people_page(
    request: HttpRequest, people: QuerySet[Person], user: Any, kind: str
) -> dict[str, Any]:
    """A page of `people` (whom `user` may see) by name in the reader's language, narrowed
    by the `?name=` box: the people lists' context."""
    name = request.GET.get("name", "")
    chosen = people_by_name(people_named(people, user, name), user, current_lang())
    listing = paged(request, chosen, kind)
    return {"people": listing.items, "listing": listing, "name": name}


@requires(ALL_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = people_page(request, people_with_names(user), user, "people")
    return render(request, "khavaran/records/person_list.html", context)


# A fuzzy date's columns, as `values()` reads them through a foreign key ("start__earliest").
DATE_FIELDS = ("earliest", "latest", "original", "calendar", "precision")


def _date_columns(*prefixes: str) -> list[str]:
    return [f"{prefix}__{field}" for prefix in prefixes for field in DATE_FIELDS]


def _shown(row: dict[str, Any], prefix: str, lang: str) -> dict[str, Any] | None:
    """A date read through `prefix` as a row's columns, in both calendars (a dict: templates
    look keys up faster than attributes)."""
    fd = SimpleNamespace(**{field: row[f"{prefix}__{field}"] for field in DATE_FIELDS})
    if fd.earliest is None:
        return None
    shown_gregorian, shown_solar = both_calendars(fd, lang)
    # Every field of the date: the timeline words a span from them (`date_span`).
    return {**vars(fd), "gregorian": shown_gregorian, "solar": shown_solar}


def _tenures(user: Any, person_id: int) -> QuerySet[Tenure]:
    visible = access.tenures_visible_to(user)
    return visible.filter(person_id=person_id, post__in=access.posts_visible_to(user))


TENURE_FIELDS = ("id", "confidence", "post__title", "post__organization__name")


def _tenure_entries(user: Any, person: Person, lang: str) -> list[dict[str, Any]]:
    fields = (*TENURE_FIELDS, *_date_columns("start", "end"))
    rows = cited_rows("person:tenures", user, _tenures, fields, person.pk)
    return [
        {
            "kind": "tenure",
            "id": r["id"],
            "title": r["post__title"],
            "organization": r["post__organization__name"],
            "confidence": vocab("confidence", r["confidence"], lang),
            "start": _shown(r, "start", lang),
            "end": _shown(r, "end", lang),
            "citations": r["citations"],
        }
        for r in rows
    ]


def _participations(user: Any, person_id: int) -> QuerySet[Participant]:
    return access.participants_visible_to(user).filter(person_id=person_id)


PARTICIPANT_FIELDS = ("id", "role", "incident_id", "incident__title")


def _incident_entries(user: Any, person: Person, lang: str) -> list[dict[str, Any]]:
    fields = (*PARTICIPANT_FIELDS, *_date_columns("incident__start", "incident__end"))
    rows = cited_rows("person:participations", user, _participations, fields, person.pk)
    return [
        {
            "kind": "incident",
            "id": r["id"],
            "role": vocab("participant_role", r["role"], lang),
            "incident_id": r["incident_id"],
            "incident_title": r["incident__title"],
            "start": _shown(r, "incident__start", lang),
            "end": _shown(r, "incident__end", lang),
            "citations": r["citations"],
        }
        for r in rows
    ]


def _timeline(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tenures and incidents in date order; undated ones last."""
    return sorted(entries, key=lambda e: e["start"]["earliest"] if e["start"] else date.max)


def _person_names(user: Any, person_id: int) -> QuerySet[Name]:
    return access.names_visible_to(user).filter(person_id=person_id)


def _names(user: Any, person: Person, lang: str) -> list[dict[str, Any]]:
    fields = ("id", "text", "script", "kind")
    rows = cited_rows("person:names", user, _person_names, fields, person.pk)
    for r in rows:
        r["lang"] = "fa" if r["script"] == Script.PERSIAN else ""
        r["script_label"] = vocab("script", r["script"], lang)
        r["kind_label"] = vocab("name_kind", r["kind"], lang)
    return rows


CLAIM_FIELDS = ("id", "question", "value_number", "value_min", "value_max", "value_text")


def _person_claims(user: Any, person_id: int) -> QuerySet[Claim]:
    return access.claims_visible_to(user).filter(subject_person_id=person_id)


class _ClaimRow(SimpleNamespace):
    """A claim's value fields read as a row, with the model's own rule for showing them."""

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__(**row)
        self.value_display = Claim.value_display.fget(self)  # type: ignore[attr-defined]


def _claims(user: Any, person: Person, lang: str) -> list[dict[str, Any]]:
    fields = (*CLAIM_FIELDS, "assessment")
    rows = cited_rows("person:claims", user, _person_claims, fields, person.pk)
    return [
        {
            "id": r["id"],
            "question": question_label(r["question"]),
            "value": claim_value(_ClaimRow(r)),
            "assessment": vocab("assessment", r["assessment"], lang),
            "citations": r["citations"],
        }
        for r in rows
    ]


def person_facts(user: Any, person: Person) -> dict[str, Any]:
    """Everything shown on a person page, in a fixed number of queries, as plain rows with
    their labels, dates and citations ready to print: models, prefetches and template lookups
    per fact were most of this page's time."""
    lang = current_lang()
    names = _names(user, person, lang)
    entries = _tenure_entries(user, person, lang) + _incident_entries(user, person, lang)
    timeline = _timeline(entries)
    latest = [e for e in timeline if e["kind"] == "tenure"][-1:]
    # The reader's script first: a Persian page names the person in Persian where it can, with
    # the Latin name beside it.
    first, beside = reader_names([SimpleNamespace(pk=n["id"], **n) for n in names], lang)
    return {
        "display_name": first or display_name(person, names),
        "other_name": beside if lang == "fa" else "",
        "names": names,
        "timeline": timeline,
        "latest": latest[0] if latest else None,
        "claims": _claims(user, person, lang),
    }


@requires(ALL_ROLES)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # No names prefetch: `person_facts` reads the names and the display name comes from them.
    try:
        person = person_for_page(request.user, pk)
    except Http404:
        # An old link to a person merged since leads to the person it went into.
        return merged_redirect(request, pk)
    context = {
        "person": person,
        "can_edit": can_edit(request.user),
        "also": also_recorded_as(request.user, person),
        **person_facts(request.user, person),
    }
    return render(request, "khavaran/records/person_detail.html", context)


@requires(ALL_ROLES)
def organization_list(request: HttpRequest) -> HttpResponse:
    orgs = access.organizations_visible_to(request.user).order_by("name", "pk")
    listing = paged(request, orgs, "organizations")
    context = {"organizations": listing.items, "listing": listing}
    return render(request, "khavaran/records/organization_list.html", context)


@requires(ALL_ROLES)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = get_visible(_cited(access.organizations_visible_to(user), user), pk)
    tenures = _cited(access.tenures_visible_to(user).filter(post__organization=org), user)
    tenures = tenures.select_related("post", "start", "end").prefetch_related(
        visible_names_prefetch(user, "person__names")
    )
    context = {
        "organization": org,
        "tenures": list(tenures),
        "can_edit": can_edit(user),
        "posts": list(access.posts_visible_to(user).filter(organization=org)),
    }
    return render(request, "khavaran/records/organization_detail.html", context)


@requires(ALL_ROLES)
def post_list(request: HttpRequest) -> HttpResponse:
    posts = access.posts_visible_to(request.user).select_related("organization")
    listing = paged(request, posts.order_by("title", "pk"), "posts")
    context = {"posts": listing.items, "listing": listing}
    return render(request, "khavaran/records/post_list.html", context)


@requires(ALL_ROLES)
def tenure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    tenures = (
        _cited(access.tenures_visible_to(user).filter(post__in=access.posts_visible_to(user)), user)
        .select_related("post__organization", "start", "end")
        .prefetch_related(visible_names_prefetch(user, "person__names"))
    )
    listing = paged(request, tenures.order_by("start__earliest", "pk"), "tenures")
    context = {"tenures": listing.items, "listing": listing}
    return render(request, "khavaran/records/tenure_list.html", context)


@requires(ALL_ROLES)
def place_list(request: HttpRequest) -> HttpResponse:
    listing = paged(request, places_visible_to(request.user).order_by("name", "pk"), "places")
    context = {"places": listing.items, "listing": listing}
    return render(request, "khavaran/records/place_list.html", context)


@requires(ALL_ROLES)
def incident_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "khavaran/records/incident_list.html", incidents_page(request, request.user)
    )


def incidents_page(request: HttpRequest, user: Any) -> dict[str, Any]:
    """A page of the incidents `user` may see, in date order (undated last): the incident
    lists' context."""
    incidents = access.incidents_visible_to(user).select_related("start", "end")
    ordered = incidents.order_by(F("start__earliest").asc(nulls_last=True), "pk")
    listing = paged(request, ordered, "incidents")
    return {"incidents": listing.items, "listing": listing}


# The versions of one figure side by side, on its own page and on its subject's: lowest first.
FIGURE_ORDER = ("value_number", "value_min", "id")


def incident_facts(user: Any, incident: Any) -> dict[str, Any]:
    claims = _cited(access.claims_visible_to(user).filter(subject_incident=incident), user)
    return {"claims": list(claims.order_by("question", *FIGURE_ORDER))}


def incident_people(request: HttpRequest, user: Any, incident: Incident) -> dict[str, Listing]:
    """An incident's victims and the others it names (perpetrators, witnesses ...), each in
    name order, a page at a time (thousands of victims would be megabytes on a phone): the
    victims paged by `?page=`, the others by `?others=`."""
    named = access.participants_visible_to(user).filter(incident=incident)
    lang = current_lang()
    victims = participants_by_name(named.filter(role="victim"), user, lang)
    others = participants_by_name(named.exclude(role="victim"), user, lang)
    return {
        "victims_listing": paged(request, victims, "victims"),
        "others_listing": paged(request, others, "people", param="others"),
    }


@requires(ALL_ROLES)
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    incident = get_visible(
        _cited(access.incidents_visible_to(user), user).select_related("start", "end"), pk
    )
    context = {
        "incident": incident,
        "can_edit": can_edit(user),
        **incident_facts(user, incident),
        **incident_people(request, user, incident),
    }
    return render(request, "khavaran/records/incident_detail.html", context)


@requires(ALL_ROLES)
def claim_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = access.claims_visible_to(user)
    # Paged by question, so that every version of a figure is on the same page.
    questions = visible.order_by("question").values_list("question", flat=True).distinct()
    listing = paged(request, questions, "questions")
    shown = _cited(visible, user).filter(question__in=list(listing.items))
    claims = list(shown.order_by("question", *FIGURE_ORDER))
    context = {"claims": claims, "subjects": question_subjects(user, claims), "listing": listing}
    return render(request, "khavaran/records/claim_list.html", context)


def question_subjects(user: Any, claims: list[Claim]) -> dict[str, str]:
    """Each question's subject as the reader may see it (its first claim's), so that a list of
    questions says "Number of people killed: Mass execution ..." rather than a key. Two
    queries, whatever the number of claims."""
    incident_ids = {c.subject_incident_id for c in claims if c.subject_incident_id}
    person_ids = {c.subject_person_id for c in claims if c.subject_person_id}
    incidents = dict(
        access.incidents_visible_to(user).filter(pk__in=incident_ids).values_list("pk", "title")
    )
    people = {p.pk: p for p in people_with_names(user).filter(pk__in=person_ids)}
    subjects: dict[str, str] = {}
    for c in claims:
        if c.question in subjects:
            continue
        if c.subject_incident_id in incidents:
            subjects[c.question] = incidents[c.subject_incident_id]
        elif c.subject_person_id in people:
            subjects[c.question] = person_text(people[c.subject_person_id])
    return subjects


def person_text(person: Person) -> str:
    """A person's name in the reader's script first, as plain text (a title, a subject)."""
    first, beside = reader_names(person.names.all())
    if not first:
        return person.display_name
    return f"{first} ({beside})" if beside and current_lang() == "fa" else first


@requires(ALL_ROLES)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    claim = get_visible(_cited(access.claims_visible_to(user), user), pk)
    context = {
        "claim": claim,
        "can_edit": can_edit(user),
        "can_review": can_review(user),
        "subject": claim_subject(user, claim),
    }
    return render(request, "khavaran/records/claim_detail.html", context)


def contested_claims(user: Any, question: str) -> list[Claim]:
    """The visible versions; a 404 when there is none (the question is not echoed back)."""
    claims = _cited(access.claims_visible_to(user).filter(question=question), user)
    found = list(claims.order_by(*FIGURE_ORDER))
    if not found:
        raise Http404("no such question")
    return found


@requires(ALL_ROLES)
def contested(request: HttpRequest, question: str) -> HttpResponse:
    """Every visible version of one contested fact, side by side, with who asserted it."""
    claims = contested_claims(request.user, question)
    context = {
        "question": question,
        "claims": claims,
        "subject": claim_subject(request.user, claims[0]),
        "can_review": can_review(request.user),
    }
    return render(request, "khavaran/records/contested.html", context)


def claim_subject(user: Any, claim: Claim, prefix: str = "") -> dict[str, str] | None:
    """The claim's subject as a link, only when the user may read it."""
    if claim.subject_incident_id:
        incident = access.incidents_visible_to(user).filter(pk=claim.subject_incident_id).first()
        if incident is not None:
            return {"title": incident.title, "url": f"{prefix}/incidents/{incident.pk}/"}
    if claim.subject_person_id:
        person = people_with_names(user).filter(pk=claim.subject_person_id).first()
        if person is not None:
            return {"title": person_text(person), "url": f"{prefix}/people/{person.pk}/"}
    return None
