"""The first pass over a facts file: every field of every item, and its dates, checked before
any source file is read (each problem names the item and the field)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from khavaran.text.dates import Calendar, UnparseableDate, from_iso_prefix, parse_fuzzy_date
from khavaran.text.dates import FuzzyDate as ReadDate
from khavaran.vocabulary import (
    CONFIDENCE,
    CONFIDENTIALITY,
    INCIDENT_KINDS,
    NAME_KINDS,
    ORGANIZATION_KINDS,
    PARTICIPANT_ROLES,
    SCRIPTS,
    SOURCE_KINDS,
)

# A Gregorian year before this, beside words in another calendar, is that calendar's year.
PLAUSIBLE_YEAR = 1900


# What a field must hold: "text", "number", "value" (text or number), "list" (of objects), or a
# vocabulary; whether it is required; for text, the longest the database keeps.
_Want = str | Mapping[str, object]
_Field = tuple[_Want, bool, int | None]
_CALENDARS = {c.value: c for c in Calendar}
_LEVEL: _Field = (CONFIDENTIALITY, False, None)
_DATES: dict[str, _Field] = {
    "start": ("text", False, None),
    "end": ("text", False, None),
    "date_as_written": ("text", False, 200),
    "calendar_as_written": (_CALENDARS, False, None),
}
_FIELDS: dict[str, dict[str, _Field]] = {
    "sources": {
        "file": ("text", True, None),
        "kind": (SOURCE_KINDS, False, None),
        "title": ("text", False, 500),
        "origin": ("text", False, None),
        "confidentiality": _LEVEL,
    },
    "people": {
        "key": ("text", True, 100),
        "names": ("list", True, None),
        "cite": ("list", True, None),
        "confidentiality": _LEVEL,
    },
    "organizations": {
        "key": ("text", True, 100),
        "name": ("text", True, 300),
        "kind": (ORGANIZATION_KINDS, False, None),
        "cite": ("list", False, None),
        "confidentiality": _LEVEL,
    },
    "tenures": {
        "person": ("text", True, None),
        "post": ("text", True, 300),
        "organization": ("text", False, None),
        "confidence": (CONFIDENCE, False, None),
        "cite": ("list", True, None),
        **_DATES,
    },
    "incidents": {
        "key": ("text", True, 100),
        "title": ("text", True, 300),
        "kind": (INCIDENT_KINDS, False, None),
        "place": ("text", False, 300),
        "participants": ("list", False, None),
        "cite": ("list", False, None),
        "confidentiality": _LEVEL,
        **_DATES,
    },
    "claims": {
        "question": ("text", True, 200),
        "subject": ("text", False, 300),
        "property": ("text", False, 100),
        "value": ("value", False, None),
        "value_min": ("number", False, None),
        "value_max": ("number", False, None),
        "qualifier": ("text", False, 300),
        "attributed_to": ("text", False, 300),
        "cite": ("list", True, None),
        "confidentiality": _LEVEL,
    },
    "names": {
        "text": ("text", True, 300),
        "script": (SCRIPTS, False, None),
        "kind": (NAME_KINDS, False, None),
    },
    "participants": {
        "person": ("text", True, None),
        "role": (PARTICIPANT_ROLES, True, None),
        "cite": ("list", True, None),
    },
    "cite": {"file": ("text", True, None), "quote": ("text", True, None)},
}
_SECTIONS = ("sources", "people", "organizations", "tenures", "incidents", "claims")
_ONE = {"names": "name", "participants": "participant", "cite": "cite"}


class _Refused(ValueError):
    """One field of an item is wrong; the message names the field and what to write."""


def word(value: str) -> str:
    """A vocabulary value as the file may write it: "ordering authority" is ordering_authority."""
    return value.strip().replace(" ", "_")


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"the text {value[:80]!r}"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "an object"


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _wrong(value: object, want: _Want, limit: int | None) -> str:
    """What is wrong with a present value ("" if nothing)."""
    if isinstance(want, Mapping):
        if isinstance(value, str) and word(value) in want:
            return ""
        return f"is {_shown(value)}; write one of: {', '.join(want)}"
    if want == "list":
        return "" if isinstance(value, list) else f"must be a list [...], not {_shown(value)}"
    if want == "value" and not isinstance(value, str):
        return "" if is_number(value) else f"must be a text or a number, not {_shown(value)}"
    if want == "number":
        return "" if is_number(value) else f"must be a number, not {_shown(value)}"
    if not isinstance(value, str) or not value.strip():
        return f"must be a non-empty text, not {_shown(value)}"
    if limit is not None and len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are kept"
    return ""


def item_label(section: str, i: int, item: object) -> str:
    key = item.get("key") if isinstance(item, dict) else None
    return f"{section}[{i}]" + (f" ({key})" if isinstance(key, str) and key else "")


def _item_problems(label: str, item: object, kind: str) -> list[str]:
    """Every wrong field of one item, and of the items listed inside it."""
    if not isinstance(item, dict):
        return [f"{label}: must be an object {{...}}, not {_shown(item)}"]
    problems: list[str] = []
    for name, (want, required, limit) in _FIELDS[kind].items():
        value = item.get(name)
        if value is None or (value == "" and not required) or (value == [] and not required):
            if required:
                problems.append(f'{label}: "{name}" is missing')
            continue
        if wrong := _wrong(value, want, limit) or ("is empty" if value == [] else ""):
            problems.append(f'{label}: "{name}" {wrong}')
        elif want == "list":
            for j, sub in enumerate(value):
                problems += _item_problems(f"{label} {_ONE[name]}[{j}]", sub, name)
    if not problems and kind in _MEANING:
        problems += [f"{label}: {p}" for p in _MEANING[kind](item)]
    return problems


def shape_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for section in _SECTIONS:
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(f'"{section}" must be a list [...] of objects, not {_shown(items)}')
            continue
        for i, item in enumerate(items):
            problems += _item_problems(item_label(section, i, item), item, section)
    return problems


def _value_problems(claim: dict[str, Any]) -> list[str]:
    low, high = claim.get("value_min"), claim.get("value_max")
    if claim.get("value") in (None, "") and (low is None or high is None):
        return ['"value" is missing: give "value", or "value_min" and "value_max"']
    if low is not None and high is not None and low > high:
        return [f'"value_min" {low} is above "value_max" {high}']
    return []


def _date_problems(fact: dict[str, Any]) -> list[str]:
    try:
        read_dates(fact)
    except _Refused as error:
        return [str(error)]
    return []


# --- Dates: Gregorian ISO prefixes, checked against the words the source used -------------------


@dataclass(frozen=True)
class Dates:
    start: ReadDate | None
    end: ReadDate | None
    written: str
    calendar: str
    said: ReadDate | None = None  # the written words read as a date, when they can be

    def written_for(self, day: ReadDate) -> str:
        """The words as written, for the start or end they describe: each date whose range
        meets theirs ("summer 1367" for both ends of a summer), else the start only."""
        if not self.written:
            return ""
        if self.said is not None:
            meets = self.said.earliest <= day.latest and day.earliest <= self.said.latest
            return self.written if meets else ""
        return self.written if day is (self.start or self.end) else ""


def _span(fd: ReadDate) -> str:
    first, last = fd.earliest.isoformat(), fd.latest.isoformat()
    return first if first == last else f"{first} to {last}"


def _iso(fact: dict[str, Any], name: str) -> ReadDate | None:
    text = fact.get(name)
    if not text:
        return None
    try:
        return from_iso_prefix(text)
    except UnparseableDate as error:
        raise _Refused(
            f'"{name}" {text!r}: {error.reason}; write a Gregorian YYYY, YYYY-MM or YYYY-MM-DD'
        ) from None


def _as_written(written: str, calendar: str) -> ReadDate | None:
    """The source's words as a date, when they can be read (they may be "after the war")."""
    try:
        return parse_fuzzy_date(written, calendar=_CALENDARS.get(calendar)) if written else None
    except UnparseableDate:
        return None


