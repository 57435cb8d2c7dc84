"""A form sent with mistakes says so to every reader: the page title starts with "Error:", an
error summary at the top of the form lists each mistake with a link to its field and takes the
focus (role="alert" too when htmx swaps it in), and each field points at its own error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(case: dict[str, Any]) -> Any:
    from khavaran.records.models import Claim

    return Claim.objects.filter(confidentiality="public").order_by("pk").first()


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found, "no title"
    return found.group(1).strip()


def summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_a_refused_form_says_error_first_in_the_title(client_as: Any, claim: Any) -> None:
    client = client_as("reviewer")
    shown = client.get(f"/claims/{claim.pk}/assess/").content.decode()
    assert title(shown) == "Assess · Khavaran"
    refused = client.post(f"/claims/{claim.pk}/assess/", {"assessment": "refuted"})
    assert refused.status_code == 400
    assert title(refused.content.decode()) == "Error: Assess · Khavaran"


def test_the_error_summary_takes_the_focus_and_links_each_mistake_to_its_field(
    client_as: Any, claim: Any
) -> None:
    page = client_as("reviewer").post(f"/claims/{claim.pk}/assess/", {"reason": ""})
    page = page.content.decode()
    box = summary(page)
    assert 'id="error-summary" tabindex="-1" autofocus data-error-summary' in box
    assert 'aria-labelledby="error-summary-title"' in box and "Not saved" in box
    assert '<a href="#id_reason">Reason: Say why' in box
    assert '<a href="#id_assessment">Assessment: This field is required.' in box
    # A full page is not an alert (the focus says it); each field points at its own error.
    assert 'role="alert"' not in box
    assert 'aria-describedby="id_reason_error"' in page and 'id="id_reason_error"' in page
    # The summary comes first in the form, before any field.
    assert page.index("error-summary") < page.index('name="reason"')


def test_a_page_without_a_refusal_has_no_summary(client_as: Any, claim: Any) -> None:
    page = client_as("reviewer").get(f"/claims/{claim.pk}/assess/")
    assert "error-summary" not in page.content.decode()


def test_an_htmx_form_with_mistakes_announces_its_summary(client_as: Any) -> None:
    upload = SimpleUploadedFile("note.txt", b"Evin prison, summer 1988.", "text/plain")
    answer = client_as("investigator").post(
        "/sources/upload/",
        {"file": upload, "confidentiality": "nowhere"},
        HTTP_HX_REQUEST="true",
    )
    box = summary(answer.content.decode())
    assert 'role="alert"' in box and "autofocus" in box
    assert '<a href="#id_confidentiality">Confidentiality:' in box


def test_a_refused_sign_in_lists_its_mistakes_and_says_error_in_the_title(client_as: Any) -> None:
    page = client_as(None).post("/login/", {"username": "", "password": ""}).content.decode()
    assert title(page) == "Error: Sign in · Khavaran"
    box = summary(page)
    assert '<a href="#id_username">' in box and '<a href="#id_password">' in box
    assert 'id="id_username_error"' in page


def test_a_refusal_the_view_words_itself_takes_the_focus_too(
    client_as: Any, case: dict[str, Any]
) -> None:
    keep = case["raisi"]
    page = client_as("investigator").post(
        f"/people/{keep.pk}/merge/", {"other": keep.pk, "reason": "x"}
    )
    text = page.content.decode()
    assert page.status_code == 400 and title(text).startswith("Error: ")
    assert re.search(
        r'<p class="errors" id="error-summary" role="alert" tabindex="-1" autofocus', text
    )
