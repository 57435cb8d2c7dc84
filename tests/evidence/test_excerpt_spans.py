"""An excerpt holds words: a span of only spaces or line breaks is never a citation, and a
quote with no words is never looked up (it would match anywhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.evidence.actions import add_excerpt, cite_quote, find_quote, same_words
from khavaran.evidence.errors import BadSpan, QuoteNotFound
from khavaran.evidence.models import Excerpt
from tests.factories import ACTOR, make_source

pytestmark = pytest.mark.django_db

TEXT = "First line.\n\n\nSecond   line, after blank lines.\u200c\u0640"


def test_a_span_of_blank_lines_is_refused(data_dir: Path, tmp_path: Path) -> None:
    source = make_source(tmp_path, TEXT)
    start = TEXT.index("\n\n")
    with pytest.raises(BadSpan, match="holds no words"):
        add_excerpt(source, start=start, end=start + 2, actor=ACTOR)
    assert not Excerpt.objects.filter(source=source).exists()


def test_a_span_of_joiners_and_tatweel_is_refused(data_dir: Path, tmp_path: Path) -> None:
    source = make_source(tmp_path, TEXT)
    with pytest.raises(BadSpan):
        add_excerpt(source, start=len(TEXT) - 2, end=len(TEXT), actor=ACTOR)


def test_a_quote_of_spaces_is_found_nowhere(data_dir: Path, tmp_path: Path) -> None:
    assert find_quote(TEXT, "   ") is None
    assert find_quote(TEXT, "\n\n") is None
    with pytest.raises(QuoteNotFound, match="empty"):
        cite_quote(make_source(tmp_path, TEXT), " \n ", actor=ACTOR)


def test_words_are_still_found_up_to_whitespace(data_dir: Path, tmp_path: Path) -> None:
    span = find_quote(TEXT, "Second line,")
    assert span is not None
    assert same_words(TEXT[span[0] : span[1]], "Second line,")
    assert not same_words(TEXT[span[0] : span[1]], "Second lines")
