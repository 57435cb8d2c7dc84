"""The grammar of date phrases: words, numbers and spans, read into Gregorian ranges.

The public face is ``khavaran.text.dates``; this module holds the vocabulary (month names in
three calendars and two scripts, seasons, "early/mid/late", calendar words) and the reading rules
it documents. Pure Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from khavaran.text.arabic_script import normalize_arabic_script
from khavaran.text.calendars import (
    MONTH_NAMES,
    Calendar,
    InvalidCalendarDateError,
    TranslatableError,
    gettext_noop,
    month_length,
    to_gregorian,
)

Lang = Literal["en", "fa"]
# How numbers written n/n/yyyy are read: "dmy" (08/03/1988 = 8 March) or "mdy" (3 August).
DayOrder = Literal["dmy", "mdy"]


class Precision(StrEnum):
    """How much of the date the source gave."""

    DAY = "day"
    PART_OF_MONTH = "part-of-month"
    MONTH = "month"
    SEASON = "season"
    PART_OF_YEAR = "part-of-year"
    YEAR = "year"
    DECADE = "decade"
    RANGE = "range"


# --- Words ----------------------------------------------------------------------------------------

TokenKind = Literal[
    "number", "numeric", "month", "season", "third", "marker", "filler", "decade", "open", "to",
    "unknown",
]  # fmt: skip
_MONTH_ALIASES: dict[Calendar, tuple[tuple[str, ...], ...]] = {
    Calendar.GREGORIAN: (
        ("jan", "ژانویه", "ژانویه"), ("feb", "فوریه"), ("mar", "مارس"), ("apr", "آوریل"),
        ("مه", "می"), ("jun", "ژوئن"), ("jul", "ژوئیه", "ژوییه", "جولای"),
        ("aug", "اوت", "آگوست"), ("sep", "sept", "سپتامبر"), ("oct", "اکتبر"),
        ("nov", "نوامبر"), ("dec", "دسامبر"),
    ),
    Calendar.SOLAR_HIJRI: (
        ("farvardin",), ("ordibehesht",), ("khordad",), ("tir",), ("mordad", "amordad", "امرداد"),
        ("shahrivar",), ("mehr",), ("aban",), ("azar",), ("dey", "dei"), ("bahman",),
        ("esfand", "esfand", "isfand"),
    ),
    Calendar.LUNAR_HIJRI: (
        ("moharram", "muharram al-haram"), ("safar",),
        ("rabi al-awwal", "rabi ul-awwal", "rabi i", "rabi al-avval", "ربیع الاول"),
        ("rabi al-thani", "rabi al-akhir", "rabi us-sani", "rabi ii", "ربیع الثانی", "ربیع الاخر"),
        ("jumada al-awwal", "jumada al-ula", "jumada i", "جمادی الاولی", "جمادی الاول"),
        ("jumada al-akhirah", "jumada al-akhir", "jumada ii", "جمادی الثانیه", "جمادی الاخر"),
        ("rajab",), ("shaban", "shaaban"), ("ramazan",), ("shawal",),
        ("dhu al-qidah", "dhul qadah", "dhu al-qa'dah", "zulqadah", "ذیقعده", "ذوالقعده"),
        ("dhu al-hijja", "dhul hijjah", "zulhijjah", "zilhajj", "ذیحجه", "ذوالحجه"),
    ),
}  # fmt: skip
SEASON_NAMES: dict[Lang, tuple[str, ...]] = {
    "en": ("spring", "summer", "autumn", "winter"),
    "fa": ("بهار", "تابستان", "پاییز", "زمستان"),
}
THIRD_NAMES: dict[Lang, tuple[str, ...]] = {
    "en": ("early", "mid", "late"),
    "fa": ("اوایل", "اواسط", "اواخر"),
}
_THIRD_ALIASES = (("beginning", "start", "ابتدای"), ("middle", "نیمه"), ("end", "پایان"))
_MARKERS: dict[str, Calendar] = {
    **dict.fromkeys(("ah", "hq", "ق", "هق", "قمری", "هجری قمری"), Calendar.LUNAR_HIJRI),
    **dict.fromkeys(("sh", "hs", "ap", "ش", "هش", "شمسی", "هجری شمسی"), Calendar.SOLAR_HIJRI),
    **dict.fromkeys(("ad", "ce", "م", "میلادی"), Calendar.GREGORIAN),
}
_FILLERS = ("the", "of", "in", "on", "year", "month", "st", "nd", "rd", "th", "سال", "ماه", "هجری")
_KINDS: dict[str, TokenKind] = {"between": "open", "from": "open", "بین": "open", "از": "open"}
_KINDS |= dict.fromkeys(("and", "و", "to", "until", "till", "through", "تا", "الی"), "to")

_LETTERS = re.compile(r"[^\W\d_]+")


def _normalize(text: str) -> str:
    # Arabic letter forms, Persian digits, Latin accents (Mordād), apostrophes (Sha'ban), dashes.
    text = normalize_arabic_script(text, zwnj="")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub("['’‘`ʿʾ]", "", text)
    text = re.sub("[‐‑‒–—−]", "–", text)
    text = re.sub(r"\s+-\s+", " – ", text)
    # "1988-1989" and "14-16 August" are spans; "1988-08" and "1988-08-15" are not.
    span = r"(?<![\d/.\-])(\d{3,4}|\d{1,2})-(\d{3,4}|\d{1,2})(?![\d/.\-])"
    return re.sub(span, _span_dash, text)


def _span_dash(match: re.Match[str]) -> str:
    first, second = match.groups()
    same_kind = (len(first) <= 2) == (len(second) <= 2)
    return f"{first}–{second}" if same_kind else match.group()


def _key(word: str) -> str:
    return "".join(_LETTERS.findall(_normalize(word)))


@dataclass(frozen=True)
class _Token:
    kind: TokenKind
    text: str
    calendar: Calendar | None = None
    index: int = 0
    hyphen_before: bool = False


def _vocabulary() -> dict[str, _Token]:
    words: dict[str, _Token] = {}
    for calendar, langs in MONTH_NAMES.items():
        aliases = _MONTH_ALIASES[calendar]
        for index in range(12):
            names = (langs["en"][index], langs["fa"][index], *aliases[index])
            words |= {_key(n): _Token("month", n, calendar, index + 1) for n in names}
    lang: Lang
    for lang in ("en", "fa"):
        words |= {_key(n): _Token("season", n, index=i) for i, n in enumerate(SEASON_NAMES[lang])}
        words |= {_key(n): _Token("third", n, index=i) for i, n in enumerate(THIRD_NAMES[lang])}
    words |= {_key(n): _Token("season", n, index=2) for n in ("fall", "پائیز")}
    for i, names in enumerate(_THIRD_ALIASES):
        words |= {_key(n): _Token("third", n, index=i) for n in names}
    words |= {_key(n): _Token("marker", n, c) for n, c in _MARKERS.items()}
    words |= {_key(n): _Token("filler", n) for n in _FILLERS}
    words |= {"s": _Token("decade", "s"), "دهه": _Token("decade", "دهه")}
    words |= {_key(n): _Token(kind, n) for n, kind in _KINDS.items()}
    return words


_WORDS = _vocabulary()
_TOKEN = re.compile(r"\d+(?:[/.\-]\d+)+|\d+|[^\W\d_]+|–")


class DateTextError(TranslatableError):
    """Why a text is not a date; ``parse_fuzzy_date`` adds the text and the examples."""


def _tokenize(text: str) -> list[_Token]:
    normal = _normalize(text)
    pieces: list[tuple[str, bool]] = []
    end = 0
    for match in _TOKEN.finditer(normal):
        pieces.append((match.group(), "-" in normal[end : match.start()]))
        end = match.end()
    tokens: list[_Token] = []
    i = 0
    while i < len(pieces):
        token, used = _word_at(pieces, i)
        tokens.append(token)
        i += used
    return tokens


def _word_at(pieces: list[tuple[str, bool]], i: int) -> tuple[_Token, int]:
    text, hyphen = pieces[i]
    if text[0].isdigit():
        kind: TokenKind = "number" if text.isdigit() else "numeric"
        return _Token(kind, text, hyphen_before=hyphen), 1
    if text == "–":
        return _Token("to", text), 1
    # Multi-word names ("Dhu al-Hijjah", "ذی الحجه", "ه.ق") are looked up with the gaps removed.
    for size in range(min(4, len(pieces) - i), 0, -1):
        words = [p[0] for p in pieces[i : i + size]]
        if all(_LETTERS.fullmatch(w) for w in words) and "".join(words) in _WORDS:
            known = _WORDS["".join(words)]
            return _Token(known.kind, " ".join(words), known.calendar, known.index, hyphen), size
    return _Token("unknown", text, hyphen_before=hyphen), 1


# --- Reading -----------------------------------------------------------------------------------


@dataclass
class _Parts:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    month_calendar: Calendar | None = None
    season: int | None = None
    third: int | None = None
    decade: bool = False


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_NUMERIC_FORMS = (
    (re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})"), ("year", "month", "day")),
    (_DAY_MONTH_YEAR, ("day", "month", "year")),
    (re.compile(r"(\d{4})[/.\-](\d{1,2})"), ("year", "month")),
    (re.compile(r"(\d{1,2})[/.\-](\d{4})"), ("month", "year")),
)


def _read_numeric(text: str, parts: _Parts, order: DayOrder) -> None:
    for pattern, fields in _NUMERIC_FORMS:
        match = pattern.fullmatch(text)
        if match:
            if parts.month is not None or parts.day is not None:
                raise DateTextError(gettext_noop("%(part)s repeats the month or day"), part=text)
            if pattern is _DAY_MONTH_YEAR and order == "mdy":
                fields = ("month", "day", "year")
            for field, value in zip(fields, match.groups(), strict=True):
                setattr(parts, field, int(value))
            return
    raise DateTextError(
        gettext_noop("%(part)s is not a pattern I know (year/month/day or day/month/year)"),
        part=text,
    )


# One whole sentence per field, so that each translates as a sentence.
_GIVEN_TWICE = {
    "month": gettext_noop('it gives two months ("%(word)s" is the second; for a span use "–")'),
    "season": gettext_noop('it gives two seasons ("%(word)s" is the second; for a span use "–")'),
    "third": gettext_noop('it gives two thirds ("%(word)s" is the second; for a span use "–")'),
    "decade": gettext_noop('it gives two decades ("%(word)s" is the second; for a span use "–")'),
}


def _set_once(parts: _Parts, field: str, value: object, token: _Token) -> None:
    if getattr(parts, field) not in (None, False):
        raise DateTextError(_GIVEN_TWICE[field], word=token.text)
    setattr(parts, field, value)


def _read_side(tokens: list[_Token], order: DayOrder) -> _Parts:
    parts = _Parts()
    numbers: list[str] = []
    for token in tokens:
        if token.kind == "number":
            numbers.append(token.text)
        elif token.kind == "numeric":
            _read_numeric(token.text, parts, order)
        elif token.kind == "month":
            _set_once(parts, "month", token.index, token)
            parts.month_calendar = token.calendar
        elif token.kind in ("season", "third", "decade"):
            _set_once(parts, token.kind, token.index if token.kind != "decade" else True, token)
        elif token.kind == "unknown":
            raise DateTextError(
                gettext_noop('"%(word)s" is not a month, season or calendar word I know'),
                word=token.text,
            )
        elif token.kind != "filler":
            raise DateTextError(gettext_noop('"%(word)s" is out of place'), word=token.text)
    _read_numbers(numbers, parts)
    return parts


def _read_numbers(numbers: list[str], parts: _Parts) -> None:
    years = [n for n in numbers if len(n) >= 3]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) > 1 or (years and parts.year is not None):
        raise DateTextError(gettext_noop("it gives more than one year"))
    if years and len(years[0]) > 4:
        raise DateTextError(gettext_noop("%(year)s is too long for a year"), year=years[0])
    if len(days) > 1 or (days and parts.day is not None):
        raise DateTextError(
            gettext_noop("it gives two small numbers (years must be written in full)")
        )
    if years:
        parts.year = int(years[0])
    if days:
        parts.day = int(days[0])


def _resolve(parts: _Parts, marker: Calendar | None, forced: Calendar | None) -> Calendar:
    if marker and parts.month_calendar and marker is not parts.month_calendar:
        raise DateTextError(
            gettext_noop("it names a %(month_calendar)s month with a %(year_calendar)s year"),
            month_calendar=parts.month_calendar.value,
            year_calendar=marker.value,
        )
    chosen = marker or parts.month_calendar or forced
    if chosen:
        return chosen
    if parts.year is not None and 1300 <= parts.year <= 1450:
        return Calendar.SOLAR_HIJRI
    return Calendar.GREGORIAN


def months_span(calendar: Calendar, year: int, first: int, last: int) -> tuple[date, date]:
    end = month_length(calendar, year, last)
    return to_gregorian(calendar, year, first, 1), to_gregorian(calendar, year, last, end)


def _span(parts: _Parts, calendar: Calendar) -> tuple[date, date, Precision]:
    year, month, third = parts.year, parts.month, parts.third
    if year is None:
        raise DateTextError(gettext_noop("it has no year"))
    if parts.day is not None and month is None:
        raise DateTextError(gettext_noop("%(day)s needs a month"), day=parts.day)
    if parts.decade:
        return _decade_span(parts, calendar, year)
    if parts.season is not None:
        return _season_span(parts, calendar, year)
    if month is not None and parts.day is not None:
        if third is not None:
            raise DateTextError(gettext_noop("a day cannot be early, mid or late"))
        day = to_gregorian(calendar, year, month, parts.day)
        return day, day, Precision.DAY
    if month is not None:
        length = month_length(calendar, year, month)
        if third is None:
            return (*months_span(calendar, year, month, month), Precision.MONTH)
        first, last = ((1, 10), (11, 20), (21, length))[third]
        start, end = (
            to_gregorian(calendar, year, month, first),
            to_gregorian(calendar, year, month, last),
        )
        return start, end, Precision.PART_OF_MONTH
    if third is None:
        return (*months_span(calendar, year, 1, 12), Precision.YEAR)
    return (*months_span(calendar, year, 4 * third + 1, 4 * third + 4), Precision.PART_OF_YEAR)


def _decade_span(parts: _Parts, calendar: Calendar, year: int) -> tuple[date, date, Precision]:
    if year % 10 or year < 1000 or parts.month or parts.season is not None:
        raise DateTextError(
            gettext_noop("a decade is a four-digit year ending in 0, e.g. 1980s or دهه ۱۳۶۰")
        )
    first, last = (0, 9) if parts.third is None else ((0, 3), (4, 6), (7, 9))[parts.third]
    start = months_span(calendar, year + first, 1, 1)[0]
    end = months_span(calendar, year + last, 12, 12)[1]
    return start, end, Precision.DECADE if parts.third is None else Precision.RANGE


def _season_span(parts: _Parts, calendar: Calendar, year: int) -> tuple[date, date, Precision]:
    if calendar is Calendar.LUNAR_HIJRI:
        raise DateTextError(
            gettext_noop("seasons follow the sun; give a Solar Hijri or Gregorian year")
        )
    if parts.month is not None or parts.day is not None:
        raise DateTextError(gettext_noop("it gives both a season and a month or day"))
    # Persian seasons are whole Solar Hijri months; a Gregorian year Y holds them in SH Y - 621.
    solar_year = year if calendar is Calendar.SOLAR_HIJRI else year - 621
    first = 3 * (parts.season or 0) + 1
    if parts.third is not None:
        month = first + parts.third
        return (*months_span(Calendar.SOLAR_HIJRI, solar_year, month, month), Precision.MONTH)
    return (*months_span(Calendar.SOLAR_HIJRI, solar_year, first, first + 2), Precision.SEASON)


def _carry(left: _Parts, right: _Parts) -> None:
    # "14–16 August 1988", "July–September 1988": the left end borrows what it leaves out.
    if left.year is None:
        left.year = right.year
        if left.month is None and left.day is not None:
            left.month, left.month_calendar = right.month, right.month_calendar


def _weak_splits(tokens: list[_Token]) -> list[tuple[list[_Token], list[_Token]]]:
    # An ASCII hyphen may join a name ("mid-July") or split a span ("July-September").
    return [(tokens[:i], tokens[i:]) for i, t in enumerate(tokens) if t.hyphen_before and i]


def _read(
    tokens: list[_Token], marker: Calendar | None, forced: Calendar | None, order: DayOrder
) -> tuple[date, date, Calendar, Precision]:
    if tokens[0].kind == "open":
        tokens = tokens[1:]
        if not any(t.kind == "to" for t in tokens):
            raise DateTextError(
                gettext_noop('a range needs two ends, e.g. "between July and September 1988"')
            )
    separators = [i for i, t in enumerate(tokens) if t.kind in ("to", "open")]
    if len(separators) > 1:
        raise DateTextError(gettext_noop("it has more than one range separator"))
    if separators:
        at = separators[0]
        return _read_range(tokens[:at], tokens[at + 1 :], marker, forced, order)
    try:
        parts = _read_side(tokens, order)
        calendar = _resolve(parts, marker, forced)
        start, end, precision = _span(parts, calendar)
        return start, end, calendar, precision
    except (DateTextError, InvalidCalendarDateError) as refusal:
        for left, right in _weak_splits(tokens):
            try:
                return _read_range(left, right, marker, forced, order)
            except (DateTextError, InvalidCalendarDateError):
                continue
        raise refusal


def _read_range(
    left_tokens: list[_Token],
    right_tokens: list[_Token],
    marker: Calendar | None,
    forced: Calendar | None,
    order: DayOrder,
) -> tuple[date, date, Calendar, Precision]:
    if not left_tokens or not right_tokens:
        raise DateTextError(gettext_noop("one end of the range is empty"))
    left, right = _read_side(left_tokens, order), _read_side(right_tokens, order)
    _carry(left, right)
    calendar = _resolve(right, marker, forced)
    if _resolve(left, marker, forced) is not calendar:
        raise DateTextError(gettext_noop("the two ends are in different calendars"))
    start, end = _span(left, calendar)[0], _span(right, calendar)[1]
    if start > end:
        raise DateTextError(
            gettext_noop("it starts (%(start)s) after it ends (%(end)s)"), start=start, end=end
        )
    return start, end, calendar, Precision.RANGE


def _take_marker(tokens: list[_Token]) -> tuple[Calendar | None, list[_Token]]:
    found = {t.calendar for t in tokens if t.kind == "marker"}
    if len(found) > 1:
        raise DateTextError(gettext_noop("it names more than one calendar"))
    rest = [t for t in tokens if t.kind != "marker"]
    return (found.pop() if found else None), rest


def read_date(
    text: str, forced: Calendar | None, order: DayOrder = "dmy"
) -> tuple[date, date, Calendar, Precision]:
    """Read a date phrase into (earliest, latest, calendar, precision); ``order`` is how
    numbers written n/n/yyyy are read.

    Raises:
        DateTextError: the text is not a date (the message says why, without the text).
        InvalidCalendarDateError: it names a day or month that does not exist.
        OverflowError: the range leaves the years ``datetime.date`` holds.
    """
    _refuse_unknown_digits(text)
    tokens = _tokenize(text)
    if not tokens:
        raise DateTextError(gettext_noop("it is empty"))
    marker, tokens = _take_marker(tokens)
    if not tokens:
        raise DateTextError(gettext_noop("it names a calendar but no date"))
    start, end, calendar, precision = _read(tokens, marker, forced, order)
    if calendar is Calendar.LUNAR_HIJRI:
        # Tabular months can start a day or two away from the sighted ones a source counted by.
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    return start, end, calendar, precision


# "13?7", "۱۳۴؟", "1367/0?/24": digits the list did not know. Unseen, the tokenizer would drop
# the marks and read "13?7" as two numbers; a mark at the end ("1988?") is a doubt, read as before.
_NUMBER_WITH_MARKS = re.compile(r"[\d?؟/.\-]+")
_MARK_BY_DIGIT = re.compile(r"\d\?|\?\d")


def _refuse_unknown_digits(text: str) -> None:
    for run in _NUMBER_WITH_MARKS.findall(normalize_arabic_script(text, zwnj="")):
        number = run.replace("؟", "?")
        if len(number) == 4 and "?" in number and number.replace("?", "").isdigit():
            raise DateTextError(
                gettext_noop('a digit is written "?"; give the years it can be, %(low)s–%(high)s'),
                low=number.replace("?", "0"),
                high=number.replace("?", "9"),
            )
        if _MARK_BY_DIGIT.search(number.rstrip("?")):
            raise DateTextError(gettext_noop('a digit is written "?"; give only what is known'))


def span(
    calendar: Calendar, year: int, month: int | None = None, day: int | None = None
) -> tuple[date, date, Precision]:
    """The Gregorian range of a year, a month or a day of a calendar, with its precision."""
    return _span(_Parts(year=year, month=month, day=day), calendar)
