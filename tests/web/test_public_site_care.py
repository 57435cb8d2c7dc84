"""The public memorial keeps staff out of sight and its visitors on its own pages."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_who_assessed_a_claim_is_not_shown_to_the_public(client_as: Any, case: Any) -> None:
    from khavaran.records.actions import assess_claim
    from khavaran.records.models import Claim

    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    claim = Claim.objects.filter(confidentiality="public").order_by("pk").first()
    assess_claim(claim, "corroborated", actor="reviewer-maryam", reason="two sources")
    pages = [
        client_as(None).get(f"/public/claims/{claim.pk}/").content.decode(),
        client_as(None).get(f"/public/claims/question/{claim.question}/").content.decode(),
        client_as("viewer").get(f"/claims/{claim.pk}/").content.decode(),
    ]
    assert all("reviewer-maryam" not in page for page in pages)
    assert "reviewer-maryam" in client_as("analyst").get(f"/claims/{claim.pk}/").content.decode()


def test_a_missing_public_page_leads_back_to_the_public_site(client_as: Any) -> None:
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    response = client_as(None).get("/public/people/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<a href="/public/">' in page and 'value="/public/"' in page


def test_each_language_is_offered_under_its_own_name(client_as: Any) -> None:
    client = client_as("viewer")
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    page = client.get("/sources/").content.decode()
    assert 'lang="en">English</button>' in page and 'lang="fa">فارسی</button>' in page
