"""Citing while reading: a selection of no words is refused, and what is saved is always the
passage the reader sent (up to whitespace), never a span the offsets or a fuzzy match made up."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.evidence.models import Excerpt

pytestmark = pytest.mark.django_db


def _post(client: Any, source: Any, start: int, end: int, quote: str) -> Any:
    return client.post(
        f"/sources/{source.pk}/excerpts/", {"start": start, "end": end, "quote": quote}
    )


def test_a_selection_of_blank_lines_is_refused(client_as: Any, case: dict[str, Any]) -> None:
    source = case["english"]
    start = source.text.index("\n\n")
    count = Excerpt.objects.count()
    response = _post(client_as("investigator"), source, start, start + 2, "\n\n")
    assert response.status_code == 400
    assert "Select some text first." in response.content.decode()
    assert Excerpt.objects.count() == count


def test_a_quote_of_spaces_never_becomes_a_long_excerpt(
    client_as: Any, case: dict[str, Any]
) -> None:
    count = Excerpt.objects.count()
    response = _post(client_as("investigator"), case["english"], 0, 3, "   ")
    assert response.status_code == 400
    assert Excerpt.objects.count() == count


def test_a_selection_whose_line_breaks_the_browser_changed_is_saved_as_the_source_has_it(
    client_as: Any, case: dict[str, Any]
) -> None:
    source = case["english"]
    at = source.text.index("\n", 200)
    start, end = at - 10, at + 10
    sent = " ".join(source.text[start:end].split())
    response = _post(client_as("investigator"), source, start, end, sent)
    assert response.status_code == 200
    excerpt = Excerpt.objects.order_by("-pk").first()
    assert excerpt is not None
    assert " ".join(excerpt.quoted_text.split()) == sent
