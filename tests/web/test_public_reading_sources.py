"""A source on the public memorial reads as a document: its kind (report, testimony…) and
date, not its media type, size or level (everything there is public); a Markdown source's
headings as headings, its "#" marks kept in the text (excerpts count them) but not shown."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from khavaran.evidence.models import Excerpt
from khavaran.public_ids import public_id
from khavaran.web.rendering import text_with_excerpts
from tests.web.public_reader import page_at, public_reader

pytestmark = pytest.mark.django_db


def _meta(page: str) -> str:
    return page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]


def _article(page: str) -> str:
    return page.split('id="source-text"', 1)[1].split(">", 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize(("language", "kind"), [("en", "Research note"), ("fa", "یادداشت پژوهشی")])
def test_the_public_page_names_the_kind_of_document_not_its_media_type_or_level(
    client_as: Any, case: Any, language: str, kind: str
) -> None:
    client = public_reader(client_as, language)
    for source in (case["memorial"], case["persian"]):
        meta = _meta(page_at(client, f"/public/sources/{public_id('source', source.pk)}/"))
        assert source.media_type not in meta
        assert "KB" not in meta and 'class="level' not in meta
    assert kind in _meta(
        page_at(client, f"/public/sources/{public_id('source', case['persian'].pk)}/")
    )


def test_the_team_still_sees_the_files_media_type_size_and_level(client_as: Any, case: Any) -> None:
    meta = _meta(page_at(client_as("investigator"), f"/sources/{case['memorial'].pk}/"))
    assert "text/html" in meta and "KB" in meta and 'class="level public"' in meta


@pytest.mark.parametrize("prefix", ["/public", ""])
def test_a_markdown_sources_headings_show_as_headings_and_its_text_is_unchanged(
    client_as: Any, case: Any, prefix: str
) -> None:
    source = case["english"]  # report-tehran-commission.md: "# Research summary: …"
    client = public_reader(client_as, "en") if prefix else client_as("investigator")
    ref = public_id("source", source.pk) if prefix else source.pk
    article = _article(page_at(client, f"{prefix}/sources/{ref}/"))
    assert article.startswith(
        '<span class="md-mark"># </span><span class="md-h md-h1">Research summary'
    )
    assert '<span class="md-mark">## </span>' in article
    # The page's text is the source's text, character for character.
    assert html.unescape(re.sub(r"<[^>]+>", "", article)) == source.text


def test_each_excerpt_still_starts_at_its_offset_in_a_markdown_source(
    client_as: Any, case: Any
) -> None:
    source = case["english"]
    excerpts = list(Excerpt.objects.filter(source=source))
    assert excerpts
    focus = excerpts[0]
    url = f"/public/sources/{public_id('source', source.pk)}/"
    article = _article(
        page_at(public_reader(client_as, "en"), f"{url}?excerpt={public_id('excerpt', focus.pk)}")
    )
    for e in excerpts:
        anchor = f'<span id="excerpt-{public_id("excerpt", e.pk)}"></span>'
        before = article.split(anchor, 1)[0]
        assert len(html.unescape(re.sub(r"<[^>]+>", "", before))) == e.start
    marked = public_id("excerpt", focus.pk)
    assert f'<mark class="excerpt focus" data-excerpts="{marked}' in article


def test_a_plain_text_source_keeps_its_hash_signs(client_as: Any, case: Any) -> None:
    text = "# not a heading here\nplain words"
    assert text_with_excerpts(text, []) == "# not a heading here\nplain words"
    page = page_at(
        public_reader(client_as, "en"),
        f"/public/sources/{public_id('source', case['memorial'].pk)}/",
    )
    assert "md-mark" not in _article(page)


def test_a_heading_cut_by_an_excerpt_keeps_both_its_mark_and_its_heading() -> None:
    class Span:
        pk, start, end = 7, 2, 12

    shown = text_with_excerpts("# Title words\nbody", [Span()], markdown=True)
    assert shown == (
        '<span class="md-mark"># </span><span id="excerpt-7"></span>'
        '<span class="md-h md-h1"><mark class="excerpt" data-excerpts="7">Title word</mark></span>'
        '<span class="md-h md-h1">s</span>\nbody'
    )
