"""Four small victim lists of 42 people (105 records: Persian and Latin, Solar Hijri and
Gregorian dates), with the truth: siblings with the same family name, father, city and date of
death, and people written in every script and calendar. Small inputs leave EM little to learn
from; the model must still neither veto a true match nor merge two siblings."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from khavaran.engines.linkage import LinkageModel, prepare
from khavaran.engines.linkage.model import M_FLOOR
from khavaran.engines.linkage.settings import DIFFERENT_NAMES, LONG_U_DIFFERS
from tests.engines.linkage.levels import level_of

DATA = Path(__file__).parent / "data" / "four_lists.csv"
PERSIAN_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
                  "آذر", "دی", "بهمن", "اسفند")  # fmt: skip


def four_lists() -> pd.DataFrame:
    frame = pd.read_csv(DATA, dtype=str, keep_default_na=False).replace("", None)
    return frame.rename(columns={"row_number": "record_id"})


def clusters(frame: pd.DataFrame) -> dict[str, str]:
    result = LinkageModel(random_state=0).fit(frame.drop(columns="person")).cluster()
    return dict(zip(result.clusters["uid"], result.clusters["cluster_id"], strict=True))


def errors(frame: pd.DataFrame, found: dict[str, str]) -> tuple[list, list]:
    person = dict(zip(frame["list_name"] + ":" + frame["record_id"], frame["person"], strict=True))
    missed, merged = [], []
    for a, b in itertools.combinations(sorted(person), 2):
        if person[a] == person[b] and found[a] != found[b]:
            missed.append((a, b))
        if person[a] != person[b] and found[a] == found[b]:
            merged.append((a, b))
    return missed, merged


def uid(frame: pd.DataFrame, list_name: str, record_id: str) -> pd.Series:
    return (frame["list_name"] == list_name) & (frame["record_id"] == record_id)


@pytest.fixture(scope="module")
def linked() -> tuple[pd.DataFrame, dict[str, str]]:
    frame = four_lists()
    return frame, clusters(frame)


def test_it_finds_every_person_of_four_small_lists_and_merges_no_siblings(linked) -> None:
    frame, found = linked
    assert errors(frame, found) == ([], [])
    # Zahra and Fatemeh Karimi: sisters, same father, city and date of death.
    assert found["families:4"] != found["families:5"]
    assert found["amnesty:3"] != found["amnesty:4"]


def test_a_death_date_reported_weeks_late_does_not_veto_a_match() -> None:
    frame = four_lists()
    late = uid(frame, "memorial", "31")  # Bijan Foroutan, 1988-08-20 in the other lists
    frame.loc[late, ["given_name", "death_date"]] = ["Bejan", "1988-09-05"]
    found = clusters(frame)
    assert found["memorial:31"] == found["families:36"]


def test_every_level_keeps_an_m_of_about_the_floor_at_least() -> None:
    model = LinkageModel(random_state=0).fit(four_lists().drop(columns="person"))
    lowest = min(level.m_probability or 0.0 for level in model.levels_)
    # The floor is applied, then each comparison renormalized (by at most a few times 1).
    assert lowest >= M_FLOOR / 2
    death = {lv.level: lv.m_probability for lv in model.levels_ if lv.comparison == "death"}
    assert death["within 31 days"] is not None and death["within 31 days"] >= M_FLOOR / 2


def test_dates_written_in_words_link_as_the_same_dates_in_numbers(linked) -> None:
    frame, found = linked
    words = frame.copy()
    persian = words["list_name"] == "families"

    def in_words(text: str | None) -> str | None:
        if text is None or text.count("/") != 2:
            return text
        year, month, day = text.split("/")
        return f"{int(day)} {PERSIAN_MONTHS[int(month) - 1]} {year}"

    words.loc[persian, "death_date"] = words.loc[persian, "death_date"].map(in_words)
    assert words.loc[persian, "death_date"].str.contains("مرداد").any()
    prepared = prepare(words.drop(columns="person"))
    assert prepared.unread_dates == ()
    assert errors(words, clusters(words)) == errors(frame, found)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("12 مرداد 1367", "1988-08-03", "1988-08-03"),
        ("30 Esfand 1370", "1992-03-20", "1992-03-20"),
        ("1 August 1988", "1988-08-01", "1988-08-01"),
        ("Aug 1988", "1988-08-01", "1988-08-31"),
        ("مرداد ماه ۱۳۶۷", "1988-07-23", "1988-08-22"),
        ("اواخر مرداد ۱۳۶۷", "1988-08-12", "1988-08-22"),
        ("تابستان ۱۳۶۷", "1988-06-22", "1988-09-22"),
        ("1367-1368", "1988-03-21", "1990-03-20"),
        ("1367?", "1988-03-21", "1989-03-20"),
    ],
)
def test_it_reads_every_date_the_list_import_reads(text: str, first: str, last: str) -> None:
    table = prepare(pd.DataFrame([{"record_id": "1", "list_name": "a", "given_name": "Ali",
                                   "death_date": text}])).table  # fmt: skip
    days = pd.Timestamp(first).toordinal(), pd.Timestamp(last).toordinal()
    assert (table.at[0, "death_lo"], table.at[0, "death_hi"]) == days


def test_it_links_on_the_days_the_import_stored_rather_than_the_text() -> None:
    row = {"record_id": "1", "list_name": "a", "given_name": "Ali", "death_date": "late 1367",
           "death_earliest": "1989-01-01", "death_latest": "1989-03-20"}  # fmt: skip
    prepared = prepare(pd.DataFrame([row, row | {"record_id": "2", "death_date": "not a date"}]))
    first = pd.Timestamp("1989-01-01").toordinal()
    assert prepared.table["death_lo"].tolist() == [first, first]
    assert prepared.unread_dates == ()


def test_mahmoud_and_mohammad_are_two_given_names_in_both_scripts() -> None:
    base = {"family_name": "Ahmadi", "father_name": "Ali", "city": "Tehran"}
    latin = level_of(base | {"given_name": "Mahmoud"}, base | {"given_name": "Mohammad"}, "given")
    persian = level_of(base | {"given_name": "محمود"}, base | {"given_name": "محمد"}, "given")
    assert latin == persian == LONG_U_DIFFERS


@pytest.mark.parametrize(("one", "other"), [("Zahra", "Fatemeh"), ("احمد", "مهدی"),
                                            ("Hamid", "Majid")])  # fmt: skip
def test_two_different_given_names_of_siblings_take_their_own_level(one: str, other: str) -> None:
    base = {"family_name": "Karimi", "father_name": "Abbas", "city": "Mashhad"}
    found = level_of(base | {"given_name": one}, base | {"given_name": other}, "given")
    assert found == DIFFERENT_NAMES
