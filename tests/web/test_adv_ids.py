"""Ids typed with digits `int()` refuses ("²", "①") are no ids, not a 500; a review page past
the end is the last page (a white-box tester's findings)."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.records.models import Person, Tenure
from tests.web.test_web_review_linkage import linked  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["²", "①", "1" * 30])
def test_pages_that_take_an_id_answer_a_strange_one_without_a_500(
    client_as: Any, case: dict[str, Any], typed: str
) -> None:
    client = client_as("investigator")
    person = Person.objects.filter(is_deleted=False).order_by("pk").first()
    assert person is not None
    source = case["english"].pk
    for url in (
        f"/sources/{source}/?excerpt={typed}",
        f"/people/{person.pk}/merge/?other={typed}",
        f"/new/claim/?excerpts={typed}",
    ):
        assert client.get(url).status_code in (200, 400), url


def test_a_tenure_posted_with_a_superscript_person_is_refused_as_a_bad_choice(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    tenure = Tenure.objects.order_by("pk").first()
    assert tenure is not None
    fields = client.get(f"/edit/tenure/{tenure.pk}/").context["form"].initial
    fields = {k: v for k, v in fields.items() if v is not None}
    response = client.post(f"/edit/tenure/{tenure.pk}/", {**fields, "person": "²", "reason": "x"})
    assert response.status_code == 400


def test_a_person_typed_in_persian_digits_is_found_for_a_merge(
    client_as: Any, case: dict[str, Any]
) -> None:
    keep, other = Person.objects.filter(is_deleted=False).order_by("pk")[:2]
    persian = str(other.pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    page = client_as("investigator").get(f"/people/{keep.pk}/merge/?other={persian}")
    assert page.status_code == 200 and page.context["chosen"] == other


@pytest.mark.parametrize("asked", ["2", "9" * 23])
def test_a_review_page_past_the_end_shows_the_last_page(
    client_as: Any,
    linked: None,  # noqa: F811
    asked: str,
) -> None:
    page = client_as("investigator").get(f"/lists/review/?page={asked}").content.decode()
    assert "Pairs 1–3 of 3 in the band." in page
