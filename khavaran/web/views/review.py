"""Reviewers assess claims: uncorroborated, corroborated, contested, refuted."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from khavaran.records import access
from khavaran.records.actions import assess_claim
from khavaran.web.forms import AssessForm
from khavaran.web.permissions import REVIEWERS, requires


@requires(REVIEWERS)
def claim_assess(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_visible(access.claims_visible_to(request.user), pk)
    form = AssessForm(request.POST or None, initial={"assessment": claim.assessment})
    if request.method == "POST" and form.is_valid():
        assess_claim(
            claim,
            form.cleaned_data["assessment"],
            actor=request.user.get_username(),
            reason=form.cleaned_data["reason"],
        )
        wanted = request.POST.get("next", "")
        same_site = url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(wanted if wanted and same_site else f"/claims/{claim.pk}/")
    return render(
        request,
        "khavaran/records/assess.html",
        {"form": form, "claim": claim},
        status=400 if form.errors else 200,
    )
