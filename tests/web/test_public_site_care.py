"""The public memorial keeps staff out of sight and its visitors on its own pages."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.public_ids import public_id

pytestmark = pytest.mark.django_db


def test_who_assessed_a_claim_is_not_shown_to_the_public(client_as: Any, case: Any) -> None:
    from khavaran.records.actions import assess_claim
    from khavaran.records.models import Claim

    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    claim = Claim.objects.filter(confidentiality="public").order_by("pk").first()
    assess_claim(claim, "corroborated", actor="reviewer-maryam", reason="two sources")
    pages = [
        client_as(None).get(f"/public/claims/{public_id('claim', claim.pk)}/").content.decode(),
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


def test_a_one_day_incident_shows_one_day_and_an_open_one_no_dangling_dash(
    client_as: Any, tmp_path: Any
) -> None:
    from datetime import date

    from khavaran.records.actions import create_incident, save_fuzzy_date
    from tests.factories import make_excerpt, make_source

    excerpt = make_excerpt(make_source(tmp_path, "Executions on 10 Mordad 1367 at Evin."))
    day = save_fuzzy_date(date(1988, 8, 1), date(1988, 8, 1), original="10 Mordad 1367")
    again = save_fuzzy_date(date(1988, 8, 1), date(1988, 8, 1), original="1 August 1988")
    one_day = create_incident(
        "One day", kind="execution", actor="t", start=day, end=again, excerpts=[excerpt]
    )
    open_ended = create_incident("Open", kind="execution", actor="t", start=day, excerpts=[excerpt])
    viewer = client_as("admin")
    for incident in (one_day, open_ended):
        page = viewer.get(f"/incidents/{incident.pk}/").content.decode()
        start = page.index("<dt>When</dt>")
        when = page[start : page.index("</dd>", start)]
        assert " – " not in when, when
