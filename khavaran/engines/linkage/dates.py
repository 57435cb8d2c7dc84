"""Dates as victim lists write them, to a range of Gregorian days.

Lists give a Solar Hijri year (1367, ۱۳۶۷), a full Solar Hijri date (1367/05/24), a month
(Mordad 1367), or Gregorian (1988, 1988-08-15, 15/08/1988). A year is a range, not a day: the
Solar Hijri year 1340 runs from March 1961 to March 1962, so it can meet both 1961 and 1962.
This is the linkage engine's own small parser; it needs nothing but years, months and days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import jdatetime

from khavaran.text.arabic_script import fold_digits, normalize_arabic_script

Calendar = Literal["gregorian", "solar_hijri"]

_SOLAR_HIJRI_YEARS = range(1200, 1500)
_GREGORIAN_YEARS = range(1800, 2101)
_SEP = r"\s*[/\-.]\s*"
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})$")
_YMD = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$")
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})$")
_MONTH_YEAR = re.compile(r"^([^\d\s]+)\s+(\d{4})$")

_SOLAR_HIJRI_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("farvardin", "فروردین"), ("ordibehesht", "اردیبهشت"), ("khordad", "خرداد"),
            ("tir", "تیر"), ("mordad", "مرداد", "amordad", "امرداد"), ("shahrivar", "شهریور"),
            ("mehr", "مهر"), ("aban", "آبان", "ابان"), ("azar", "آذر", "اذر"), ("dey", "دی"),
            ("bahman", "بهمن"), ("esfand", "اسفند"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_GREGORIAN_MONTHS = {
    name: number
    for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"),
        start=1,
    )
}  # fmt: skip


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


def _calendar_of(year: int, text: str) -> Calendar:
    if year in _SOLAR_HIJRI_YEARS:
        return "solar_hijri"
    if year in _GREGORIAN_YEARS:
        return "gregorian"
    raise DateParseError(
        f"date {text!r}: year {year} is neither Solar Hijri (1200-1499) nor Gregorian "
        "(1800-2100); correct the year in the list"
    )


def _to_gregorian(calendar: Calendar, year: int, month: int, day: int) -> date:
    if calendar == "gregorian":
        return date(year, month, day)
    gregorian: date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def _month_end(calendar: Calendar, year: int, month: int) -> date:
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _to_gregorian(calendar, next_year, next_month, 1) - timedelta(days=1)


def _range(text: str, year: int, month: int | None, day: int | None) -> DateRange:
    calendar = _calendar_of(year, text)
    try:
        if month is None:
            start = _to_gregorian(calendar, year, 1, 1)
            return DateRange(start, _month_end(calendar, year, 12), calendar, text)
        if day is None:
            start = _to_gregorian(calendar, year, month, 1)
            return DateRange(start, _month_end(calendar, year, month), calendar, text)
        day_date = _to_gregorian(calendar, year, month, day)
    except ValueError as error:
        raise DateParseError(f"date {text!r}: {error}; correct the day or month") from error
    return DateRange(day_date, day_date, calendar, text)


def _named_month(text: str, name: str, year: int) -> DateRange:
    calendar = _calendar_of(year, text)
    months = _SOLAR_HIJRI_MONTHS if calendar == "solar_hijri" else _GREGORIAN_MONTHS
    if name not in months:
        raise DateParseError(f"date {text!r}: unknown {calendar} month {name!r}")
    return _range(text, year, months[name], None)


def parse_date_range(text: str | None) -> DateRange | None:
    """Read a list's date field into the Gregorian days it can mean.

    Args:
        text: a year, year/month, full date or "month year", Solar Hijri or Gregorian, in
            any digits. Day-first dates (15/08/1988) are read as day/month/year.

    Returns:
        The DateRange, or None for an empty field.

    Raises:
        DateParseError: the text is not a date this parser reads.

    Example:
        >>> parse_date_range("۱۳۶۷/۰۵/۲۴").earliest
        datetime.date(1988, 8, 15)
        >>> parse_date_range("1367").years()
        (1988, 1989)
    """
    if text is None:
        return None
    cleaned = fold_digits(normalize_arabic_script(str(text))).strip().casefold()
    if not cleaned:
        return None
    if match := _YEAR.match(cleaned):
        return _range(text, int(match[1]), None, None)
    if match := _YEAR_MONTH.match(cleaned):
        return _range(text, int(match[1]), int(match[2]), None)
    if match := _YMD.match(cleaned):
        return _range(text, int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(cleaned):
        return _range(text, int(match[3]), int(match[2]), int(match[1]))
    if match := _MONTH_YEAR.match(cleaned):
        return _named_month(text, match[1], int(match[2]))
    raise DateParseError(
        f"date {text!r} is not a year, year/month or full date; write it as 1367, "
        "1367/05/24, 1988 or 1988-08-15"
    )
