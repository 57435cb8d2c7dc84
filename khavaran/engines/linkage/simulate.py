"""Synthetic victim lists with known truth, for tests and benchmarks.

A population of victims (names drawn from national-like distributions in name_pools, so that
a million records hold more distinct names, not mostly namesakes), then K lists that each see
an overlapping, heterogeneous subset: a victim's visibility raises their chance of being on
every list. Each list has its own habits: script, transliteration, calendar, one or two name
columns, swapped name order, typos, missing fields and duplicates.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import jdatetime
import numpy as np
import pandas as pd

from khavaran.text.name_data import CITIES, PRISONS

from .name_pools import (
    FAMILY_ZIPF_OFFSET,
    GIVEN_ZIPF_OFFSET,
    family_pool,
    given_pool,
    zipf_weights,
)
from .records import RECORD_COLUMNS

Name = tuple[str, str]
Script = Literal["persian", "latin"]
Transliteration = Literal["iranian", "english", "arabic", "french"]
ZWNJ = "\u200c"
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_LOOKALIKES = ("بپتث", "جچحخ", "دذ", "رزژ", "سش", "صض", "طظ", "عغ", "فق", "کگ")
_LATIN_CONFUSIONS = ("ae", "iy", "ou", "sz", "kg", "mn", "dt", "hk", "vw")


@dataclass(frozen=True)
class ListStyle:
    """How one list writes its records.

    Attributes:
        name: the list's name.
        script: names and places in Persian script or Latin letters.
        transliteration: the Latin habit (ignored for Persian-script lists).
        full_name_only: one name column instead of given and family.
        calendar: the calendar of its dates.
        coverage: chance that a victim of average visibility is on the list.
        duplicate_rate: chance that a listed victim is listed a second time.
        typo_rate: chance that a name field carries one typo.
        swap_rate: chance that given and family names are swapped.
        missing: chance that each optional field is empty.
    """

    name: str
    script: Script
    transliteration: Transliteration = "iranian"
    full_name_only: bool = False
    calendar: Literal["solar_hijri", "gregorian"] = "gregorian"
    coverage: float = 0.4
    duplicate_rate: float = 0.03
    typo_rate: float = 0.05
    swap_rate: float = 0.0
    missing: dict[str, float] = field(default_factory=dict)


DEFAULT_LISTS: tuple[ListStyle, ...] = (
    ListStyle(
        "tribunal_fa", "persian", calendar="solar_hijri", coverage=0.5, duplicate_rate=0.02,
        missing={"father_name": 0.3, "birth_year": 0.4, "city": 0.2, "prison": 0.3,
                 "death_date": 0.4},
    ),
    ListStyle(
        "families_fa", "persian", calendar="solar_hijri", coverage=0.35, duplicate_rate=0.05,
        typo_rate=0.08,
        missing={"father_name": 0.1, "birth_year": 0.5, "city": 0.4, "prison": 0.6,
                 "death_date": 0.7},
    ),
    ListStyle(
        "memorial_en", "latin", "iranian", full_name_only=True, coverage=0.45,
        swap_rate=0.1,
        missing={"father_name": 1.0, "birth_year": 0.6, "city": 0.3, "prison": 0.2,
                 "death_date": 0.3},
    ),
    ListStyle(
        "amnesty_en", "latin", "english", coverage=0.4, duplicate_rate=0.02, swap_rate=0.08,
        missing={"father_name": 0.5, "birth_year": 0.7, "city": 0.1, "prison": 0.5,
                 "death_date": 0.2},
    ),
    ListStyle(
        "prisoners_fr", "latin", "french", coverage=0.2, duplicate_rate=0.04, typo_rate=0.08,
        missing={"father_name": 0.4, "birth_year": 0.3, "city": 0.3, "prison": 0.1,
                 "death_date": 0.5},
    ),
    ListStyle(
        "academic_ar", "latin", "arabic", coverage=0.15, swap_rate=0.05,
        missing={"father_name": 0.2, "birth_year": 0.5, "city": 0.5, "prison": 0.5,
                 "death_date": 0.5},
    ),
)  # fmt: skip


@dataclass(frozen=True)
class SimulatedLists:
    """Simulated lists and the truth behind them.

    Attributes:
        records: one row per list record, RECORD_COLUMNS, as lists would write them.
        victim_id: the true victim of each record, aligned with ``records``.
        n_victims: victims in the population, listed or not.
    """

    records: pd.DataFrame
    victim_id: pd.Series
    n_victims: int


@dataclass(frozen=True)
class _Victim:
    given: Name
    family: Name
    father: Name
    birth: date
    city: int
    prison: int
    death: date
    title: bool


def _population(n: int, rng: np.random.Generator) -> list[_Victim]:
    # Names come from fixed national-like distributions (name_pools), so a larger population
    # holds more distinct names, as real lists do, rather than more namesakes.
    givens, families = given_pool(), family_pool()
    given_weights = zipf_weights(len(givens), GIVEN_ZIPF_OFFSET)
    given_ix = rng.choice(len(givens), n, p=given_weights)
    father_ix = rng.choice(len(givens), n, p=given_weights)
    family_ix = rng.choice(len(families), n, p=zipf_weights(len(families), FAMILY_ZIPF_OFFSET))
    city_weights = zipf_weights(len(CITIES), 0.5, 1.2)
    cities = rng.choice(len(CITIES), n, p=city_weights)
    birth_days = np.clip(rng.normal(1960.0, 6.0, n), 1930, 1972)
    death_offsets = rng.integers(0, 75, n)
    late = rng.random(n) < 0.1
    titles = rng.random(n) < 0.1
    local = {c: [i for i, p in enumerate(PRISONS) if p[2] == c] for c in range(len(CITIES))}
    victims = []
    for i in range(n):
        year = int(birth_days[i])
        birth = date(year, 1, 1) + timedelta(days=int((birth_days[i] - year) * 365))
        options = local[int(cities[i])] or [0, 1]
        prison = options[int(rng.integers(len(options)))]
        death = date(1988, 7, 19) + timedelta(days=int(death_offsets[i]) + 200 * int(late[i]))
        victims.append(
            _Victim(givens[given_ix[i]], families[family_ix[i]], givens[father_ix[i]],
                    birth, int(cities[i]), prison, death, bool(titles[i]))
        )  # fmt: skip
    return victims


def _transliterate(latin: str, style: Transliteration, rnd: random.Random) -> str:
    rules: list[tuple[str, str, float]] = {
        "iranian": [("ou", "u", 0.3), ("ei", "ey", 0.2), ("eh", "e", 0.3), ("gh", "q", 0.1),
                    ("aei", "ai", 0.3), ("ss", "s", 0.3), ("mm", "m", 0.3)],
        "english": [("ou", "oo", 0.6), ("aei", "aee", 0.5), ("eh", "e", 0.5),
                    ("ei", "ey", 0.3), ("ss", "s", 0.3), ("zadeh", "zade", 0.4)],
        "arabic": [("gh", "q", 0.8), ("ou", "u", 0.9), ("ei", "ay", 0.5), ("o", "u", 0.6),
                   ("e", "i", 0.4), ("eh", "a", 0.5)],
        "french": [("j", "dj", 0.6), ("sh", "ch", 0.4), ("eh", "e", 0.5), ("ss", "s", 0.3)],
    }[style]  # fmt: skip
    for spelling, replacement, chance in rules:
        if spelling in latin and rnd.random() < chance:
            latin = latin.replace(spelling, replacement)
    return latin


def _latin_typo(text: str, rnd: random.Random) -> str:
    if len(text) < 3:
        return text
    i = rnd.randrange(1, len(text) - 1)
    op = rnd.randrange(4)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    if op == 2:
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    pair = next((p for p in _LATIN_CONFUSIONS if text[i] in p), "")
    return text[:i] + (pair.replace(text[i], "")[:1] or text[i]) + text[i + 1 :]


def _persian_typo(text: str, rnd: random.Random) -> str:
    if len(text) < 3:
        return text
    i = rnd.randrange(1, len(text))
    group = next((g for g in _LOOKALIKES if text[i] in g), "")
    if group and rnd.random() < 0.6:
        return text[:i] + rnd.choice(group.replace(text[i], "")) + text[i + 1 :]
    return text[:i] + text[i + 1 :]


class _Renderer:
    def __init__(self, style: ListStyle, rnd: random.Random) -> None:
        self.style, self.rnd = style, rnd
        # A list's own habits for compound names and Arabic letter forms.
        self.joiner = rnd.choice([" ", "-", ""]) if style.script == "latin" else ""
        self.zwnj = rnd.choice([ZWNJ, " ", ""])
        self.arabic_forms = rnd.random() < 0.5
        self.zadeh = rnd.choice(["zadeh", " zadeh", "-zadeh"])

    def name(self, name: Name) -> str:
        persian, latin = name
        if self.style.script == "persian":
            text = persian.replace(ZWNJ, self.zwnj if self.rnd.random() < 0.8 else " ")
            if self.arabic_forms and self.rnd.random() < 0.5:
                text = text.replace("ی", "ي").replace("ک", "ك")
            if self.rnd.random() < self.style.typo_rate:
                text = _persian_typo(text, self.rnd)
            return text
        words = [_transliterate(w, self.style.transliteration, self.rnd) for w in latin.split()]
        if self.rnd.random() < 0.85:
            words = [w.replace("zadeh", self.zadeh) for w in words]
        text = self.joiner.join(words) if self.rnd.random() < 0.8 else " ".join(words)
        if self.rnd.random() < self.style.typo_rate:
            text = _latin_typo(text, self.rnd)
        return text.title()

    def title(self) -> str:
        if self.style.script == "persian":
            return "سید "
        return self.rnd.choice(["Seyed ", "Sayed ", "Seyyed ", "Sayyid "])

    def year(self, day: date) -> str:
        if self.style.calendar == "gregorian":
            return str(day.year)
        year = str(jdatetime.date.fromgregorian(date=day).year)
        return year.translate(_PERSIAN_DIGITS) if self.rnd.random() < 0.5 else year

    def day(self, day: date) -> str:
        if self.style.calendar == "solar_hijri":
            jalali = jdatetime.date.fromgregorian(date=day)
            if self.rnd.random() < 0.3:
                return str(jalali.year)
            return f"{jalali.year}/{jalali.month:02d}/{jalali.day:02d}"
        return self.rnd.choice([day.isoformat(), day.strftime("%d/%m/%Y"), str(day.year)])


def _record(victim: _Victim, renderer: _Renderer, record_id: str) -> dict[str, str | None]:
    style, rnd = renderer.style, renderer.rnd
    script = 0 if style.script == "persian" else 1
    given = renderer.name(victim.given)
    family = renderer.name(victim.family)
    if victim.title and rnd.random() < 0.6:
        given = renderer.title() + given
    if rnd.random() < style.swap_rate:
        given, family = family, given
    birth, death = victim.birth, victim.death
    # Birth years come from ages and conversions: mostly right, sometimes off by one, rarely
    # by two or three (an age guessed by a relative).
    slip = rnd.random()
    if slip < 0.05:
        birth += timedelta(days=rnd.choice([-365, 365]))
    elif slip < 0.07:
        birth += timedelta(days=365 * rnd.choice([-3, -2, 2, 3]))
    # Families were told of deaths weeks or months later; some lists give that date instead.
    if rnd.random() < 0.06:
        death += timedelta(days=rnd.randint(1, 60))
    row: dict[str, str | None] = {
        "record_id": record_id, "list_name": style.name,
        "given_name": None if style.full_name_only else given,
        "family_name": None if style.full_name_only else family,
        "full_name": f"{given} {family}" if style.full_name_only else None,
        "father_name": renderer.name(victim.father), "birth_year": renderer.year(birth),
        "city": CITIES[victim.city][script], "prison": str(PRISONS[victim.prison][script]),
        "death_date": renderer.day(death),
    }  # fmt: skip
    if script == 1:
        for column in ("city", "prison"):
            text = _transliterate(str(row[column]), style.transliteration, rnd)
            row[column] = text.title()
    for column, chance in style.missing.items():
        if rnd.random() < chance:
            row[column] = None
    return row


def _expected_records_per_victim(lists: tuple[ListStyle, ...], spread: float) -> float:
    z = np.random.default_rng(12345).normal(size=20_000)
    total = 0.0
    for style in lists:
        logit = math.log(style.coverage / (1 - style.coverage))
        total += float(np.mean(1 / (1 + np.exp(-(logit + spread * z))))) * (
            1 + style.duplicate_rate
        )
    return total


def simulate_lists(
    n_records: int,
    *,
    lists: tuple[ListStyle, ...] = DEFAULT_LISTS,
    visibility_spread: float = 0.8,
    random_state: int = 0,
) -> SimulatedLists:
    """Simulate victim lists of about ``n_records`` records in all, with the truth.

    Args:
        n_records: target number of records over all lists (the result is close to it).
        lists: the lists and their habits.
        visibility_spread: standard deviation of victims' visibility on the logit scale;
            0 makes every victim equally likely to be listed.
        random_state: seed; the same seed gives the same lists.

    Returns:
        SimulatedLists with the records, their true victim ids and the population size.

    Example:
        >>> sim = simulate_lists(500, random_state=1)
        >>> sim.records["list_name"].nunique()
        6
    """
    rng = np.random.default_rng(random_state)
    rnd = random.Random(random_state)
    n_victims = max(1, round(n_records / _expected_records_per_victim(lists, visibility_spread)))
    victims = _population(n_victims, rng)
    visibility = rng.normal(size=n_victims)
    rows: list[dict[str, str | None]] = []
    truth: list[int] = []
    for style in lists:
        renderer = _Renderer(style, rnd)
        logit = math.log(style.coverage / (1 - style.coverage))
        listed = rng.random(n_victims) < 1 / (1 + np.exp(-(logit + visibility_spread * visibility)))
        members = list(np.flatnonzero(listed))
        members += [v for v in members if rnd.random() < style.duplicate_rate]
        rnd.shuffle(members)
        for i, victim in enumerate(members):
            rows.append(_record(victims[victim], renderer, f"{style.name}-{i:07d}"))
            truth.append(int(victim))
    records = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
    return SimulatedLists(records, pd.Series(truth, name="victim_id"), n_victims)
