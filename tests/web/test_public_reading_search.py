"""Searching the public memorial for a name: a phrase in Persian quotes is a phrase; a search
that finds nothing says kindly why a name may not be found, and that not finding it does not
mean the person is not documented; snippets read as text, without Markdown's "#" marks."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from khavaran.web.rendering import snippet_html
from tests.web.public_reader import public_reader

pytestmark = pytest.mark.django_db

NAMES_HINT = "Names are spelled in many ways"
NOT_DOCUMENTED = "Not finding a name here does not mean that the person is not documented."


def _search(client: Client, query: str, prefix: str = "/public") -> str:
    response = client.get(f"{prefix}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def _hits(page: str) -> int:
    return len(re.findall(r'<p class="snippet"', page))


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_search_that_finds_nothing_says_why_a_name_may_not_be_found(
    client_as: Any, case: Any, language: str
) -> None:
    page = _search(public_reader(client_as, language), "Zzyzx Qwertyani")
    assert _hits(page) == 0
    assert 'class="search-hint help"' in page
    if language == "en":
        assert NAMES_HINT in page and "Hossein-Ali" in page and NOT_DOCUMENTED in page


def test_the_hint_is_in_the_workspace_search_too_and_only_when_nothing_is_found(
    client_as: Any, case: Any
) -> None:
    viewer = client_as("viewer")
    assert NOT_DOCUMENTED in _search(viewer, "Zzyzx Qwertyani", prefix="")
    found = _search(public_reader(client_as, "en"), "Montazeri")
    assert _hits(found) > 0 and "search-hint" not in found


def test_words_in_persian_or_curly_quotes_are_searched_as_a_phrase(
    client_as: Any, case: Any
) -> None:
    client = public_reader(client_as, "fa")
    # "هیئت مرگ تهران" is in the public texts: the words found in either order, the phrase in
    # its own order only.
    assert _hits(_search(client, "تهران مرگ")) > 0
    for opening, closing in ("«»", "“”", '""', "„“"):
        assert _hits(_search(client, f"{opening}مرگ تهران{closing}")) > 0
        assert _hits(_search(client, f"{opening}تهران مرگ{closing}")) == 0, opening


def test_snippets_leave_out_markdowns_heading_marks(client_as: Any, case: Any) -> None:
    page = _search(public_reader(client_as, "fa"), "گزارش پژوهشی")
    snippets = re.findall(r'<p class="snippet" dir="auto">(.*?)</p>', page, re.DOTALL)
    # PostgreSQL's fragment may open with "…" (it starts within the text).
    heading = "<mark>گزارش</mark> <mark>پژوهشی</mark>"
    assert any(s.lstrip("…").startswith(heading) for s in snippets)
    assert not any(re.search(r"(^|\n|…)#", s) for s in snippets)


def test_a_snippet_drops_heading_marks_at_a_line_start_only() -> None:
    assert snippet_html("# Title\nsome text\n## \u27e6Part\u27e7 two") == (
        "Title\nsome text\n<mark>Part</mark> two"
    )
    assert snippet_html("…## Part") == "…Part"
    assert snippet_html("item #3 and C# code") == "item #3 and C# code"
