"""Cite while reading: a selection in a source's text becomes an Excerpt, and from it a Claim,
a Name (or a new Person), a Tenure, an Incident or a participation in one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khavaran.evidence.access import excerpts_visible_to, get_source_for_user
from khavaran.evidence.actions import add_excerpt, find_quote, same_words
from khavaran.evidence.models import Excerpt, Source
from khavaran.ids import fits_a_row_id
from khavaran.records import access
from khavaran.records.actions import (
    BadValue,
    ClaimSpec,
    NameSpec,
    add_name,
    add_participant,
    at_least_cited_level,
    create_incident,
    create_organization,
    create_person,
    get_or_create_post,
    raised_level,
    record_claim,
    record_tenure,
    same_name,
    same_participation,
)
from khavaran.records.citations import MissingCitation
from khavaran.records.models import Claim
from khavaran.text.arabic_script import has_visible_text
from khavaran.web import forms
from khavaran.web.dates import save_date_text
from khavaran.web.permissions import EDITORS, requires
from khavaran.web.templatetags.khavaran import vocab


def locate_span(source: Source, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """The span the reader selected, checked against the text; None when it cannot be found.

    The offsets are trusted when they hold exactly the quoted words; otherwise (a browser that
    normalized whitespace) the quote is looked up, up to whitespace, and must be nearby. A
    quote with no words (spaces, line breaks) is never a citation, and the span found must hold
    the quote's words, up to whitespace, whatever the offsets said.
    """
    if not has_visible_text(quote):
        return None
    if source.text[start:end] == quote:
        return start, end
    window_start = max(0, start - 200)
    found = find_quote(source.text[window_start : end + 200], quote)
    if found is None:
        return None
    span = found[0] + window_start, found[1] + window_start
    return span if same_words(source.text[span[0] : span[1]], quote) else None


@requires(EDITORS)
def excerpt_create(request: HttpRequest, pk: int) -> HttpResponse:
    """POST start/end/quote → a new Excerpt, answered with the fact forms to make from it."""
    source = get_source_for_user(request.user, pk)
    form = forms.SpanForm(request.POST)
    span = None
    if form.is_valid():
        data = form.cleaned_data
        span = locate_span(source, data["start"], data["end"], data["quote"])
    if span is None:
        said = form.non_field_errors()
        message = said[0] if said else _("That selection is not in this source's text.")
        return render(request, "khavaran/cite/_refused.html", {"message": message}, status=400)
    excerpt = _existing_or_new(source, span, request.user.get_username())
    return render(request, "khavaran/cite/_excerpt.html", {"excerpt": excerpt, "source": source})


def _existing_or_new(source: Source, span: tuple[int, int], actor: str) -> Excerpt:
    existing = Excerpt.objects.filter(source=source, start=span[0], end=span[1]).first()
    return existing or add_excerpt(source, start=span[0], end=span[1], actor=actor)


def _excerpts(request: HttpRequest) -> QuerySet[Excerpt]:
    return excerpts_visible_to(request.user).select_related("source")


def _initial_excerpts(request: HttpRequest) -> list[Excerpt]:
    ids = [i for i in request.GET.getlist("excerpts") if fits_a_row_id(i)]
    return list(_excerpts(request).filter(pk__in=ids))


FactSaver = Callable[[HttpRequest, dict[str, Any]], Any]


def _fact_view(
    request: HttpRequest,
    form_class: type[forms.CitedForm],
    title: str,
    save: FactSaver,
    extra: dict[str, Any] | None = None,
    **form_kwargs: Any,
) -> HttpResponse:
    """Shared flow of every fact form: refuse without an excerpt, save, go to the record."""
    chosen = _initial_excerpts(request)
    initial: dict[str, Any] = {**request.GET.dict(), "excerpts": chosen}
    level = form_class.base_fields.get("confidentiality")
    if level is not None:
        # Offer the level the record will have: at least that of the sources it cites.
        initial["confidentiality"] = at_least_cited_level(
            initial.get("confidentiality") or level.initial or "public", chosen
        )
    form = form_class(
        request.POST or None, excerpts=_excerpts(request), initial=initial, **form_kwargs
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                url = save(request, form.cleaned_data)
            return redirect(url)
        except BadValue as error:
            form.add_error(None, forms.value_message(error))
        except MissingCitation:
            # The form asks for its excerpts; the action's own words are English and name
            # its models.
            form.add_error(None, _("Not saved: cite at least one excerpt from a source."))
    if request.method == "POST":
        chosen = list(form.cleaned_data.get("excerpts") or []) if form.is_bound else chosen
    context = {"form": form, "title": title, "chosen": chosen, **(extra or {})}
    return render(
        request, "khavaran/cite/fact_form.html", context, status=400 if form.errors else 200
    )


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


def _say_if_raised(request: HttpRequest, asked: str | None, record: models.Model) -> None:
    """Tell whoever asked for a lower level that the record was saved at its evidence's."""
    level = raised_level(asked, record)
    if level is not None:
        label = vocab("confidentiality", level)
        messages.warning(
            request,
            _("Saved as %(level)s: it cites a %(level)s source.") % {"level": label.lower()},
        )


