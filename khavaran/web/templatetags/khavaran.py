"""Template helpers: vocabulary labels in the reader's language, fuzzy dates in two calendars,
search snippets with their hits marked, a fact's citations."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from khavaran.evidence.models import FuzzyDate
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


@register.filter
def gregorian(fd: FuzzyDate | None) -> str:
    return _formatted(fd, "gregorian")


@register.filter
def solar_hijri(fd: FuzzyDate | None) -> str:
    return _formatted(fd, "solar")


def _formatted(fd: FuzzyDate | None, calendar: str) -> str:
    if fd is None:
        return ""
    from khavaran.text import dates

    value = dates.FuzzyDate(
        earliest=fd.earliest,
        latest=fd.latest,
        original=fd.original,
        calendar=dates.Calendar(fd.calendar),
        precision=dates.Precision(fd.precision or "range"),
    )
    if calendar == "gregorian":
        return dates.format_gregorian(value, _lang())  # type: ignore[arg-type]
    return dates.format_solar_hijri(value, _lang())  # type: ignore[arg-type]


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
    # `html.escape` is what Django's `escape` calls, without its lazy-string wrapper per call.
    where = f", {escape(page)} {e.page}" if e.page else ""
    return (
        f'\n<li><a href="{escape(prefix)}/sources/{e.source_id}/?excerpt={e.pk}#excerpt-{e.pk}"'
        f' class="cite">\u201c{escape(clip(e.quoted_text, 160))}\u201d</a> \u2014 '
        f'<span class="src">{escape(_source_title(e))}</span>{where}</li>\n'
    )


@register.simple_tag(takes_context=True)
def citations(context: template.Context, excerpts: Iterable[Any]) -> SafeString:
    """A fact's visible excerpts as links into their sources, or a note that there is none.

    Built in Python rather than an included template: a person page shows hundreds of
    citations, and the include with its loop was most of that page's time.
    """
    items = list(excerpts)
    if not items:
        return format_html('<p class="muted">{}</p>', _("No citation you may see."))
    prefix, page = str(context.get("prefix", "")), _("page")
    rows = "".join(_citation(prefix, e, page) for e in items)
    return mark_safe(f'<ul class="citations">{rows}</ul>')
