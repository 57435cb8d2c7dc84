"""Cases: the list, a case page with its element matrix (gaps marked per accused), forms to open
a case, change the crimes alleged, accuse or withdraw a person and link an element to the
passages that prove it, the case file download, and the dossier of a person. Never on the
public site (docs/cases.md). Refusals are worded for the forms (`case_forms.case_error_message`),
not as the command line words them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khavaran.accounts.access import clearance_of
from khavaran.evidence.access import excerpts_visible_to
from khavaran.records import access
from khavaran.records.access import get_visible
from khavaran.records.actions import TooOpen
from khavaran.records.cases import (
    CaseError,
    LinkSpec,
    accuse,
    create_case,
    delete_link,
    link_element,
    set_crimes,
    withdraw_accused,
)
from khavaran.records.citations import MissingCitation
from khavaran.records.dossiers import accused_visible, case_file, dossier
from khavaran.records.models import Case
from khavaran.vocabulary import CONFIDENTIALITY_ORDER
from khavaran.web.case_forms import (
    AccuseForm,
    CaseForm,
    CrimesForm,
    LinkForm,
    WithdrawForm,
    case_error_message,
)
from khavaran.web.forms import ReasonForm
from khavaran.web.permissions import ALL_ROLES, EDITORS, can_edit, requires
from khavaran.web.queries import person_for_page
from khavaran.web.views.history import too_open_message


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


def _case(request: HttpRequest, pk: int) -> Case:
    return get_visible(access.cases_visible_to(request.user), pk)


@requires(ALL_ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases this user may read, each with the accused and links they may see (a case
    lists few; counting per case keeps the gates' own queries)."""
    user = request.user
    cases = list(access.cases_visible_to(user).order_by("-pk"))
    links = access.element_links_visible_to(user)
    for c in cases:
        c.accused_count = accused_visible(user, c).count()  # type: ignore[attr-defined]
        c.link_count = links.filter(case=c).count()  # type: ignore[attr-defined]
    context = {"cases": cases, "can_edit": can_edit(user)}
    return render(request, "khavaran/cases/case_list.html", context)


@requires(EDITORS)
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = create_case(data["title"], actor=_actor(request), **_case_fields(data))
            return redirect(f"/cases/{case.pk}/")
        except CaseError as error:
            form.add_error(None, _refusal(error))
    context = {"form": form, "title": _("New case")}
    status = 400 if form.errors else 200
    return render(request, "khavaran/cases/form.html", context, status=status)