def _save_claim(request: HttpRequest, data: dict[str, Any]) -> str:
    fields = {k: data[k] for k in ClaimSpec.__dataclass_fields__ if k in data and k != "excerpts"}
    fields = {k: v for k, v in fields.items() if v not in (None, "")}
    claim = record_claim(
        ClaimSpec(excerpts=list(data["excerpts"]), **fields), actor=_actor(request)
    )
    _say_if_raised(request, data.get("confidentiality"), claim)
    return f"/claims/{claim.pk}/"


@requires(EDITORS)
def claim_create(request: HttpRequest) -> HttpResponse:
    questions = (
        Claim.objects.filter(pk__in=access.claims_visible_to(request.user))
        .values_list("question", flat=True)
        .distinct()
        .order_by("question")
    )
    return _fact_view(
        request,
        forms.ClaimForm,
        _("New claim"),
        _save_claim,
        extra={"questions": list(questions)},
        incidents=access.incidents_visible_to(request.user),
        people=access.people_visible_to(request.user),
    )


def _save_name(request: HttpRequest, data: dict[str, Any]) -> str:
    spec = NameSpec(
        text=data["text"], script=data["script"], kind=data["kind"], excerpts=list(data["excerpts"])
    )
    person = data.get("person")
    if person is None:
        person = create_person(
            [spec],
            actor=_actor(request),
            father_name=data["father_name"],
            confidentiality=data["confidentiality"],
        )
        _say_if_raised(request, data["confidentiality"], person)
        return f"/people/{person.pk}/"
    known = same_name(person, spec.text, spec.script)
    add_name(person, spec, actor=_actor(request))
    if known is not None:
        messages.info(
            request,
            _("“%(name)s” is already a name of this person: the passage is now cited for it too.")
            % {"name": known.text},
        )
    return f"/people/{person.pk}/"


@requires(EDITORS)
def name_create(request: HttpRequest) -> HttpResponse:
    return _fact_view(
        request,
        forms.NameForm,
        _("New name or person"),
        _save_name,
        people=access.people_visible_to(request.user),
        names=access.names_visible_to(request.user),
    )


def _save_tenure(request: HttpRequest, data: dict[str, Any]) -> str:
    post = get_or_create_post(data["post_title"], data.get("organization"), actor=_actor(request))
    tenure = record_tenure(
        data["person"],
        post,
        excerpts=list(data["excerpts"]),
        actor=_actor(request),
        start=save_date_text(data["start"]),
        end=save_date_text(data["end"]),
        confidence=data["confidence"],
    )
    return f"/people/{tenure.person_id}/"


@requires(EDITORS)
def tenure_create(request: HttpRequest) -> HttpResponse:
    return _fact_view(
        request,
        forms.TenureForm,
        _("New tenure"),
        _save_tenure,
        people=access.people_visible_to(request.user),
        organizations=access.organizations_visible_to(request.user),
    )


def _save_participant(request: HttpRequest, data: dict[str, Any]) -> str:
    if same_participation(data["incident"], data["person"], data["role"]) is not None:
        messages.info(
            request,
            _("This participation was already recorded: the passage is now cited for it too."),
        )
    add_participant(
        data["incident"],
        data["person"],
        role=data["role"],
        excerpts=list(data["excerpts"]),
        actor=_actor(request),
    )
    return f"/incidents/{data['incident'].pk}/"


@requires(EDITORS)
def participant_create(request: HttpRequest) -> HttpResponse:
    return _fact_view(
        request,
        forms.ParticipantForm,
        _("New participation in an incident"),
        _save_participant,
        incidents=access.incidents_visible_to(request.user),
        people=access.people_visible_to(request.user),
    )


def _save_incident(request: HttpRequest, data: dict[str, Any]) -> str:
    incident = create_incident(
        data["title"],
        kind=data["kind"],
        actor=_actor(request),
        start=save_date_text(data["start"]),
        end=save_date_text(data["end"]),
        place_text=data["place_text"],
        excerpts=list(data["excerpts"]),
        confidentiality=data["confidentiality"],
    )
    _say_if_raised(request, data["confidentiality"], incident)
    return f"/incidents/{incident.pk}/"


@requires(EDITORS)
def incident_create(request: HttpRequest) -> HttpResponse:
    return _fact_view(request, forms.IncidentForm, _("New incident"), _save_incident)


def _save_organization(request: HttpRequest, data: dict[str, Any]) -> str:
    org = create_organization(
        data["name"],
        actor=_actor(request),
        kind=data["kind"],
        name_fa=data["name_fa"],
        excerpts=list(data["excerpts"]),
        confidentiality=data["confidentiality"],
    )
    _say_if_raised(request, data["confidentiality"], org)
    return f"/organizations/{org.pk}/"


@requires(EDITORS)
def organization_create(request: HttpRequest) -> HttpResponse:
    return _fact_view(request, forms.OrganizationForm, _("New organization"), _save_organization)
