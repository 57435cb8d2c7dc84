"""The words a reviewer reads for a list's fields, and a list's dates in both calendars.

A list keeps each row as its file wrote it; the linkage engine names the columns it maps
(``death_date``, ``father_name``). A reviewer comparing two rows reads the field's name in
their language, and a date in the calendar they think in beside the one the list used.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from khavaran.analysis.columns import DATE_FIELDS
from khavaran.web.templatetags.khavaran import date_words

FIELD_LABELS = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "full_name": _("Full name"),
    "father_name": _("Father's name"),
    "birth_year": _("Year of birth"),
    "city": _("City"),
    "prison": _("Prison"),
    "death_date": _("Date of death"),
    "affiliation": _("Affiliation"),
}


def field_label(field: str) -> str:
    """A mapped field's name in the reader's language; a file's own header as it is."""
    return str(FIELD_LABELS.get(field, field))


def cell_date(field: str, value: str) -> str:
    """A date field's value read in both calendars ("" when the cell is not a date, or says
    nothing more than it already shows)."""
    if field not in DATE_FIELDS or not value.strip():
        return ""
    words = date_words(value.strip(), "fa" if (get_language() or "").startswith("fa") else "en")
    return "" if words is None or words == value.strip() else words
