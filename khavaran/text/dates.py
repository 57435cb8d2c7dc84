"""FuzzyDate: the dates sources really give, read from text and shown in two calendars.

A source says "summer 1988", "Mordad 1367", "۲۴ مرداد ۱۳۶۷" or "ذی‌الحجه ۱۴۰۸". A FuzzyDate keeps
that text and its calendar, and the earliest and latest Gregorian days it can mean, so dates from
any calendar can be compared, sorted and searched. Pure Python, no Django.

Reading rules, in order:
  * a calendar word ("AH", "ه.ق", "ق", "SH", "ه.ش", "CE", "میلادی") decides the calendar;
  * else a month name does (August: Gregorian, Mordad/مرداد: Solar Hijri, Muharram/محرم: Lunar);
  * else the ``calendar`` argument does;
  * else a year from 1300 to 1450 is Solar Hijri and any other year Gregorian.
Numbers written ``dd/mm/yyyy`` are read day first unless ``order="mdy"`` says month first (a
victim list decides it per column: ``khavaran.analysis.date_order``). Seasons are the Persian
(astronomical) ones, the same in both calendars: summer 1988 = summer 1367 = 1 Tir–31 Shahrivar
1367 (22 June–22 September 1988); winter 1988 is the winter that begins in December 1988
(Dey–Esfand 1367). "early", "mid" and "late" take the first, middle and last third: days 1–10,
11–20 and 21–end of a month, months 1–4, 5–8 and 9–12 of a year, the three months of a season.
Lunar Hijri dates use the tabular calendar and are widened by one day on each side, since the
month a source counted by sighting the moon can start a day or two away.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from khavaran.text.calendars import (
    MONTH_NAMES,
    Calendar,
    InvalidCalendarDateError,
    from_gregorian,
    gettext_noop,
    gregorian_to_lunar_hijri,
    gregorian_to_solar_hijri,
    lunar_hijri_to_gregorian,
    month_length,
    solar_hijri_to_gregorian,
)
from khavaran.text.date_grammar import (
    SEASON_NAMES,
    THIRD_NAMES,
    DateTextError,
    DayOrder,
    Lang,
    Precision,
    months_span,
    read_date,
    span,
)

__all__ = [
    "Calendar",
    "DayOrder",
    "FuzzyDate",
    "InvalidCalendarDateError",
    "InvalidFuzzyDateError",
    "Precision",
    "UnparseableDate",
    "date_range",
    "format_gregorian",
    "format_solar_hijri",
    "from_iso_prefix",
    "gregorian_to_lunar_hijri",
    "gregorian_to_solar_hijri",
    "lunar_hijri_to_gregorian",
    "parse_fuzzy_date",
    "solar_hijri_to_gregorian",
]

_EXAMPLES = "write e.g. 1988-08-15, August 1988, Mordad 1367 or ۱۳۶۷/۰۵/۲۴"


# The name is the published API (issue: dates); ruff N818 would want an Error suffix.
class UnparseableDate(ValueError):
    """Text that cannot be read as a date; the message names the text and what to write.

    ``reason`` is the English; ``template`` and ``params`` (see ``DateTextError``) let the web
    say it in the reader's language."""

    def __init__(self, text: str, template: str, params: dict[str, object] | None = None) -> None:
        self.text = text
        self.template, self.params = template, params or {}
        self.reason = template % self.params if self.params else template
        super().__init__(f'cannot read "{text}" as a date: {self.reason}; {_EXAMPLES}')


class InvalidFuzzyDateError(ValueError):
    """A FuzzyDate built or loaded with inconsistent fields."""


