"""Template helpers of the case pages, in the reader's language: an article of the Rome
Statute ("art. 7(1)(a), element 1" as «ماده ۷(۱)(الف)، رکن ۱»), numbers in Persian digits,
a dossier's name in the reader's script, an element's status, the crime a mode of liability
is linked for, the crimes alleged with their articles, by article, and each family's
contextual elements by name."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy

from khavaran.vocabulary import (
    CONTEXT_GROUPS,
    CRIMES,
    ELEMENTS,
    FAMILIES,
    family_of_group,
    groups_pleaded,
)

register = template.Library()

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Paragraph letters as the Persian text of the Statute orders them (الف، ب، پ، ...).
_PERSIAN_LETTERS = dict(
    zip("abcdefghijk", ("الف", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د", "ذ"), strict=True)
)
_WORDS = (("arts. ", "مواد "), ("art. ", "ماده "), (", element ", "، رکن "), (", ", "، "))
# A sub-paragraph's Roman numeral follows its paragraph's letter ("8(2)(a)(vi)"); a lone "(i)"
# after a number is a letter ("7(1)(i)"). In Persian the numeral is a number: (الف)(۶).
_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_ROMAN = {numeral: n for n, numeral in enumerate(_NUMERALS, start=1)}
_SUB_PARAGRAPH = re.compile(r"(\([a-k]\))\(([ivx]+)\)")

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
    text = _SUB_PARAGRAPH.sub(lambda m: f"{m.group(1)}({_ROMAN.get(m.group(2), m.group(2))})", text)
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
    """The crimes alleged grouped by article (genocide, crimes against humanity, then war
    crimes of art. 8(2)(a) and 8(2)(c)), as the element matrix shows them; a key the catalogue
    lacks stays, last."""
    alleged = list(crimes or ())
    ordered = [g for g in groups_pleaded(alleged) if g in CRIMES]
    return [*ordered, *(c for c in alleged if c not in ordered)]


# The proof per accused, introduced by what of the context is each accused's: knowledge of the
# attack (crimes against humanity), awareness of the armed conflict (war crimes), both or none.
_PROOF_NOTES = {
    (False, False): gettext_lazy(
        "The elements of each crime alleged (for genocide its intent too) and the modes of "
        "liability for each crime, for each accused: one person's evidence proves nothing about "
        "another, and liability for one crime nothing about another."
    ),
    (True, False): gettext_lazy(
        "Knowledge of the attack, the elements of each crime alleged and the modes of liability "
        "for each crime, for each accused: one person's evidence proves nothing about another, "
        "and liability for one crime nothing about another. The attack and the policy are the "
        "case's, in the element matrix."
    ),
    (False, True): gettext_lazy(
        "Awareness of the armed conflict, the elements of each crime alleged and the modes of "
        "liability for each crime, for each accused: one person's evidence proves nothing about "
        "another, and liability for one crime nothing about another. That the conduct took "
        "place in the context of and was associated with the armed conflict is the case's, in "
        "the element matrix."
    ),
    (True, True): gettext_lazy(
        "Knowledge of the attack, awareness of the armed conflict, the elements of each crime "
        "alleged and the modes of liability for each crime, for each accused: one person's "
        "evidence proves nothing about another, and liability for one crime nothing about "
        "another. The attack, the policy and the conduct's association with the armed conflict "
        "are the case's, in the element matrix."
    ),
}
# A family's contextual elements, named as the matrix and the proof per accused head them.
_CONTEXT_TITLES: dict[str, Promise] = {
    "cah": gettext_lazy("Contextual elements of crimes against humanity"),
    "war_iac": gettext_lazy("Contextual elements of war crimes in international armed conflict"),
    "war_niac": gettext_lazy(
        "Contextual elements of war crimes in armed conflict not of an international character"
    ),
}


@register.filter
def proof_note(sections: Any) -> str:
    """What the proof per accused holds, by the contextual elements the matrix has: a case of
    genocide alone has no attack nor armed conflict to speak of."""
    families = {family_of_group(s.group) for s in sections if s.group in CONTEXT_GROUPS}
    return str(_PROOF_NOTES[("cah" in families, bool(families - {"cah"}))])


@register.filter
def is_context(group: str) -> bool:
    """Whether a matrix section is a family's contextual elements."""
    return group in CONTEXT_GROUPS


@register.filter
def context_title(group: str) -> str:
    """The heading of a family's contextual elements, in the reader's language."""
    return str(_CONTEXT_TITLES[family_of_group(group)])


@register.filter
def context_article(group: str) -> str:
    """Where the Statute sets a family's contextual elements ("art. 8(2)(c)")."""
    return FAMILIES[family_of_group(group)].context_article
