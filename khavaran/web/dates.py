"""Fuzzy dates typed into a form, read the way the sources write them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from khavaran.evidence.models import FuzzyDate
from khavaran.records.actions import save_fuzzy_date
from khavaran.text import dates
from khavaran.text.dates import UnparseableDate, parse_fuzzy_date


def parse_or_refuse(text: str) -> dates.FuzzyDate | None:
    if not text.strip():
        return None

    try:
        return parse_fuzzy_date(text.strip())
    except (UnparseableDate, ValueError) as error:
        message = _("Cannot read the date: %(error)s") % {"error": error}
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
