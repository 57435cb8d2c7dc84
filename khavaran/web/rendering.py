"""Turning stored text into safe HTML: a source's text with its excerpts marked in place, and
search snippets with their hits marked. Everything from the data is escaped first. And the one
rule for digits on a Persian page (`reader_digits`).

Offsets: `Excerpt.start`/`end` count Unicode code points of `Source.text` (Python `str`
indexes). The browser counts UTF-16 units; `static/khavaran/cite.js` converts its selection to
code points (`[...text].length`) before sending it, so characters outside the BMP (emoji,
rare CJK) count once on both sides. Persian is in the BMP, where the two counts coincide.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import pairwise
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from khavaran.search.engine import MARK_END, MARK_START


class Span(Protocol):
    pk: int
    start: int
    end: int


def _boundaries(length: int, spans: list[Span], extra: Iterable[int] = ()) -> list[int]:
    points = {0, length, *extra}
    for span in spans:
        points.update((min(span.start, length), min(span.end, length)))
    return sorted(points)


# A Markdown heading line: its marks ("## ") and its words.
_HEADING = re.compile(r"^(#{1,6})([ \t]+)(\S.*)$", re.MULTILINE)


def _headings(text: str) -> list[tuple[int, int, int, int]]:
    """Each Markdown heading as (level, start, end of its marks, end of its line)."""
    return [(len(m.group(1)), m.start(), m.start(3), m.end()) for m in _HEADING.finditer(text)]


def _heading_class(headings: list[tuple[int, int, int, int]], start: int) -> str:
    """The class of the piece of text at `start`: a heading's marks, its words, or none."""
    at = bisect_right(headings, start, key=lambda h: h[1]) - 1
    if at < 0:
        return ""
    level, _line, words, end = headings[at]
    if start < words:
        return "md-mark"
    return f"md-h md-h{level}" if start < end else ""


def text_with_excerpts(
    text: str, excerpts: Iterable[Span], focus: int | None = None, *, markdown: bool = False
) -> SafeString:
    """The text, escaped, with each excerpt's span wrapped in `<mark>` (overlaps split).

    The marks add no characters, so the container's text content stays equal to `text` and
    selection offsets computed in the browser are offsets into `text`. With `markdown`, a
    heading line's words are wrapped as a heading and its leading "#" marks in a span the
    stylesheet hides: wrapped, not removed, so the offsets still hold.
    """
    spans = [e for e in excerpts if 0 <= e.start < e.end]
    headings = _headings(text) if markdown else []
    parts: list[str] = []
    cuts = [point for _level, *points in headings for point in points]
    points = _boundaries(len(text), spans, cuts)
    for start, end in pairwise(points):
        # An empty anchor per excerpt starting here: links land on it, the text is unchanged.
        parts.extend(f'<span id="excerpt-{s.pk}"></span>' for s in spans if s.start == start)
        piece = _marked(
            text[start:end], [s for s in spans if s.start <= start and end <= s.end], focus
        )
        css = _heading_class(headings, start) if headings else ""
        parts.append(f'<span class="{css}">{piece}</span>' if css else piece)
    return mark_safe("".join(parts))


def _marked(text: str, covering: list[Span], focus: int | None) -> str:
    piece = str(escape(text))
    if not covering:
        return piece
    ids = " ".join(str(s.pk) for s in covering)
    focused = focus is not None and any(s.pk == focus for s in covering)
    css = "excerpt focus" if focused else "excerpt"
    return f'<mark class="{css}" data-excerpts="{ids}">{piece}</mark>'


# A snippet's Markdown heading marks: at the start of the snippet (after its ellipsis) or of a
# line. A snippet is read, never cited, so they simply go.
_SNIPPET_HEADING = re.compile("(^|\n)(…?)#{1,6}[ \t]+")


def snippet_html(snippet: str) -> SafeString:
    """A search snippet, escaped, with the engine's hit markers turned into `<mark>` and
    Markdown's heading marks left out."""
    snippet = _SNIPPET_HEADING.sub(r"\1\2", snippet)
    escaped = str(escape(snippet))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# A comma or point between digits is a thousands or decimal separator ("30,000", "2.5").
_SEPARATOR = re.compile(r"(?<=\d)([,.])(?=\d)")
_PERSIAN_SEPARATORS = {",": "\u066c", ".": "\u066b"}


def reader_digits(text: str, lang: str | None = None) -> str:
    """Numbers the system writes (counts, figures, dates, page numbers) in the reader's digits.

    The rule: a Persian page shows them in Persian digits with Persian separators ("۳۰٬۰۰۰");
    an English page as they are. Apply it only to what the system formats: a source's own words
    and whatever a reader copies (hashes, ids in addresses, commands) keep their digits.
    """
    if not (lang or get_language() or "en").startswith("fa"):
        return text
    return _SEPARATOR.sub(lambda m: _PERSIAN_SEPARATORS[m.group(1)], text).translate(
        _PERSIAN_DIGITS
    )
