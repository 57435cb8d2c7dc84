"""Conversions between Gregorian, Solar Hijri and tabular Lunar Hijri dates."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khavaran.text.calendars import (
    Calendar,
    InvalidCalendarDateError,
    from_gregorian,
    gregorian_to_lunar_hijri,
    gregorian_to_solar_hijri,
    lunar_hijri_to_gregorian,
    month_length,
    solar_hijri_to_gregorian,
    to_gregorian,
)

days_1900_2100 = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("solar", "gregorian"),
    [
        ((1367, 1, 1), date(1988, 3, 21)),
        ((1367, 5, 24), date(1988, 8, 15)),
        ((1367, 12, 29), date(1989, 3, 20)),
        ((1366, 12, 30), date(1988, 3, 20)),
        ((1403, 12, 30), date(2025, 3, 20)),
    ],
)
def test_it_converts_known_solar_hijri_dates(solar: tuple[int, int, int], gregorian: date) -> None:
    assert solar_hijri_to_gregorian(*solar) == gregorian
    assert gregorian_to_solar_hijri(gregorian) == solar


@pytest.mark.parametrize(
    ("lunar", "gregorian"),
    [
        ((1409, 1, 1), date(1988, 8, 14)),
        ((1408, 12, 1), date(1988, 7, 16)),
        ((1445, 9, 1), date(2024, 3, 11)),
        ((1, 1, 1), date(622, 7, 19)),
    ],
)
def test_it_converts_known_tabular_lunar_hijri_dates(
    lunar: tuple[int, int, int], gregorian: date
) -> None:
    assert lunar_hijri_to_gregorian(*lunar) == gregorian
    assert gregorian_to_lunar_hijri(gregorian) == lunar


def test_esfand_has_30_days_only_in_a_solar_hijri_leap_year() -> None:
    assert month_length(Calendar.SOLAR_HIJRI, 1366, 12) == 30
    with pytest.raises(InvalidCalendarDateError, match="day 30 does not exist in Esfand 1367"):
        solar_hijri_to_gregorian(1367, 12, 30)


def test_dhu_al_hijjah_has_30_days_only_in_a_lunar_hijri_leap_year() -> None:
    assert month_length(Calendar.LUNAR_HIJRI, 1409, 12) == 30
    assert month_length(Calendar.LUNAR_HIJRI, 1408, 12) == 29
    with pytest.raises(InvalidCalendarDateError, match="Dhu al-Hijjah 1408"):
        lunar_hijri_to_gregorian(1408, 12, 30)


@pytest.mark.parametrize("calendar", list(Calendar))
def test_it_refuses_a_thirteenth_month_in_every_calendar(calendar: Calendar) -> None:
    with pytest.raises(InvalidCalendarDateError, match="month 13 does not exist"):
        to_gregorian(calendar, 1400, 13, 1)


def test_it_refuses_a_year_it_cannot_hold() -> None:
    with pytest.raises(InvalidCalendarDateError, match="year 0 is out of range"):
        to_gregorian(Calendar.GREGORIAN, 0, 1, 1)


@given(days_1900_2100)
def test_every_day_round_trips_through_solar_hijri(day: date) -> None:
    assert solar_hijri_to_gregorian(*gregorian_to_solar_hijri(day)) == day


@given(days_1900_2100)
def test_every_day_round_trips_through_lunar_hijri(day: date) -> None:
    assert lunar_hijri_to_gregorian(*gregorian_to_lunar_hijri(day)) == day


@given(st.sampled_from(list(Calendar)), days_1900_2100)
def test_the_next_day_is_the_next_day_of_the_month_or_the_first_of_the_next(
    calendar: Calendar, day: date
) -> None:
    year, month, dom = from_gregorian(calendar, day)
    following = from_gregorian(calendar, day + timedelta(days=1))
    if dom < month_length(calendar, year, month):
        assert following == (year, month, dom + 1)
    else:
        assert following == ((year, month + 1, 1) if month < 12 else (year + 1, 1, 1))


@given(st.integers(1280, 1480), st.integers(1, 12), st.integers(1, 31))
def test_valid_solar_hijri_dates_round_trip_and_invalid_ones_are_refused(
    year: int, month: int, day: int
) -> None:
    if day > month_length(Calendar.SOLAR_HIJRI, year, month):
        with pytest.raises(InvalidCalendarDateError):
            solar_hijri_to_gregorian(year, month, day)
    else:
        assert gregorian_to_solar_hijri(solar_hijri_to_gregorian(year, month, day)) == (
            year,
            month,
            day,
        )


@given(st.integers(1300, 1500), st.integers(1, 12), st.integers(1, 30))
def test_valid_lunar_hijri_dates_round_trip(year: int, month: int, day: int) -> None:
    if day <= month_length(Calendar.LUNAR_HIJRI, year, month):
        assert gregorian_to_lunar_hijri(lunar_hijri_to_gregorian(year, month, day)) == (
            year,
            month,
            day,
        )