def read_dates(fact: dict[str, Any]) -> Dates:
    """The start and end of a fact, refused when they cannot be what the source says."""
    written = fact.get("date_as_written") or ""
    asked = (fact.get("calendar_as_written") or "").strip()
    start, end = _iso(fact, "start"), _iso(fact, "end")
    said = _as_written(written, asked)
    calendar = asked or (said.calendar.value if said else Calendar.GREGORIAN.value)
    for name, day in (("start", start), ("end", end)):
        if (
            day is not None
            and calendar != Calendar.GREGORIAN
            and day.earliest.year < PLAUSIBLE_YEAR
        ):
            raise _Refused(_not_gregorian(name, fact[name], calendar))
    if start and end and end.latest < start.earliest:
        raise _Refused(f'"end" {fact["end"]!r} is before "start" {fact["start"]!r}')
    first, last = start or end, end or start
    if said and first and last and (said.latest < first.earliest or said.earliest > last.latest):
        raise _Refused(
            f'"date_as_written" {written!r} is {_span(said)}, outside "start" and "end" '
            f"({first.earliest.isoformat()} to {last.latest.isoformat()}): correct one of them"
        )
    return Dates(start, end, written, calendar, said)


def _not_gregorian(name: str, text: str, calendar: str) -> str:
    converted = _as_written(text.replace("-", "/"), calendar)
    hint = f"; {text} {calendar} is {_span(converted)}" if converted else ""
    return (
        f'"{name}" {text!r} is a {calendar} date: "start" and "end" are Gregorian '
        f'(YYYY, YYYY-MM or YYYY-MM-DD) and "date_as_written" keeps the words as written{hint}'
    )


_MEANING = {"claims": _value_problems, "tenures": _date_problems, "incidents": _date_problems}
