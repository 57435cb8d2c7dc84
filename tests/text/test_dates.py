"""Reading date phrases from sources as FuzzyDates, and showing them in two calendars."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khavaran.text.calendars import MONTH_NAMES, month_length, solar_hijri_to_gregorian
from khavaran.text.dates import (
    Calendar,
    FuzzyDate,
    InvalidFuzzyDateError,
    Precision,
    UnparseableDate,
    date_range,
    format_gregorian,
    format_solar_hijri,
    from_iso_prefix,
    parse_fuzzy_date,
)

G, SH, LH = Calendar.GREGORIAN, Calendar.SOLAR_HIJRI, Calendar.LUNAR_HIJRI
D = date

# (text, earliest, latest, calendar, precision) — one row per rule of the reader.
READS = [
    # Gregorian
    ("1988", D(1988, 1, 1), D(1988, 12, 31), G, "year"),
    ("1988-07", D(1988, 7, 1), D(1988, 7, 31), G, "month"),
    ("1988-08-15", D(1988, 8, 15), D(1988, 8, 15), G, "day"),
    ("15 August 1988", D(1988, 8, 15), D(1988, 8, 15), G, "day"),
    ("August 15, 1988", D(1988, 8, 15), D(1988, 8, 15), G, "day"),
    ("15th Aug. 1988", D(1988, 8, 15), D(1988, 8, 15), G, "day"),
    ("Aug 1988", D(1988, 8, 1), D(1988, 8, 31), G, "month"),
    ("August 1988", D(1988, 8, 1), D(1988, 8, 31), G, "month"),
    ("15/08/1988", D(1988, 8, 15), D(1988, 8, 15), G, "day"),
    ("08/1988", D(1988, 8, 1), D(1988, 8, 31), G, "month"),
    ("summer 1988", D(1988, 6, 22), D(1988, 9, 22), G, "season"),
    ("winter 1988", D(1988, 12, 22), D(1989, 3, 20), G, "season"),
    ("early July 1988", D(1988, 7, 1), D(1988, 7, 10), G, "part-of-month"),
    ("mid-July 1988", D(1988, 7, 11), D(1988, 7, 20), G, "part-of-month"),
    ("late July 1988", D(1988, 7, 21), D(1988, 7, 31), G, "part-of-month"),
    ("early September 1988", D(1988, 9, 1), D(1988, 9, 10), G, "part-of-month"),
    ("late 1988", D(1988, 9, 1), D(1988, 12, 31), G, "part-of-year"),
    ("July–September 1988", D(1988, 7, 1), D(1988, 9, 30), G, "range"),
    ("July-September 1988", D(1988, 7, 1), D(1988, 9, 30), G, "range"),
    ("Jul–Sep 1988", D(1988, 7, 1), D(1988, 9, 30), G, "range"),
    ("between July and September 1988", D(1988, 7, 1), D(1988, 9, 30), G, "range"),
    ("1988–1989", D(1988, 1, 1), D(1989, 12, 31), G, "range"),
    ("1988-1989", D(1988, 1, 1), D(1989, 12, 31), G, "range"),
    ("14–16 August 1988", D(1988, 8, 14), D(1988, 8, 16), G, "range"),
    ("30 July – 1 August 1988", D(1988, 7, 30), D(1988, 8, 1), G, "range"),
    ("late July – early August 1988", D(1988, 7, 21), D(1988, 8, 10), G, "range"),
    ("the 1980s", D(1980, 1, 1), D(1989, 12, 31), G, "decade"),
    ("۱۵ اوت ۱۹۸۸", D(1988, 8, 15), D(1988, 8, 15), G, "day"),
    # Solar Hijri
    ("1367", D(1988, 3, 21), D(1989, 3, 20), SH, "year"),
    ("سال ۱۳۶۷", D(1988, 3, 21), D(1989, 3, 20), SH, "year"),
    ("1367/05/24", D(1988, 8, 15), D(1988, 8, 15), SH, "day"),
    ("۱۳۶۷/۰۵/۲۴", D(1988, 8, 15), D(1988, 8, 15), SH, "day"),
    ("١٣٦٧/٠٥/٢٤", D(1988, 8, 15), D(1988, 8, 15), SH, "day"),
    ("1367-05-24", D(1988, 8, 15), D(1988, 8, 15), SH, "day"),
    ("24 Mordad 1367", D(1988, 8, 15), D(1988, 8, 15), SH, "day"),
    ("24 Amordad 1367", D(1988, 8, 15), D(1988, 8, 15), SH, "day"),
    ("Mordad 1367", D(1988, 7, 23), D(1988, 8, 22), SH, "month"),
    ("Dei 1367", D(1988, 12, 22), D(1989, 1, 20), SH, "month"),
    ("۲۴ مرداد ۱۳۶۷", D(1988, 8, 15), D(1988, 8, 15), SH, "day"),
    ("مرداد ۱۳۶۷", D(1988, 7, 23), D(1988, 8, 22), SH, "month"),
    ("امرداد ۱۳۶۷", D(1988, 7, 23), D(1988, 8, 22), SH, "month"),
    ("تابستان ۱۳۶۷", D(1988, 6, 22), D(1988, 9, 22), SH, "season"),
    ("پائیز ۱۳۶۷", D(1988, 9, 23), D(1988, 12, 21), SH, "season"),
    ("summer 1367", D(1988, 6, 22), D(1988, 9, 22), SH, "season"),
    ("اوایل مرداد ۱۳۶۷", D(1988, 7, 23), D(1988, 8, 1), SH, "part-of-month"),
    ("اواسط مرداد ۱۳۶۷", D(1988, 8, 2), D(1988, 8, 11), SH, "part-of-month"),
    ("اواخر مرداد ۱۳۶۷", D(1988, 8, 12), D(1988, 8, 22), SH, "part-of-month"),
    ("Tir–Shahrivar 1367", D(1988, 6, 22), D(1988, 9, 22), SH, "range"),
    ("از تیر تا شهریور ۱۳۶۷", D(1988, 6, 22), D(1988, 9, 22), SH, "range"),
    ("دهه ۱۳۶۰", D(1981, 3, 21), D(1991, 3, 20), SH, "decade"),
    # Lunar Hijri: tabular, one day of margin on each side
    ("Dhu al-Hijjah 1408", D(1988, 7, 15), D(1988, 8, 14), LH, "month"),
    ("ذی‌الحجه ۱۴۰۸", D(1988, 7, 15), D(1988, 8, 14), LH, "month"),
    ("ذي الحجة ١٤٠٨", D(1988, 7, 15), D(1988, 8, 14), LH, "month"),
    ("ذی‌الحجه ۱۴۰۸ ه.ق", D(1988, 7, 15), D(1988, 8, 14), LH, "month"),
    ("12 ذی‌الحجه ۱۴۰۸ ق", D(1988, 7, 26), D(1988, 7, 28), LH, "day"),
    ("1408 AH", D(1987, 8, 25), D(1988, 8, 14), LH, "year"),
    ("1409 a.h.", D(1988, 8, 13), D(1989, 8, 4), LH, "year"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "calendar", "precision"), READS)
def test_it_reads_what_sources_write(
    text: str, earliest: date, latest: date, calendar: Calendar, precision: str
) -> None:
    fd = parse_fuzzy_date(text)
    assert (fd.earliest, fd.latest, fd.calendar, fd.precision) == (
        earliest,
        latest,
        calendar,
        precision,
    )
    assert fd.original == text


def test_numbers_written_n_n_yyyy_are_read_day_first_unless_order_says_month_first() -> None:
    assert parse_fuzzy_date("08/03/1988").earliest == D(1988, 3, 8)
    assert parse_fuzzy_date("08/03/1988", order="mdy").earliest == D(1988, 8, 3)
    assert parse_fuzzy_date("08-21-1988 – 08-25-1988", order="mdy").latest == D(1988, 8, 25)
    with pytest.raises(UnparseableDate, match="month 21 does not exist"):
        parse_fuzzy_date("08/21/1988")


@pytest.mark.parametrize("text", ["1367/05/24", "1988-08-15", "1988/8/15", "Aug 15 1988"])
def test_the_order_does_not_touch_year_first_or_named_month_dates(text: str) -> None:
    assert parse_fuzzy_date(text, order="mdy") == parse_fuzzy_date(text)


def test_a_question_mark_after_a_date_is_a_doubt_read_as_before() -> None:
    assert parse_fuzzy_date("1988?").precision is Precision.YEAR


def test_a_calendar_argument_decides_numeric_forms() -> None:
    assert parse_fuzzy_date("1408", calendar=LH).calendar is LH
    assert parse_fuzzy_date("1367", calendar=G).earliest == D(1367, 1, 1)
    assert parse_fuzzy_date("1988/05/24", calendar=SH).latest == solar_hijri_to_gregorian(
        1988, 5, 24
    )


def test_a_month_name_or_calendar_word_wins_over_the_calendar_argument() -> None:
    assert parse_fuzzy_date("Mordad 1367", calendar=G).calendar is SH
    assert parse_fuzzy_date("1408 AH", calendar=SH).calendar is LH


def test_a_lunar_month_name_makes_a_year_in_the_solar_range_lunar() -> None:
    assert parse_fuzzy_date("Muharram 1409").calendar is LH


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("garbage", '"garbage" is not a month'),
        ("1988-13", "month 13 does not exist"),
        ("1988-08-32", "day 32 does not exist in August 1988"),
        ("32 August 1988", "day 32 does not exist in August 1988"),
        ("30 February 1988", "day 30 does not exist in February 1988"),
        ("30 Esfand 1367", "day 30 does not exist in Esfand 1367"),
        ("۳۰ اسفند ۱۳۶۷", "day 30 does not exist in Esfand 1367"),
        ("August", "it has no year"),
        ("August 15 88", "two small numbers"),
        ("Tir August 1988", "two months"),
        ("August 1367 SH", "gregorian month with a solar-hijri year"),
        ("summer 1408 AH", "seasons follow the sun"),
        ("December–February 1989", "after it ends"),
        ("1988–1367", "different calendars"),
        ("between July 1988", "a range needs two ends"),
        ("15/08/88", "not a pattern I know"),
        ("until his death in 2009", "one end of the range is empty"),
        ("13?7", 'a digit is written "?"; give the years it can be, 1307–1397'),
        ("۱۳۶؟", 'a digit is written "?"; give the years it can be, 1360–1369'),
        ("1367/0?/24", 'a digit is written "?"; give only what is known'),
    ],
)
def test_it_refuses_what_is_not_a_date_and_says_why(text: str, reason: str) -> None:
    with pytest.raises(UnparseableDate) as refusal:
        parse_fuzzy_date(text)
    message = str(refusal.value)
    assert message.startswith(f'cannot read "{text}" as a date: ')
    assert reason in message
    assert message.endswith("write e.g. 1988-08-15, August 1988, Mordad 1367 or ۱۳۶۷/۰۵/۲۴")


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("1988", D(1988, 1, 1), D(1988, 12, 31), "year"),
        ("1988-02", D(1988, 2, 1), D(1988, 2, 29), "month"),
        ("1988-08-15", D(1988, 8, 15), D(1988, 8, 15), "day"),
        ("1367", D(1367, 1, 1), D(1367, 12, 31), "year"),
    ],
)
def test_the_import_format_is_gregorian_iso_prefixes(
    text: str, earliest: date, latest: date, precision: str
) -> None:
    fd = from_iso_prefix(text)
    assert (fd.earliest, fd.latest, fd.calendar, fd.precision) == (earliest, latest, G, precision)


@pytest.mark.parametrize("text", ["August 1988", "1988-8", "88", "1988-02-30", "1988-13"])
def test_the_import_format_refuses_anything_else(text: str) -> None:
    with pytest.raises(UnparseableDate, match=f'cannot read "{text}"'):
        from_iso_prefix(text)


def test_a_fuzzy_date_survives_json() -> None:
    fd = parse_fuzzy_date("اواخر مرداد ۱۳۶۷")
    assert FuzzyDate.from_json(fd.to_json()) == fd
    assert fd.to_json()["calendar"] == "solar-hijri"


def test_it_refuses_broken_json() -> None:
    stored = parse_fuzzy_date("1988").to_json()
    with pytest.raises(InvalidFuzzyDateError, match="lacks the field 'latest'"):
        FuzzyDate.from_json({k: v for k, v in stored.items() if k != "latest"})
    with pytest.raises(InvalidFuzzyDateError):
        FuzzyDate.from_json(stored | {"calendar": "julian"})
    with pytest.raises(InvalidFuzzyDateError, match="is after latest"):
        FuzzyDate.from_json(stored | {"earliest": "1990-01-01"})


def test_overlaps_and_contains_compare_ranges() -> None:
    mordad = parse_fuzzy_date("Mordad 1367")
    assert mordad.overlaps(parse_fuzzy_date("August 1988"))
    assert mordad.overlaps(parse_fuzzy_date("22 August 1988"))
    assert not mordad.overlaps(parse_fuzzy_date("23 August 1988"))
    assert mordad.contains(D(1988, 7, 23)) and not mordad.contains(D(1988, 7, 22))


def test_date_range_runs_from_the_earliest_start_to_the_latest_end() -> None:
    start, end = parse_fuzzy_date("1367"), parse_fuzzy_date("summer 1988")
    assert date_range(start, end) == (D(1988, 3, 21), D(1988, 9, 22))
    assert date_range(None, end) == (None, D(1988, 9, 22))
    assert date_range(None, None) == (None, None)


@pytest.mark.parametrize(
    ("text", "en", "fa"),
    [
        ("24 Mordad 1367", "15 August 1988", "۱۵ اوت ۱۹۸۸"),
        ("1988-08", "August 1988", "اوت ۱۹۸۸"),
        ("1988", "1988", "۱۹۸۸"),
        ("July–September 1988", "Jul–Sep 1988", "ژوئیه–سپتامبر ۱۹۸۸"),
        ("تابستان ۱۳۶۷", "summer 1988", "تابستان ۱۹۸۸"),
        ("late July 1988", "late July 1988", "اواخر ژوئیه ۱۹۸۸"),
        ("Mordad 1367", "23 July – 22 August 1988", "۲۳ ژوئیه – ۲۲ اوت ۱۹۸۸"),
        ("1367", "1988–1989", "۱۹۸۸–۱۹۸۹"),
        ("1400 CE", "1400 CE", "۱۴۰۰ میلادی"),
    ],
)
def test_it_shows_a_date_in_gregorian(text: str, en: str, fa: str) -> None:
    fd = parse_fuzzy_date(text)
    assert (format_gregorian(fd), format_gregorian(fd, lang="fa")) == (en, fa)


@pytest.mark.parametrize(
    ("text", "en", "fa"),
    [
        ("1988-08-15", "24 Mordad 1367", "۲۴ مرداد ۱۳۶۷"),
        ("مرداد ۱۳۶۷", "Mordad 1367", "مرداد ۱۳۶۷"),
        ("Tir–Shahrivar 1367", "summer 1367", "تابستان ۱۳۶۷"),
        ("Tir–Mordad 1367", "Tir–Mordad 1367", "تیر–مرداد ۱۳۶۷"),
        ("اواخر مرداد ۱۳۶۷", "late Mordad 1367", "اواخر مرداد ۱۳۶۷"),
        ("1367", "1367", "۱۳۶۷"),
        ("1988", "1366–1367", "۱۳۶۶–۱۳۶۷"),
        ("August 1988", "10 Mordad – 9 Shahrivar 1367", "۱۰ مرداد – ۹ شهریور ۱۳۶۷"),
        ("1460 SH", "1460 SH", "۱۴۶۰ ه.ش"),
    ],
)
def test_it_shows_a_date_in_solar_hijri(text: str, en: str, fa: str) -> None:
    fd = parse_fuzzy_date(text)
    assert (format_solar_hijri(fd), format_solar_hijri(fd, lang="fa")) == (en, fa)


# --- Properties ----------------------------------------------------------------------------


@st.composite
def gregorian_fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    """A Gregorian day, month or year between 1900 and 2100, from the import format."""
    day = draw(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
    iso = day.isoformat()[: draw(st.sampled_from([4, 7, 10]))]
    return from_iso_prefix(iso)


@st.composite
def solar_hijri_fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    """A Solar Hijri day, month or year from 1279 to 1479 (1900–2100)."""
    year, month = draw(st.integers(1279, 1479)), draw(st.integers(1, 12))
    day = draw(st.integers(1, month_length(SH, year, month)))
    text = draw(st.sampled_from([f"{year}/{month}/{day}", f"{year}/{month}", f"{year}"]))
    return parse_fuzzy_date(text, calendar=SH)


def same_range(text: str, fd: FuzzyDate) -> bool:
    again = parse_fuzzy_date(text)
    return (again.earliest, again.latest) == (fd.earliest, fd.latest)


@given(gregorian_fuzzy_dates(), st.sampled_from(["en", "fa"]))
def test_gregorian_display_reads_back_as_the_same_range(fd: FuzzyDate, lang: str) -> None:
    assert same_range(format_gregorian(fd, lang=lang), fd)  # type: ignore[arg-type]


@given(solar_hijri_fuzzy_dates(), st.sampled_from(["en", "fa"]))
def test_solar_hijri_display_reads_back_as_the_same_range(fd: FuzzyDate, lang: str) -> None:
    assert same_range(format_solar_hijri(fd, lang=lang), fd)  # type: ignore[arg-type]


WORDS = [
    *MONTH_NAMES[G]["en"], *MONTH_NAMES[SH]["en"], *MONTH_NAMES[SH]["fa"],
    *MONTH_NAMES[LH]["en"], *MONTH_NAMES[LH]["fa"], "summer", "زمستان", "early", "اواخر",
    "–", "to", "between", "and", "AH", "ه.ش", "s", "the", "1988", "1367", "1408", "۱۳۶۷",
    "15", "31", "30", "29", "1988-08-15", "1367/12/30", "dey", "fall",
]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
def test_any_phrase_reads_as_an_ordered_range_or_is_refused(words: list[str]) -> None:
    try:
        fd = parse_fuzzy_date(" ".join(words))
    except UnparseableDate:
        return
    assert fd.earliest <= fd.latest


@given(st.text(max_size=30))
def test_arbitrary_text_never_breaks_the_reader(text: str) -> None:
    try:
        fd = parse_fuzzy_date(text)
    except UnparseableDate:
        return
    assert fd.earliest <= fd.latest


def test_precision_values_are_the_stored_strings() -> None:
    assert [p.value for p in Precision] == [
        "day", "part-of-month", "month", "season", "part-of-year", "year", "decade", "range",
    ]  # fmt: skip