@dataclass(frozen=True)
class FuzzyDate:
    """A date as a source gave it, with the Gregorian days it can mean.

    Example:
        >>> fd = parse_fuzzy_date("Mordad 1367")
        >>> fd.earliest, fd.latest, fd.calendar.value, fd.precision.value
        (datetime.date(1988, 7, 23), datetime.date(1988, 8, 22), 'solar-hijri', 'month')
    """

    earliest: date
    latest: date
    original: str
    calendar: Calendar
    precision: Precision

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise InvalidFuzzyDateError(
                f'"{self.original}": earliest {self.earliest} is after latest {self.latest}'
            )

    def to_json(self) -> dict[str, str]:
        """Plain strings for a JSON field; ``from_json`` reads them back."""
        return {
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "original": self.original,
            "calendar": self.calendar.value,
            "precision": self.precision.value,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, str]) -> FuzzyDate:
        """Rebuild a FuzzyDate from ``to_json`` output.

        Raises:
            InvalidFuzzyDateError: a field is missing or holds a value it cannot.
        """
        try:
            return cls(
                earliest=date.fromisoformat(data["earliest"]),
                latest=date.fromisoformat(data["latest"]),
                original=data["original"],
                calendar=Calendar(data["calendar"]),
                precision=Precision(data["precision"]),
            )
        except KeyError as error:
            raise InvalidFuzzyDateError(f"stored fuzzy date lacks the field {error}") from error
        except ValueError as error:
            raise InvalidFuzzyDateError(f"stored fuzzy date {dict(data)!r}: {error}") from error

    def overlaps(self, other: FuzzyDate) -> bool:
        """Whether the two can be the same day (their ranges share at least one day)."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, day: date) -> bool:
        """Whether the day lies within the range."""
        return self.earliest <= day <= self.latest


def date_range(start: FuzzyDate | None, end: FuzzyDate | None) -> tuple[date | None, date | None]:
    """The widest Gregorian range from a start to an end, either of them unknown.

    Example:
        >>> date_range(from_iso_prefix("1988"), None)
        (datetime.date(1988, 1, 1), None)
    """
    return (start.earliest if start else None, end.latest if end else None)


def parse_fuzzy_date(
    text: str, *, calendar: Calendar | None = None, order: DayOrder = "dmy"
) -> FuzzyDate:
    """Read a date phrase from a source as a FuzzyDate.

    Args:
        text: just the date phrase, in English or Persian, any digits: "1988", "summer 1988",
            "15 August 1988", "August 15, 1988", "15/08/1988" (day first), "late July 1988",
            "July–September 1988", "between July and September 1988", "1980s", "Mordad 1367",
            "۲۴ مرداد ۱۳۶۷", "1367/05/24", "اواخر مرداد ۱۳۶۷", "سال ۱۳۶۷",
            "Dhu al-Hijjah 1408", "ذی‌الحجه ۱۴۰۸ ه.ق", "1408 AH".
        calendar: the calendar of numeric forms ("1367/05/24", "1988") when the text names
            none; a month name or a calendar word in the text wins over it.
        order: how numbers written n/n/yyyy are read: "dmy" (08/03/1988 is 8 March) or
            "mdy" (3 August); year-first forms (1367/05/24, 1988-08-15) are not concerned.

    Returns:
        The FuzzyDate, its ``original`` being ``text`` unchanged.

    Raises:
        UnparseableDate: the text is empty, not a date, or names a day that does not exist.

    Example:
        >>> fd = parse_fuzzy_date("۲۴ مرداد ۱۳۶۷")
        >>> fd.earliest, fd.precision.value
        (datetime.date(1988, 8, 15), 'day')
    """
    try:
        start, end, found, precision = read_date(text, calendar, order)
    except (DateTextError, InvalidCalendarDateError) as error:
        raise UnparseableDate(text, error.template, error.params) from None
    except OverflowError:
        reason = gettext_noop("it is outside the years this system can hold")
        raise UnparseableDate(text, reason) from None
    return FuzzyDate(start, end, text, found, precision)


_ISO_PREFIX = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def from_iso_prefix(text: str) -> FuzzyDate:
    """Read the facts-import format exactly: Gregorian "1988", "1988-07" or "1988-08-15".

    Raises:
        UnparseableDate: anything else, or a month or day that does not exist.

    Example:
        >>> from_iso_prefix("1988-07").latest
        datetime.date(1988, 7, 31)
    """
    match = _ISO_PREFIX.fullmatch(text.strip())
    if not match:
        reason = gettext_noop("the import format is YYYY, YYYY-MM or YYYY-MM-DD")
        raise UnparseableDate(text, reason)
    month, day = (int(g) if g else None for g in match.groups()[1:])
    try:
        start, end, precision = span(Calendar.GREGORIAN, int(match.group(1)), month, day)
    except (DateTextError, InvalidCalendarDateError) as error:
        raise UnparseableDate(text, error.template, error.params) from None
    return FuzzyDate(start, end, text, Calendar.GREGORIAN, precision)


# --- Display -----------------------------------------------------------------------------------

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_YEAR_WORDS: dict[Calendar, dict[Lang, str]] = {
    Calendar.GREGORIAN: {"en": "CE", "fa": "میلادی"},
    Calendar.SOLAR_HIJRI: {"en": "SH", "fa": "ه.ش"},
}


def format_gregorian(fd: FuzzyDate, lang: Lang = "en") -> str:
    """The FuzzyDate in Gregorian words, short as its range allows; it parses back to itself.

    Args:
        fd: any FuzzyDate.
        lang: "en" ("15 August 1988") or "fa" (Persian digits and month names: "۱۵ اوت ۱۹۸۸").

    Returns:
        "15 August 1988", "August 1988", "1988", "Jul–Sep 1988", "summer 1988",
        "late July 1988", "14–16 August 1988"; a range that fits none of these and spans more
        than 300 days is shown by the years it touches ("1988–1989").

    Example:
        >>> format_gregorian(parse_fuzzy_date("تابستان ۱۳۶۷"))
        'summer 1988'
    """
    return _describe(fd, Calendar.GREGORIAN, lang)


def format_solar_hijri(fd: FuzzyDate, lang: Lang = "en") -> str:
    """The FuzzyDate in Solar Hijri words, exact where the range falls on Solar Hijri units.

    Args:
        fd: any FuzzyDate.
        lang: "en" ("24 Mordad 1367") or "fa" ("۲۴ مرداد ۱۳۶۷").

    Returns:
        "24 Mordad 1367", "Mordad 1367", "Tir–Shahrivar 1367", "summer 1367", "1367"; a range
        that does not fall on Solar Hijri months is shown day by day ("10 Mordad – 9 Shahrivar
        1367" for August 1988), or by the years it touches when it spans more than 300 days
        ("1366–1367" for 1988).

    Example:
        >>> format_solar_hijri(parse_fuzzy_date("1988-08-15"), lang="fa")
        '۲۴ مرداد ۱۳۶۷'
    """
    return _describe(fd, Calendar.SOLAR_HIJRI, lang)


def _describe(fd: FuzzyDate, calendar: Calendar, lang: Lang) -> str:
    first, last = fd.earliest, fd.latest
    ey, em, ed = from_gregorian(calendar, first)
    ly, lm, ld = from_gregorian(calendar, last)
    whole_months = ed == 1 and ld == month_length(calendar, ly, lm)
    season = _season_of(first, last)
    if first == last:
        text = f"{ed} {_month(calendar, em, lang)} {ey}"
    elif season is not None:
        year = season[1] + (621 if calendar is Calendar.GREGORIAN else 0)
        return _years_text(SEASON_NAMES[lang][season[0]] + " ", year, year, calendar, lang)
    elif (whole_months and (em, lm) == (1, 12)) or (last - first).days >= 300:
        return _years_text("", ey, ly, calendar, lang)
    elif whole_months:
        text = _months_text(calendar, lang, (ey, em), (ly, lm))
    elif (ey, em) == (ly, lm) and (ed, ld) in ((1, 10), (11, 20), (21, _end(calendar, ly, lm))):
        text = f"{THIRD_NAMES[lang][ed // 10]} {_month(calendar, em, lang)} {ey}"
    else:
        text = _days_text(calendar, lang, (ey, em, ed), (ly, lm, ld))
    return text.translate(_PERSIAN_DIGITS) if lang == "fa" else text


def _end(calendar: Calendar, year: int, month: int) -> int:
    return month_length(calendar, year, month)


def _month(calendar: Calendar, month: int, lang: Lang, *, short: bool = False) -> str:
    name = MONTH_NAMES[calendar][lang][month - 1]
    # Only English Gregorian months have customary short forms ("Jul–Sep 1988").
    return name[:3] if short and lang == "en" and calendar is Calendar.GREGORIAN else name


def _season_of(first: date, last: date) -> tuple[int, int] | None:
    year, month, day = gregorian_to_solar_hijri(first)
    if day != 1 or month % 3 != 1:
        return None
    end = months_span(Calendar.SOLAR_HIJRI, year, month + 2, month + 2)[1]
    return ((month - 1) // 3, year) if end == last else None


def _years_text(prefix: str, first: int, last: int, calendar: Calendar, lang: Lang) -> str:
    text = f"{prefix}{first}" if first == last else f"{prefix}{first}–{last}"
    # A bare year is read as Solar Hijri from 1300 to 1450 only; say so when that misleads.
    solar = [1300 <= year <= 1450 for year in (first, last)]
    if any(solar) if calendar is Calendar.GREGORIAN else not all(solar):
        text = f"{text} {_YEAR_WORDS[calendar][lang]}"
    return text.translate(_PERSIAN_DIGITS) if lang == "fa" else text


def _months_text(
    calendar: Calendar, lang: Lang, first: tuple[int, int], last: tuple[int, int]
) -> str:
    (ey, em), (ly, lm) = first, last
    if first == last:
        return f"{_month(calendar, em, lang)} {ey}"
    start, end = _month(calendar, em, lang, short=True), _month(calendar, lm, lang, short=True)
    if ey == ly:
        return f"{start}–{end} {ey}"
    return f"{start} {ey} – {end} {ly}"


def _days_text(
    calendar: Calendar, lang: Lang, first: tuple[int, int, int], last: tuple[int, int, int]
) -> str:
    (ey, em, ed), (ly, lm, ld) = first, last
    start, end = _month(calendar, em, lang), _month(calendar, lm, lang)
    if (ey, em) == (ly, lm):
        return f"{ed}–{ld} {end} {ly}"
    if ey == ly:
        return f"{ed} {start} – {ld} {end} {ly}"
    return f"{ed} {start} {ey} – {ld} {end} {ly}"
