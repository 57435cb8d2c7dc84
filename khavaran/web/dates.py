"""Fuzzy dates typed into a form, read the way the sources write them, and refused in the
reader's language when they cannot be read."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khavaran.evidence.models import FuzzyDate
from khavaran.records.actions import save_fuzzy_date
from khavaran.text import dates
from khavaran.text.dates import UnparseableDate, parse_fuzzy_date
from khavaran.web.rendering import reader_digits

# The calendars a refusal may name (by their values in `text.calendars.Calendar`).
CALENDAR_NAMES = {
    "gregorian": gettext_lazy("Gregorian"),
    "solar-hijri": gettext_lazy("Solar Hijri"),
    "lunar-hijri": gettext_lazy("Lunar Hijri"),
}

# `text/calendars.py` gives its refusals as English sentences only: they are read back into
# their parts here so that a Persian page says them in Persian (an unknown one stays English).
CALENDAR_REFUSALS = (
    (
        re.compile(r"month (?P<month>-?\d+) does not exist \(months run from 1 to 12\)"),
        gettext_lazy("month %(month)s does not exist (months run from 1 to 12)"),
    ),
    (
        re.compile(
            r"day (?P<day>-?\d+) does not exist in (?P<month>.+) (?P<year>-?\d+)"
            r" \(a (?P<length>\d+)-day month\)"
        ),
        gettext_lazy("day %(day)s does not exist in %(month)s %(year)s (a %(length)s-day month)"),
    ),
    (
        re.compile(r"year (?P<year>-?\d+) is before the Lunar Hijri era"),
        gettext_lazy("year %(year)s is before the Lunar Hijri era"),
    ),
    (
        re.compile(r"(?P<day>[\d-]+) is before the Lunar Hijri era"),
        gettext_lazy("%(day)s is before the Lunar Hijri era"),
    ),
    (
        re.compile(r"year (?P<year>-?\d+) is out of range"),
        gettext_lazy("year %(year)s is out of range"),
    ),
)
# What a reader typed is quoted as typed; numbers the parser worked out are shown in the
# reader's digits.
TYPED = ("part", "word")


def _param(name: str, value: object) -> str:
    if name in ("month_calendar", "year_calendar"):
        return str(CALENDAR_NAMES.get(str(value), value))
    return str(value) if name in TYPED else reader_digits(str(value))


def reason_in_reader_language(refusal: UnparseableDate) -> str:
    """Why the text is not a date, translated (the grammar's templates are in the catalogue)."""
    if refusal.params:
        params = {name: _param(name, value) for name, value in refusal.params.items()}
        return _(refusal.template) % params
    for pattern, message in CALENDAR_REFUSALS:
        match = pattern.fullmatch(refusal.template)
        if match:
            return str(message) % {k: reader_digits(v) for k, v in match.groupdict().items()}
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
