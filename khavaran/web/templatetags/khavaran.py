"""Template helpers: vocabulary labels in the reader's language, fuzzy dates in two calendars,
search snippets with their hits marked."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

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
