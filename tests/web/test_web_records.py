"""Record pages: the person page with its timeline, the contested-figure view, citations."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from khavaran.evidence.models import Excerpt
from khavaran.records.actions import NameSpec, add_name
from khavaran.records.models import Claim

pytestmark = pytest.mark.django_db

QUESTION = "number-killed:massacre-1988"


def test_it_shows_all_names_in_both_scripts(client_as: Any, case: dict[str, Any]) -> None:
    page = client_as("viewer").get(f"/people/{case['raisi'].pk}/").content.decode()
    assert "Ebrahim Raisi" in page
    assert "ابراهیم رئیسی" in page


def test_it_shows_a_timeline_of_tenures_and_incidents(client_as: Any, case: dict[str, Any]) -> None:
    page = client_as("viewer").get(f"/people/{case['raisi'].pk}/").content.decode()
    timeline = page.split('class="timeline"')[1]
    assert case["massacre"].title in timeline
    assert "Latest known post" in page
    assert "/sources/" in timeline and "?excerpt=" in timeline


def test_it_reads_the_person_page_in_a_fixed_number_of_queries(
    client_as: Any, case: dict[str, Any]
) -> None:
    client, person = client_as("investigator"), case["raisi"]
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    # The first request of a minute also renews the session (a write unrelated to the data).
    client.get(f"/people/{person.pk}/")
    counts = []
    for i in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/people/{person.pk}/").status_code == 200
        counts.append(len(queries))
        add_name(person, NameSpec(f"Alias {i}", "latin", [excerpt], "alias"), actor="test")
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 20


def test_it_puts_every_version_of_a_figure_side_by_side(
    client_as: Any, case: dict[str, Any]
) -> None:
    page = client_as("reviewer").get(f"/claims/question/{QUESTION}/").content.decode()
    claims = Claim.objects.filter(question=QUESTION, confidentiality="public")
    assert claims.count() >= 5
    for claim in claims:
        assert f'id="claim-{claim.pk}"' in page
        assert escape(claim.attributed_to) in page
    assert "Assess" in page


def test_it_lets_a_reviewer_assess_a_claim_with_a_reason(client_as: Any) -> None:
    claim = Claim.objects.filter(question=QUESTION).first()
    assert claim is not None
    response = client_as("reviewer").post(
        f"/claims/{claim.pk}/assess/", {"assessment": "contested", "reason": "other figures"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.assessment, claim.assessed_by) == ("contested", "reza")


def test_it_lets_no_analyst_assess(client_as: Any) -> None:
    claim = Claim.objects.filter(question=QUESTION).first()
    assert claim is not None
    response = client_as("analyst").post(
        f"/claims/{claim.pk}/assess/", {"assessment": "refuted", "reason": "x"}
    )
    assert response.status_code == 403


def test_it_records_the_unsourced_figure_beside_the_others(
    client_as: Any, case: dict[str, Any]
) -> None:
    """The issue's walk-through: select "30,000", claim it, see it in the contested view."""
    client, source = client_as("investigator"), case["figures"]
    words = "30,000"
    start = source.text.index(words)
    client.post(
        f"/sources/{source.pk}/excerpts/",
        {"start": start, "end": start + len(words), "quote": words},
    )
    excerpt = Excerpt.objects.get(source=source, start=start, end=start + len(words))
    client.post(
        "/new/claim/",
        {
            "excerpts": [excerpt.pk],
            "question": QUESTION,
            "predicate": "victim_count",
            "subject_incident": case["massacre"].pk,
            "value_number": "30000",
            "attributed_to": "the text gives no source for this figure",
            "confidentiality": "public",
        },
    )
    for lang in ("en", "fa"):
        client.post("/language/", {"language": lang, "next": "/"})
        page = client.get(f"/claims/question/{QUESTION}/").content.decode()
        assert "30,000" in page
        assert "the text gives no source for this figure" in page
        assert "Amnesty International" in page
