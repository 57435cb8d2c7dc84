"""Dates of victim lists, in either calendar, to Gregorian ranges."""

from datetime import date

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khavaran.engines.linkage import DateParseError, parse_date_range


def test_it_reads_a_solar_hijri_year_as_the_gregorian_days_it_spans() -> None:
    parsed = parse_date_range("۱۳۶۷")
    assert parsed is not None
    assert (parsed.earliest, parsed.latest) == (date(1988, 3, 21), date(1989, 3, 20))
    assert parsed.calendar == "solar_hijri"


def test_it_reads_full_dates_in_both_calendars_and_orders() -> None:
    expected = date(1988, 8, 15)
    for text in ("1367/05/24", "۱۳۶۷/۰۵/۲۴", "1988-08-15", "15/08/1988"):
        parsed = parse_date_range(text)
        assert parsed is not None and parsed.earliest == parsed.latest == expected, text


def test_it_reads_months_by_number_or_name() -> None:
    for text in ("Mordad 1367", "مرداد ۱۳۶۷", "1367/05"):
        parsed = parse_date_range(text)
        assert parsed is not None
        assert (parsed.earliest, parsed.latest) == (date(1988, 7, 23), date(1988, 8, 22))


def test_it_leaves_empty_fields_empty_and_names_the_problem_otherwise() -> None:
    assert parse_date_range("  ") is None
    assert parse_date_range(None) is None
    with pytest.raises(DateParseError, match="1367/13/01"):
        parse_date_range("1367/13/01")
    with pytest.raises(DateParseError, match="sometime"):
        parse_date_range("sometime")


def test_it_reads_seasons_and_parts_of_months_as_the_list_import_does() -> None:
    summer = parse_date_range("summer 1988")
    late = parse_date_range("اواخر مرداد ۱۳۶۷")
    assert summer is not None and (summer.earliest, summer.latest) == (
        date(1988, 6, 22),
        date(1988, 9, 22),
    )
    assert late is not None and (late.earliest, late.latest) == (
        date(1988, 8, 12),
        date(1988, 8, 22),
    )


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2050, 12, 31)))
def test_it_round_trips_a_day_written_in_solar_hijri(day: date) -> None:
    jalali = jdatetime.date.fromgregorian(date=day)
    parsed = parse_date_range(f"{jalali.year}/{jalali.month:02d}/{jalali.day:02d}")
    assert parsed is not None and parsed.earliest == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2050, 12, 31)))
def test_it_puts_every_day_inside_its_solar_hijri_year(day: date) -> None:
    parsed = parse_date_range(str(jdatetime.date.fromgregorian(date=day).year))
    assert parsed is not None and parsed.earliest <= day <= parsed.latest
