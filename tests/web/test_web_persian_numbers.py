"""Numbers the system writes inside Persian sentences are in Persian digits (a count, a
figure, a probability), while ids and keys stay as the addresses and the CLI write them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khavaran.accounts.passwords import ADMIN_MIN_LENGTH, MIN_LENGTH
from khavaran.extract.models import StoredProposal
from khavaran.extract.queue import propose_for_source
from khavaran.records.models import Claim
from khavaran.web.rendering import reader_digits

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def persian(client: Client) -> Client:
    client.post("/language/", {"language": "fa", "next": "/"})
    return client


def test_the_password_rules_count_characters_in_persian_digits(client_as: Any) -> None:
    page = persian(client_as("viewer")).get("/account/password/").content.decode()
    assert reader_digits(str(MIN_LENGTH), "fa") in page
    assert reader_digits(str(ADMIN_MIN_LENGTH), "fa") in page
    rules = page.split('<p class="muted">')[1].split("</p>")[0]
    assert str(MIN_LENGTH) not in rules


def test_an_accepted_figure_is_said_in_persian_digits(client_as: Any, case: dict[str, Any]) -> None:
    propose_for_source(case["figures"], "test")
    row = StoredProposal.objects.get(source=case["figures"], kind="claim", text="over 2,000 people")
    client = persian(client_as("investigator"))
    answer = client.post(
        f"/review/proposals/{row.pk}/accept/", {"question": "number-killed:massacre-1988"}, **HTMX
    )
    row.refresh_from_db()
    status = answer.content.decode().split('id="review-status"')[1].split("</p>")[0]
    claim = Claim.objects.get(pk=row.result_id)
    assert reader_digits(claim.value_display, "fa") in status
    assert claim.value_display not in status
    # The claim's id and its question key stay as written; the row keeps the English line.
    assert f" {claim.pk} " in status and "number-killed:massacre-1988" in status
    assert row.note == f"claim {claim.pk} (number-killed:massacre-1988) = {claim.value_display}"


def test_a_role_accepted_in_persian_is_its_persian_label(
    client_as: Any, case: dict[str, Any]
) -> None:
    propose_for_source(case["english"], "test")
    row = StoredProposal.objects.get(source=case["english"], kind="mention", text="Ebrahim Raisi")
    client = persian(client_as("investigator"))
    answer = client.post(
        f"/review/proposals/{row.pk}/accept/",
        {"incident": case["massacre"].pk, "role": "perpetrator"},
        **HTMX,
    )
    status = answer.content.decode().split('id="review-status"')[1].split("</p>")[0]
    assert "عامل" in status and "perpetrator" not in status
