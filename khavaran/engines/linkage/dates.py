"""Dates as victim lists write them, to a range of Gregorian days.

Lists give a Solar Hijri year (1367, ۱۳۶۷), a full Solar Hijri date (1367/05/24, ۱۲ مرداد
۱۳۶۷), a month (Mordad 1367, Aug 1988), a season or part of a month (تابستان ۱۳۶۷, اواخر مرداد
۱۳۶۷), a span (1367-1368) or Gregorian (1988, 1988-08-15, 15/08/1988). A year is a range, not a
day: the Solar Hijri year 1340 runs from March 1961 to March 1962, so it can meet both 1961 and
1962.

There is one reading of dates in Khavaran: ``khavaran.text.dates.parse_fuzzy_date``, which the
list import uses and stores (``death_date_range``). The engine reads the import's stored ranges
when it is given them (``*_earliest`` / ``*_latest`` columns) and the same parser otherwise, so a
date that imports is a date that links, whatever its format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from khavaran.text.arabic_script import fold_digits, normalize_arabic_script
from khavaran.text.dates import Calendar as TextCalendar
from khavaran.text.dates import UnparseableDate, parse_fuzzy_date

Calendar = Literal["gregorian", "solar_hijri", "lunar_hijri"]

# A bare number in these years is Solar Hijri: victims' birth years reach back to the 1280s
# (1900s), which the text parser alone would read as Gregorian years.
_SOLAR_HIJRI_YEARS = range(1200, 1500)
_FIRST_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


class DateParseError(ValueError):
    """A date text that is neither a Solar Hijri nor a Gregorian year, month or day."""


@dataclass(frozen=True)
class DateRange:
    """The Gregorian days a written date can mean, with the text and calendar it came from.

    Attributes:
        earliest: first possible Gregorian day.
        latest: last possible Gregorian day (equal to earliest for a full date).
        calendar: the calendar the text was written in.
        text: the text as given.
    """

    earliest: date
    latest: date
    calendar: Calendar
    text: str

    def years(self) -> tuple[int, int]:
        """The first and last Gregorian year of the range."""
        return self.earliest.year, self.latest.year


def list_calendar_hint(cleaned: str) -> TextCalendar | None:
    """The calendar a victim list's date written as bare numbers is in: Solar Hijri for a year
    from 1200 to 1499 (``cleaned``: digits folded). The list import reads with it too."""
    # Only for numbers without a month name or calendar word, which win over the hint.
    match = _FIRST_YEAR.search(cleaned)
    if match and int(match[1]) in _SOLAR_HIJRI_YEARS:
        return TextCalendar.SOLAR_HIJRI
    return None


def parse_date_range(text: str | None) -> DateRange | None:
    """Read a list's date field into the Gregorian days it can mean.

    Args:
        text: any date phrase ``khavaran.text.dates.parse_fuzzy_date`` reads, Solar Hijri or
            Gregorian, in any digits; day-first dates (15/08/1988) are read day first, and a
            bare year from 1200 to 1499 is Solar Hijri.

    Returns:
        The DateRange, or None for an empty field.

    Raises:
        DateParseError: the text is not a date Khavaran reads.

    Example:
        >>> parse_date_range("۱۳۶۷/۰۵/۲۴").earliest
        datetime.date(1988, 8, 15)
        >>> parse_date_range("12 مرداد 1367").earliest
        datetime.date(1988, 8, 3)
        >>> parse_date_range("1367").years()
        (1988, 1989)
    """
    if text is None:
        return None
    cleaned = fold_digits(normalize_arabic_script(str(text))).strip()
    if not cleaned:
        return None
    try:
        fuzzy = parse_fuzzy_date(cleaned, calendar=list_calendar_hint(cleaned))
    except UnparseableDate as error:
        raise DateParseError(
            f"date {text!r}: {error.reason}; write it as 1367, 1367/05/24, 24 Mordad 1367 or "
            "1988-08-15"
        ) from None
    calendar: Calendar = fuzzy.calendar.value.replace("-", "_")  # type: ignore[assignment]
    return DateRange(fuzzy.earliest, fuzzy.latest, calendar, str(text))