def _case_fields(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("description", "crimes", "confidentiality")
    return {k: data[k] for k in keys}


def _refusal(error: Exception) -> str:
    """A write's refusal in the reader's language, worded for the form."""
    if isinstance(error, CaseError):
        return case_error_message(error)
    if isinstance(error, TooOpen):
        return too_open_message(error)
    if isinstance(error, MissingCitation):
        return _("A link needs a citation: give an excerpt number or choose a claim.")
    return str(error)


def _detail(
    request: HttpRequest, case: Case, crimes_form: CrimesForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    cf = case_file(user, case)
    context: dict[str, Any] = {
        "case": case,
        "file": cf,
        "proof": cf.proof_by_accused(),
        "can_edit": can_edit(user),
        # Below the top level the statuses rest on part of the record: the page says so.
        "partial": clearance_of(user) != CONFIDENTIALITY_ORDER[-1],
    }
    if context["can_edit"]:
        already = case.accusations.values("person_id")
        people = access.people_visible_to(user).exclude(pk__in=already)
        context["accuse_form"] = AccuseForm(people=people)
        context["crimes_form"] = crimes_form or CrimesForm(initial={"crimes": list(case.crimes)})
    return render(request, "khavaran/cases/case_detail.html", context, status=status)


@requires(ALL_ROLES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page; an editor's POST changes the crimes alleged (with a reason)."""
    case = _case(request, pk)
    if request.method != "POST":
        return _detail(request, case)
    if not can_edit(request.user):
        return HttpResponseForbidden(_("Only investigators and admins change a case."))
    form = CrimesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            set_crimes(
                case,
                data["crimes"],
                actor=_actor(request),
                reason=data["reason"],
                reader=request.user,
            )
            return redirect(f"/cases/{case.pk}/")
        except CaseError as error:
            form.add_error(None, _refusal(error))
    return _detail(request, case, crimes_form=form, status=400)


@requires(EDITORS)
def case_accuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Accuse a person (`person`), or withdraw one (`withdraw`, with a reason). A GET goes
    back to the case page, where both forms are."""
    case = _case(request, pk)
    if request.method != "POST":
        return redirect(f"/cases/{case.pk}/#accused")
    if "withdraw" in request.POST:
        return _withdraw(request, case)
    form = AccuseForm(request.POST, people=access.people_visible_to(request.user))
    if form.is_valid():
        try:
            accuse(case, form.cleaned_data["person"], actor=_actor(request))
        except CaseError as error:
            form.add_error(None, _refusal(error))
    if form.errors:
        context = {"form": form, "title": _("Accuse a person in %(case)s") % {"case": case}}
        context["case"] = case
        return render(request, "khavaran/cases/form.html", context, status=400)
    return redirect(f"/cases/{case.pk}/#accused")


def _withdraw(request: HttpRequest, case: Case) -> HttpResponse:
    form = WithdrawForm(request.POST, people=accused_visible(request.user, case))
    if form.is_valid():
        data = form.cleaned_data
        try:
            withdraw_accused(
                case,
                data["withdraw"],
                actor=_actor(request),
                reason=data["reason"],
                reader=request.user,
            )
            return redirect(f"/cases/{case.pk}/#accused")
        except CaseError as error:
            form.add_error(None, _refusal(error))
    title = _("Withdraw an accused from %(case)s") % {"case": case}
    context = {"form": form, "title": title, "case": case}
    return render(request, "khavaran/cases/form.html", context, status=400)


def _link_form(request: HttpRequest, case: Case) -> LinkForm:
    user = request.user
    return LinkForm(
        request.POST or None,
        initial=request.GET.dict(),
        crimes=list(case.crimes),
        people=accused_visible(user, case),
        excerpts=excerpts_visible_to(user).select_related("source"),
        claims=access.claims_visible_to(user).order_by("question", "pk"),
        reader=user,
    )


def _save_link(request: HttpRequest, case: Case, data: dict[str, Any]) -> None:
    claim = data.get("claim")
    excerpts = [data["excerpt"]] if data.get("excerpt") else []
    if not excerpts and claim is not None:
        excerpts = list(excerpts_visible_to(request.user).filter(cited_claim=claim))
    spec = LinkSpec(
        case=case,
        element=data["element"],
        strength=data["strength"],
        excerpts=[e for e in excerpts],
        person=data.get("person"),
        crime=data.get("crime") or "",
        note=data["note"],
        claim=claim,
        confidentiality=data["confidentiality"],
    )
    link_element(spec, actor=_actor(request))


@requires(EDITORS)
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = _link_form(request, case)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _save_link(request, case, form.cleaned_data)
            return redirect(f"/cases/{case.pk}/#matrix")
        except (CaseError, MissingCitation, TooOpen) as error:
            form.add_error(None, _refusal(error))
    context = {"form": form, "title": _("Link evidence to an element"), "case": case}
    status = 400 if form.errors else 200
    return render(request, "khavaran/cases/form.html", context, status=status)


@requires(EDITORS)
def link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_visible(access.element_links_visible_to(request.user), pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delete_link(link, actor=_actor(request), reason=form.cleaned_data["reason"])
            return redirect(f"/cases/{link.case_id}/#matrix")
        except CaseError as error:
            form.add_error(None, _refusal(error))
    context = {"form": form, "title": _("Delete link %(n)s") % {"n": link.pk}}
    status = 400 if form.errors else 200
    return render(request, "khavaran/cases/form.html", context, status=status)


@requires(ALL_ROLES)
# It adds custody events to the chain handed to a court: a form's POST, never a link another
# site could make a signed-in browser follow.
@require_POST
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The case file as a download (posted `format=md|json`), at the reader's clearance; each
    cited source gets an `exported` custody event, as with the CLI; an altered or missing
    original refuses the download (409) and logs nothing."""
    from khavaran.exports.casefile import CaseFileError, case_file_data, log_export, render_data

    fmt = request.POST.get("format", "md")
    if fmt not in ("md", "json"):
        fmt = "md"
    case = _case(request, pk)
    data = case_file_data(case_file(request.user, case), request.user)
    body = render_data(data, fmt)
    try:
        log_export(
            [s["source"] for s in data["sources"]],
            actor=_actor(request),
            method=f"web case file download ({fmt})",
            note=f"case {case.pk}; level {data['reader_level']}",
        )
    except CaseFileError as error:
        context = {"case": case, "detail": str(error)}
        return render(request, "khavaran/cases/export_refused.html", context, status=409)
    response = HttpResponse(
        body, content_type="text/markdown; charset=utf-8" if fmt == "md" else "application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}.{fmt}"'
    return response


@requires(ALL_ROLES)
def person_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's dossier: names, positions over time, incidents and role, claims, statements
    and the element links of every case the reader may see."""
    person = person_for_page(request.user, pk)
    context = {"dossier": dossier(request.user, person), "person": person}
    return render(request, "khavaran/cases/dossier.html", context)
