"""Conversions between the Gregorian, Solar Hijri and Lunar Hijri calendars (no Django).

Sources on Iran date events in three calendars: Gregorian (foreign press, UN reports), Solar
Hijri / Jalali (Iranian documents, testimonies, "Mordad 1367") and Lunar Hijri (religious rulings,
"Dhu al-Hijjah 1408"). Everything is stored as Gregorian ``datetime.date``; these functions move a
year, month and day between the three.

The Lunar Hijri calendar here is the tabular (arithmetical) Islamic calendar with the common
"Kuwaiti" leap-year rule (years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29 of each 30-year cycle
are leap) and the civil epoch (1 Muharram 1 AH = 16 July 622 Julian). Iran and other countries fix
months by sighting the new moon, so a real Lunar Hijri date can fall a day or two away from the
tabular one; ``khavaran.text.dates`` widens every Lunar Hijri span by a day on each side.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date
from enum import StrEnum

import jdatetime


class Calendar(StrEnum):
    """The calendar a source wrote a date in."""

    GREGORIAN = "gregorian"
    SOLAR_HIJRI = "solar-hijri"
    LUNAR_HIJRI = "lunar-hijri"


def gettext_noop(message: str) -> str:
    """Marks a message for the web's translation catalogue (`makemessages` looks for this name)
    without importing Django, which the engines reading dates run without."""
    return message


class TranslatableError(ValueError):
    """An error whose message an interface can translate: ``template`` is looked up in its
    catalogue and filled with ``params``; the message itself is the English, as the command
    line prints it."""

    def __init__(self, template: str, **params: object) -> None:
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


class InvalidCalendarDateError(TranslatableError):
    """A year, month and day that do not exist in the named calendar. A day that does not
    exist in its month also carries ``calendar`` and ``month_number``, so that the month can be
    named in the reader's language."""


MONTH_NAMES: dict[Calendar, dict[str, tuple[str, ...]]] = {
    Calendar.GREGORIAN: {
        "en": (
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ),
        "fa": (
            "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
            "اکتبر", "نوامبر", "دسامبر",
        ),
    },
    Calendar.SOLAR_HIJRI: {
        "en": (
            "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr",
            "Aban", "Azar", "Dey", "Bahman", "Esfand",
        ),
        "fa": (
            "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
            "دی", "بهمن", "اسفند",
        ),
    },
    Calendar.LUNAR_HIJRI: {
        "en": (
            "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula",
            "Jumada al-Thani", "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah",
            "Dhu al-Hijjah",
        ),
        "fa": (
            "محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی", "رجب",
            "شعبان", "رمضان", "شوال", "ذی‌القعده", "ذی‌الحجه",
        ),
    },
}  # fmt: skip

# Day before 1 Muharram 1 AH as a proleptic Gregorian ordinal (16 July 622 Julian = 19 July).
_LUNAR_EPOCH = date(622, 7, 19).toordinal() - 1


def is_lunar_hijri_leap(year: int) -> bool:
    """Whether a tabular Lunar Hijri year has 355 days (Dhu al-Hijjah of 30 days)."""
    return (14 + 11 * year) % 30 < 11


def month_length(calendar: Calendar, year: int, month: int) -> int:
    """Number of days in a month of a calendar.

    Args:
        calendar: the calendar the year and month are in.
        year: the year in that calendar.
        month: 1 to 12.

    Returns:
        28 to 31.

    Example:
        >>> month_length(Calendar.SOLAR_HIJRI, 1367, 12)
        29
    """
    if not 1 <= month <= 12:
        raise InvalidCalendarDateError(
            gettext_noop("month %(month)s does not exist (months run from 1 to 12)"), month=month
        )
    if calendar is Calendar.GREGORIAN:
        return stdlib_calendar.monthrange(year, month)[1]
    if calendar is Calendar.SOLAR_HIJRI:
        leap = jdatetime.date(year, 1, 1).isleap()
        return 30 if month == 12 and leap else jdatetime.j_days_in_month[month - 1]
    long_month = month % 2 == 1 or (month == 12 and is_lunar_hijri_leap(year))
    return 30 if long_month else 29


