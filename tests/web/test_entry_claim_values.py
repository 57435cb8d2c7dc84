"""Entering figures as sources give them: a lower or upper bound alone is shown with its
number, the edit form checks a claim's value as the create form does, and figures may be typed
in Persian or Arabic-Indic digits."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from khavaran.evidence.models import Excerpt
from khavaran.records.models import Claim

pytestmark = pytest.mark.django_db

QUESTION = "number-killed:entry-test"


def _persian(client: Client) -> Client:
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    return client


def _excerpt(case: dict[str, Any]) -> Excerpt:
    excerpt = Excerpt.objects.filter(source=case["figures"]).first()
    assert excerpt is not None
    return excerpt


def _new_claim(client: Client, case: dict[str, Any], **values: str) -> Any:
    return client.post(
        "/new/claim/",
        {
            "excerpts": [_excerpt(case).pk],
            "question": QUESTION,
            "predicate": "victim_count",
            "attributed_to": "the article itself",
            "confidentiality": "public",
            **values,
        },
    )


def _saved(response: Any) -> Claim:
    assert response.status_code == 302, response.content.decode()[:2000]
    return Claim.objects.get(pk=response["Location"].strip("/").split("/")[-1])


def _edit(client: Client, claim: Claim, **changes: Any) -> Any:
    fields = ("question", "predicate", "subject_text", "value_text", "value_number")
    data = {f: getattr(claim, f) or "" for f in (*fields, "value_min", "value_max")}
    data |= {"qualifier": claim.qualifier, "attributed_to": claim.attributed_to}
    return client.post(f"/edit/claim/{claim.pk}/", {**data, "reason": "typo", **changes})


def test_a_claim_with_only_a_lower_bound_shows_its_number(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    claim = _saved(_new_claim(client, case, value_min="2000", qualifier="more than"))
    assert claim.value_display == "at least 2,000"
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<bdi>at least 2,000</bdi>" in page and "<bdi>more than</bdi>" in page
    contested = client.get(f"/claims/question/{QUESTION}/").content.decode()
    assert "at least 2,000" in contested
    # The list and the claim's own heading keep the source's "more than" beside the figure.
    listed = client.get("/claims/").content.decode()
    assert f'<a href="/claims/{claim.pk}/"><bdi>at least 2,000</bdi> <span class="qualifier">' in (
        listed
    )
    heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "<bdi>more than</bdi>" in heading


def test_a_claim_with_only_an_upper_bound_shows_its_number(
    client_as: Any, case: dict[str, Any]
) -> None:
    claim = _saved(_new_claim(client_as("investigator"), case, value_max="4500.5"))
    assert claim.value_display == "at most 4,500.5"
    assert claim.figure is not None and claim.figure.bound == "at_most"


def test_a_lower_bound_shows_in_persian_digits_on_a_persian_page(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = _persian(client_as("investigator"))
    claim = _saved(_new_claim(client, case, value_min="۲۰۰۰"))
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "۲٬۰۰۰" in page


def test_persian_and_arabic_indic_digits_are_read_in_figure_fields(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = _persian(client_as("investigator"))
    exact = _saved(_new_claim(client, case, value_number="۲٬۰۰۰"))
    assert exact.value_number == 2000
    ranged = _saved(_new_claim(client, case, value_min="٢٨٠٠", value_max="3,800"))
    assert (ranged.value_min, ranged.value_max) == (2800, 3800)


def test_figure_fields_are_text_inputs_that_phones_open_on_digits(client_as: Any) -> None:
    form = _persian(client_as("investigator")).get("/new/claim/").content.decode()
    found = re.search(r'<input[^>]*name="value_number"[^>]*>', form)
    assert found is not None
    field = found.group()
    assert 'type="text"' in field and 'inputmode="numeric"' in field and "pattern=" in field
    assert 'type="number"' not in form


def test_words_in_a_figure_field_are_refused_with_the_field_named(
    client_as: Any, case: dict[str, Any]
) -> None:
    count = Claim.objects.count()
    response = _new_claim(client_as("investigator"), case, value_number="two thousand")
    assert response.status_code == 400
    assert "Enter a number" in response.content.decode()
    assert "Give the value the source states" not in response.content.decode()
    assert Claim.objects.count() == count


def test_the_edit_form_refuses_a_most_below_the_least(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("investigator")
    claim = _saved(_new_claim(client, case, value_min="100"))
    response = _edit(client, claim, value_min="5000", value_max="100")
    assert response.status_code == 400
    assert "The most is less than the least." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.value_min, claim.value_max) == (100, None)


def test_the_edit_form_refuses_to_clear_every_value(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("investigator")
    claim = _saved(_new_claim(client, case, value_number="300"))
    response = _edit(client, claim, value_number="", value_text="  ")
    assert response.status_code == 400
    assert "Give the value the source states." in response.content.decode()
    claim.refresh_from_db()
    assert claim.value_number == 300


def test_the_edit_form_reads_persian_digits(client_as: Any, case: dict[str, Any]) -> None:
    client = _persian(client_as("investigator"))
    claim = _saved(_new_claim(client, case, value_number="300"))
    form = client.get(f"/edit/claim/{claim.pk}/").content.decode()
    assert 'value="300"' in form and 'inputmode="numeric"' in form
    assert _edit(client, claim, value_number="۴۵۰").status_code == 302
    claim.refresh_from_db()
    assert claim.value_number == 450
