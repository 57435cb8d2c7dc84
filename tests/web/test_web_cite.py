"""Cite while reading: a selection becomes an Excerpt, and a fact is made from it."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.evidence.models import Excerpt
from khavaran.public_ids import public_id
from khavaran.records.models import Claim, Person, Tenure

pytestmark = pytest.mark.django_db


def _select(client: Any, source: Any, words: str) -> Any:
    start = source.text.index(words)
    return client.post(
        f"/sources/{source.pk}/excerpts/",
        {"start": start, "end": start + len(words), "quote": words},
    )


def test_it_creates_an_excerpt_from_the_exact_span(client_as: Any, case: dict[str, Any]) -> None:
    words = "deputy prosecutor of Tehran"
    source = case["english"]
    response = _select(client_as("investigator"), source, words)
    assert response.status_code == 200
    excerpt = Excerpt.objects.get(
        pk=response.content.decode().split('data-excerpt-id="')[1].split('"')[0]
    )
    assert source.text[excerpt.start : excerpt.end] == words
    assert "/new/claim/?excerpts=" in response.content.decode()


def test_it_gets_persian_offsets_right(client_as: Any, case: dict[str, Any]) -> None:
    words = "ابراهیم رئیسی"
    response = _select(client_as("investigator"), case["persian"], words)
    assert response.status_code == 200
    excerpt = Excerpt.objects.order_by("-pk").first()
    assert excerpt is not None
    assert excerpt.quoted_text == words
    assert case["persian"].text[excerpt.start : excerpt.end] == words


def test_it_refuses_a_span_that_does_not_hold_the_quote(
    client_as: Any, case: dict[str, Any]
) -> None:
    response = client_as("investigator").post(
        f"/sources/{case['english'].pk}/excerpts/", {"start": 0, "end": 5, "quote": "nowhere xyz"}
    )
    assert response.status_code == 400


def test_it_refuses_to_cite_a_source_the_user_cannot_read(
    client_as: Any, case: dict[str, Any]
) -> None:
    response = client_as("viewer").post(
        f"/sources/{case['testimony'].pk}/excerpts/", {"start": 0, "end": 5, "quote": "x"}
    )
    assert response.status_code == 403


def _claim_form(excerpt_ids: list[int], **overrides: Any) -> dict[str, Any]:
    return {
        "excerpts": excerpt_ids,
        "question": "number-killed:massacre-1988",
        "predicate": "victim_count",
        "value_number": "30000",
        "attributed_to": "the article itself (it names no source)",
        "confidentiality": "public",
        **overrides,
    }


def test_it_makes_a_claim_from_an_excerpt(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("investigator")
    _select(client, case["figures"], "30,000")
    excerpt = Excerpt.objects.order_by("-pk").first()
    assert excerpt is not None
    response = client.post("/new/claim/", _claim_form([excerpt.pk]))
    assert response.status_code == 302
    claim = Claim.objects.order_by("-pk").first()
    assert claim is not None
    assert list(claim.excerpts.all()) == [excerpt]
    assert claim.value_number == 30000


def test_it_refuses_a_claim_without_an_excerpt(client_as: Any) -> None:
    before = Claim.objects.count()
    response = client_as("investigator").post("/new/claim/", _claim_form([]))
    assert response.status_code == 400
    assert "needs at least one excerpt" in response.content.decode()
    assert Claim.objects.count() == before


def test_it_refuses_to_cite_an_excerpt_from_a_hidden_source(
    client_as: Any, case: dict[str, Any]
) -> None:
    hidden = Excerpt.objects.filter(source=case["testimony"]).first()
    assert hidden is not None
    response = client_as("reviewer").post("/new/claim/", _claim_form([hidden.pk]))
    assert response.status_code == 403


def test_it_creates_a_person_from_a_cited_name(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("investigator")
    _select(client, case["persian"], "ابراهیم رئیسی")
    excerpt = Excerpt.objects.order_by("-pk").first()
    assert excerpt is not None
    response = client.post(
        "/new/name/",
        {
            "excerpts": [excerpt.pk],
            "text": "ابراهیم رئیسی",
            "script": "persian",
            "kind": "alias",
            "father_name": "سید حاجی",
            "confidentiality": "public",
            # Raisi already bears this name: a new person is made only when confirmed.
            "someone_else": "on",
        },
    )
    assert response.status_code == 302
    person = Person.objects.order_by("-pk").first()
    assert person is not None
    assert person.father_name == "سید حاجی"


def _tenure(client: Any, case: dict[str, Any], excerpt: Excerpt, **dates: str) -> Any:
    """Post a tenure of Raisi as commission member, cited from `excerpt`, with these dates."""
    fields = {"excerpts": [excerpt.pk], "person": case["raisi"].pk, "confidence": "high"}
    return client.post("/new/tenure/", {**fields, "post_title": "Commission member", **dates})


def test_it_records_a_tenure_with_dates_as_sources_give_them(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    _select(client, case["english"], "Ebrahim Raisi")
    excerpt = Excerpt.objects.order_by("-pk").first()
    assert excerpt is not None
    response = _tenure(client, case, excerpt, start="Mordad 1367", end="summer 1988")
    assert response.status_code == 302
    tenure = Tenure.objects.order_by("-pk").first()
    assert tenure is not None and tenure.start is not None
    assert (tenure.start.original, str(tenure.start.earliest)) == ("Mordad 1367", "1988-07-23")
    page = client.get(f"/people/{case['raisi'].pk}/").content.decode()
    assert "مرداد ۱۳۶۷" in page or "Mordad 1367" in page


def test_it_refuses_an_unreadable_date(client_as: Any, case: dict[str, Any]) -> None:
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    assert excerpt is not None
    response = _tenure(client_as("investigator"), case, excerpt, start="the day after never")
    assert response.status_code == 400
    assert "Cannot read the date" in response.content.decode()


def test_it_refuses_a_tenure_that_ends_before_it_starts(
    client_as: Any, case: dict[str, Any]
) -> None:
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    assert excerpt is not None
    response = _tenure(client_as("investigator"), case, excerpt, start="1990", end="1980")
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    assert not Tenure.objects.filter(post__title="Commission member").exists()


def test_it_refuses_a_claim_whose_least_is_more_than_its_most(
    client_as: Any, case: dict[str, Any]
) -> None:
    excerpt = Excerpt.objects.filter(source=case["figures"]).first()
    assert excerpt is not None
    count = Claim.objects.count()
    response = client_as("investigator").post(
        "/new/claim/",
        {
            "excerpts": [excerpt.pk],
            "question": "number-killed:test",
            "predicate": "victim_count",
            "value_min": "100",
            "value_max": "1",
            "confidentiality": "public",
        },
    )
    assert response.status_code == 400
    assert "The most is less than the least" in response.content.decode()
    assert Claim.objects.count() == count


def test_an_incident_citing_a_confidential_testimony_is_offered_and_kept_confidential(
    client_as: Any, case: dict[str, Any]
) -> None:
    from khavaran.records.models import Incident

    client = client_as("investigator")
    secret = Excerpt.objects.filter(source=case["testimony"]).first()
    assert secret is not None and case["testimony"].confidentiality == "confidential"
    form = client.get(f"/new/incident/?excerpts={secret.pk}").content.decode()
    assert '<option value="confidential" selected>' in form
    response = client.post(
        "/new/incident/",
        {
            "excerpts": [secret.pk],
            "title": "Grave found by the family of Witness A",
            "kind": "burial",
            "confidentiality": "public",  # asked for, and raised to the testimony's level
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get(title="Grave found by the family of Witness A")
    assert incident.confidentiality == "confidential"
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    assert (
        client_as(None).get(f"/public/incidents/{public_id('incident', incident.pk)}/").status_code
        == 404
    )
    # And it cannot be opened up while the testimony is its evidence.
    edit = client.post(
        f"/edit/incident/{incident.pk}/",
        {"title": incident.title, "kind": "burial", "confidentiality": "public", "reason": "x"},
    )
    assert edit.status_code == 400 and "cannot be" in edit.content.decode()


def test_a_claim_with_no_value_is_refused_in_the_readers_language(
    client_as: Any, case: dict[str, Any]
) -> None:
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    assert excerpt is not None
    client = client_as("investigator")
    client.post("/language/", {"language": "fa", "next": "/"})
    before = Claim.objects.count()
    page = client.post("/new/claim/", _claim_form([excerpt.pk], value_number="")).content.decode()
    assert "مقداری را که منبع بیان می‌کند بنویسید." in page
    assert "give the value the source states" not in page
    assert Claim.objects.count() == before