def _check(calendar: Calendar, year: int, month: int, day: int) -> None:
    # Own checks first: they name the month, where jdatetime says only "out of range".
    length = month_length(calendar, year, month)
    if not 1 <= day <= length:
        name = MONTH_NAMES[calendar]["en"][month - 1]
        raise InvalidCalendarDateError(
            gettext_noop(
                "day %(day)s does not exist in %(month)s %(year)s (a %(length)s-day month)"
            ),
            day=day, month=name, year=year, length=length,
            calendar=calendar.value, month_number=month,
        )  # fmt: skip


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Solar Hijri (Jalali) date.

    Args:
        year: Solar Hijri year, e.g. 1367.
        month: 1 (Farvardin) to 12 (Esfand).
        day: day of the month.

    Returns:
        The Gregorian date.

    Raises:
        InvalidCalendarDateError: the date does not exist (e.g. 30 Esfand in a common year).

    Example:
        >>> solar_hijri_to_gregorian(1367, 5, 24)
        datetime.date(1988, 8, 15)
    """
    _check(Calendar.SOLAR_HIJRI, year, month, day)
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def gregorian_to_solar_hijri(day: date) -> tuple[int, int, int]:
    """The Solar Hijri (year, month, day) of a Gregorian date.

    Example:
        >>> gregorian_to_solar_hijri(date(1988, 8, 15))
        (1367, 5, 24)
    """
    jalali = jdatetime.date.fromgregorian(date=day)
    return (jalali.year, jalali.month, jalali.day)


def _lunar_ordinal(year: int, month: int, day: int) -> int:
    # 354 days a year, the leap days so far, and months alternating 30 and 29 days.
    months_before = (59 * (month - 1) + 1) // 2
    return _LUNAR_EPOCH + (year - 1) * 354 + (3 + 11 * year) // 30 + months_before + day


def lunar_hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a tabular Lunar Hijri date.

    The tabular calendar can differ by a day or two from the sighting-based calendar a source
    used; callers that store a Lunar Hijri date should keep a margin (``parse_fuzzy_date`` does).

    Args:
        year: Lunar Hijri year (AH), e.g. 1408.
        month: 1 (Muharram) to 12 (Dhu al-Hijjah).
        day: day of the month (29 or 30 days).

    Returns:
        The Gregorian date.

    Raises:
        InvalidCalendarDateError: the month or day does not exist in the tabular calendar.

    Example:
        >>> lunar_hijri_to_gregorian(1409, 1, 1)
        datetime.date(1988, 8, 14)
    """
    if year < 1:
        raise InvalidCalendarDateError(
            gettext_noop("year %(year)s is before the Lunar Hijri era"), year=year
        )
    _check(Calendar.LUNAR_HIJRI, year, month, day)
    return date.fromordinal(_lunar_ordinal(year, month, day))


def gregorian_to_lunar_hijri(day: date) -> tuple[int, int, int]:
    """The tabular Lunar Hijri (year, month, day) of a Gregorian date.

    Example:
        >>> gregorian_to_lunar_hijri(date(1988, 8, 14))
        (1409, 1, 1)
    """
    ordinal = day.toordinal()
    if ordinal <= _LUNAR_EPOCH:
        raise InvalidCalendarDateError(
            gettext_noop("%(day)s is before the Lunar Hijri era"), day=day.isoformat()
        )
    # 10631 days per 30-year cycle gives the year, give or take one; step to the right one.
    year = (30 * (ordinal - _LUNAR_EPOCH) + 10646) // 10631
    while _lunar_ordinal(year, 1, 1) > ordinal:
        year -= 1
    while _lunar_ordinal(year + 1, 1, 1) <= ordinal:
        year += 1
    month = 12
    while _lunar_ordinal(year, month, 1) > ordinal:
        month -= 1
    return (year, month, ordinal - _lunar_ordinal(year, month, 1) + 1)


def to_gregorian(calendar: Calendar, year: int, month: int, day: int) -> date:
    """The Gregorian date of a date in any of the three calendars.

    Raises:
        InvalidCalendarDateError: the date does not exist in that calendar (or is out of range).

    Example:
        >>> to_gregorian(Calendar.SOLAR_HIJRI, 1367, 1, 1)
        datetime.date(1988, 3, 21)
    """
    try:
        if calendar is Calendar.SOLAR_HIJRI:
            return solar_hijri_to_gregorian(year, month, day)
        if calendar is Calendar.LUNAR_HIJRI:
            return lunar_hijri_to_gregorian(year, month, day)
        _check(calendar, year, month, day)
        return date(year, month, day)
    except InvalidCalendarDateError:
        raise
    # jdatetime and datetime refuse years they cannot hold with a bare ValueError.
    except (ValueError, OverflowError) as error:
        raise InvalidCalendarDateError(
            gettext_noop("year %(year)s is out of range"), year=year
        ) from error


def from_gregorian(calendar: Calendar, day: date) -> tuple[int, int, int]:
    """The (year, month, day) of a Gregorian date in any of the three calendars.

    Example:
        >>> from_gregorian(Calendar.LUNAR_HIJRI, date(1988, 8, 14))
        (1409, 1, 1)
    """
    if calendar is Calendar.SOLAR_HIJRI:
        return gregorian_to_solar_hijri(day)
    if calendar is Calendar.LUNAR_HIJRI:
        return gregorian_to_lunar_hijri(day)
    return (day.year, day.month, day.day)
