"""Template helpers: vocabulary labels in the reader's language, fuzzy dates in two calendars,
search snippets with their hits marked, a fact's citations."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from html import escape
from typing import Any, Protocol

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from khavaran.vocabulary import VOCABULARIES, label
from khavaran.web.rendering import snippet_html

register = template.Library()


def _lang() -> str:
    return "fa" if (get_language() or "en").startswith("fa") else "en"


@register.simple_tag
def vocab(vocabulary: str, value: str) -> str:
    """The label of a vocabulary value, or the value itself when it is not in the vocabulary."""
    if value in VOCABULARIES.get(vocabulary, {}):
        return label(vocabulary, value, _lang())
    return value


class DateLike(Protocol):
    """A stored fuzzy date: the model, or a page's row of its columns."""

    earliest: date
    latest: date
    original: str
    calendar: str
    precision: str


@register.filter
def gregorian(fd: DateLike | None) -> str:
    return _formatted(fd, "gregorian")


@register.filter
def solar_hijri(fd: DateLike | None) -> str:
    return _formatted(fd, "solar")


def _formatted(fd: DateLike | None, calendar: str) -> str:
    if fd is None:
        return ""
    fields = (fd.earliest, fd.latest, fd.original, fd.calendar, fd.precision or "range")
    return _described(*fields, calendar, _lang())


@lru_cache(maxsize=4096)
def _described(
    earliest: date,
    latest: date,
    original: str,
    source_calendar: str,
    precision: str,
    calendar: str,
    lang: str,
) -> str:
    """The words for a date, remembered: converting between calendars is the slow part of a
    page of dates, and the words depend on these values and nothing else."""
    from khavaran.text import dates

    value = dates.FuzzyDate(
        earliest=earliest,
        latest=latest,
        original=original,
        calendar=dates.Calendar(source_calendar),
        precision=dates.Precision(precision),
    )
    if calendar == "gregorian":
        return dates.format_gregorian(value, lang)  # type: ignore[arg-type]
    return dates.format_solar_hijri(value, lang)  # type: ignore[arg-type]


@register.filter
def snippet(text: str) -> SafeString:
    return snippet_html(text)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter(is_safe=True)
@stringfilter
def clip(text: str, length: int) -> str:
    """`truncatechars`, with a shortcut for text that already fits (most quotes): Django's
    filter walks every character in Python to skip combining marks, the same NFC text here."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


def _source_title(excerpt: Any) -> str:
    # `citations_prefetch` annotates the title; an excerpt loaded otherwise reads its source.
    title = getattr(excerpt, "source_title", None)
    return str(title if title is not None else excerpt.source.title)


def _citation(prefix: str, e: Any, page: str) -> str:
    # `prefix` and `page` come escaped. `html.escape` is what Django's `escape` calls, without
    # its lazy-string wrapper per call.
    where = f", {page} {e.page}" if e.page else ""
    return (
        f'\n<li><a href="{prefix}/sources/{e.source_id}/?excerpt={e.pk}#excerpt-{e.pk}"'
        f' class="cite">\u201c{escape(clip(e.quoted_text, 160))}\u201d</a> \u2014 '
        f'<span class="src">{escape(_source_title(e))}</span>{where}</li>\n'
    )


def citations_html(prefix: str, excerpts: Iterable[Any]) -> str:
    """A fact's visible excerpts as links into their sources, or a note that there is none:
    escaped HTML, for a renderer that builds a page's fact lists in one pass."""
    items = list(excerpts)
    if not items:
        return f'<p class="muted">{escape(_("No citation you may see."))}</p>'
    prefix, page = escape(prefix), escape(_("page"))
    rows = "".join([_citation(prefix, e, page) for e in items])
    return f'<ul class="citations">{rows}</ul>'


@register.simple_tag(takes_context=True)
def citations(context: template.Context, excerpts: Iterable[Any]) -> SafeString:
    """`citations_html` as a tag.

    Built in Python rather than an included template: a person page shows hundreds of
    citations, and the include with its loop was most of that page's time.
    """
    return mark_safe(citations_html(str(context.get("prefix", "")), excerpts))
