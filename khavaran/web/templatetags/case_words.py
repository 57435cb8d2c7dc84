"""Template helpers of the case pages, in the reader's language: an article of the Rome
Statute ("art. 7(1)(a), element 1" as «ماده ۷(۱)(الف)، رکن ۱»), numbers in Persian digits,
a dossier's name in the reader's script, an element's status, the crime a mode of liability
is linked for, and the crimes alleged with their articles, by article."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.translation import get_language, gettext_lazy

from khavaran.vocabulary import CONTEXT_GROUP, CRIMES, ELEMENTS, groups_pleaded

register = template.Library()

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Paragraph letters as the Persian text of the Statute orders them (الف، ب، پ، ...).
_PERSIAN_LETTERS = dict(
    zip("abcdefghijk", ("الف", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د", "ذ"), strict=True)
)
_WORDS = (("arts. ", "مواد "), ("art. ", "ماده "), (", element ", "، رکن "), (", ", "، "))

_STATUSES = {
    # What the links say, never a finding of proof (casefile_md.STATUS_NOTE).
    "proven": gettext_lazy("supported"),
    "contested": gettext_lazy("contested (evidence both ways)"),
    "missing": gettext_lazy("no supporting evidence"),
}


def _fa() -> bool:
    return (get_language() or "en").startswith("fa")


@register.filter
def digits(value: Any) -> str:
    """A number (or any text) with Persian digits for a Persian reader."""
    text = str(value)
    return text.translate(_PERSIAN_DIGITS) if _fa() else text


def article_fa(text: str) -> str:
    """An article reference in Persian words, letters and digits."""
    for en, fa in _WORDS:
        text = text.replace(en, fa)
    text = re.sub(r"\(([a-k])\)", lambda m: f"({_PERSIAN_LETTERS[m.group(1)]})", text)
    return text.translate(_PERSIAN_DIGITS)


@register.filter
def article(text: str) -> str:
    """An article of the catalogue ("art. 7(1)(a), element 1") in the reader's language."""
    return article_fa(text) if _fa() else text


@register.filter
def name_for_reader(dossier: Any) -> str:
    """A dossier's name in the reader's script (Persian for a Persian reader, if recorded)."""
    return str(dossier.name_in("fa" if _fa() else "en"))


@register.filter
def other_name(dossier: Any) -> str:
    """The dossier's name in the other script, beside the reader's ("" when it has none or
    it is the same name): a Persian reader sees the Latin one, an English reader the Persian."""
    shown = dossier.name_in("fa" if _fa() else "en")
    other = dossier.name_in("en" if _fa() else "fa")
    return "" if not other or other == shown else str(other)


@register.filter
def proof_status(status: str) -> str:
    """An element's status (proven, contested, missing) in the reader's language."""
    return str(_STATUSES.get(status, status))


@register.filter
def pleaded_crime(link: Any) -> str:
    """The crime a mode-of-liability link is linked for ("" for any other link: a crime's
    element names its crime already, a contextual element none)."""
    element = ELEMENTS.get(link.element)
    return str(link.crime) if element is not None and element.is_liability else ""


@register.filter
def crime_article(crime: str) -> str:
    """The article of a crime alleged ("art. 6(a)"; "" for a key the catalogue lacks)."""
    found = CRIMES.get(crime)
    return found.article if found is not None else ""


@register.filter
def by_article(crimes: Any) -> list[str]:
    """The crimes alleged grouped by article (genocide, then crimes against humanity), as the
    element matrix shows them; a key the catalogue lacks stays, last."""
    alleged = list(crimes or ())
    ordered = [g for g in groups_pleaded(alleged) if g in CRIMES]
    return [*ordered, *(c for c in alleged if c not in ordered)]


@register.filter
def pleads_context(sections: Any) -> bool:
    """Whether the matrix has contextual elements (the case alleges a crime against humanity):
    a case of genocide alone has no attack to speak of."""
    return any(s.group == CONTEXT_GROUP for s in sections)
