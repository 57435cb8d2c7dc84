"""Fuzzy dates typed into a form, read the way the sources write them, and refused in the
reader's language when they cannot be read."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from khavaran.evidence.models import FuzzyDate
from khavaran.records.actions import save_fuzzy_date
from khavaran.text import dates
from khavaran.text.calendars import MONTH_NAMES, Calendar
from khavaran.text.dates import UnparseableDate, parse_fuzzy_date
from khavaran.web.rendering import reader_digits

# The calendars a refusal may name (by their values in `text.calendars.Calendar`).
CALENDAR_NAMES = {
    "gregorian": gettext_lazy("Gregorian"),
    "solar-hijri": gettext_lazy("Solar Hijri"),
    "lunar-hijri": gettext_lazy("Lunar Hijri"),
}

# What a reader typed is quoted as typed; numbers the parser worked out are shown in the
# reader's digits.
TYPED = ("part", "word")


def _param(name: str, value: object, params: dict[str, object]) -> str:
    if name in ("month_calendar", "year_calendar"):
        return str(CALENDAR_NAMES.get(str(value), value))
    if name == "month" and "month_number" in params:
        # A month that lacks the day: named as the reader's language names it.
        names = MONTH_NAMES[Calendar(str(params["calendar"]))]
        language = "fa" if get_language() == "fa" else "en"
        return names[language][int(str(params["month_number"])) - 1]
    return str(value) if name in TYPED else reader_digits(str(value))


def reason_in_reader_language(refusal: UnparseableDate) -> str:
    """Why the text is not a date, translated (the grammar's and the calendars' templates are
    in the catalogue)."""
    if refusal.params:
        params = {n: _param(n, v, refusal.params) for n, v in refusal.params.items()}
        return _(refusal.template) % params
    return _(refusal.template)


def refusal_message(refusal: UnparseableDate) -> str:
    """The one line a form shows under a date it cannot read."""
    return _(
        'Cannot read the date "%(text)s": %(reason)s. Write it, for example, as 1988-08-15, '
        "August 1988, Mordad 1367 or ۱۳۶۷/۰۵/۲۴."
    ) % {"text": refusal.text, "reason": reason_in_reader_language(refusal)}


def parse_or_refuse(text: str) -> dates.FuzzyDate | None:
    if not text.strip():
        return None

    try:
        return parse_fuzzy_date(text.strip())
    except UnparseableDate as refusal:
        raise forms.ValidationError(refusal_message(refusal)) from None
    except ValueError as error:
        message = _('Cannot read the date "%(text)s": %(error)s') % {"text": text, "error": error}
        raise forms.ValidationError(message) from None


def save_date_text(text: str) -> FuzzyDate | None:
    """Store a typed date as a FuzzyDate row (original words and calendar kept)."""
    fd = parse_or_refuse(text)
    if fd is None:
        return None
    return save_fuzzy_date(
        fd.earliest,
        fd.latest,
        original=fd.original,
        calendar=fd.calendar.value,
        precision=fd.precision.value,
    )
