"""Which order a list's dates written with numbers only are in: day/month/year or month/day/year.

"08/03/1988" is 8 March in Iran and Europe and 3 August in the United States, and nothing in the
cell says which. Its column does: a first number over 12 (21/08/1988) can only be the day, and
so can a second one (08/21/1988). When the rows that decide agree, every row of the column is
read their way and the import report says so. When they disagree, or no row decides, the import
is refused until ``--date-order`` gives the order; but a list in Persian script whose rows do not
decide is read day first, as Persian writes dates, and the report says so. Year-first dates
(1367/05/24, 1988-08-15) are not concerned, nor those with a Solar Hijri year (24/05/1367):
those are read day first, as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from khavaran.analysis.columns import DATE_FIELDS
from khavaran.analysis.errors import ListError
from khavaran.analysis.tables import Table
from khavaran.text.arabic_script import arabic_script_share, normalize_arabic_script
from khavaran.text.dates import DayOrder

ORDERS: tuple[DayOrder, ...] = ("dmy", "mdy")
_WORDS: dict[DayOrder, str] = {"dmy": "day/month/year", "mdy": "month/day/year"}
_NUMBERS_ONLY = re.compile(r"(?<![\d/.\-])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?![\d/.\-])")
# As the linkage engine's `list_calendar_hint`: a year from 1200 to 1499 is Solar Hijri.
_SOLAR_HIJRI_YEARS = range(1200, 1500)
# Share of a list's letters that must be Arabic script for it to count as a Persian list.
_PERSIAN_SHARE = 0.3
_HINT = "give --date-order dmy or --date-order mdy"


@dataclass(frozen=True)
class Example:
    """A row and its cell as the file wrote it."""

    row: int
    cell: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.cell}"


@dataclass(frozen=True)
class ColumnReading:
    """How one column's dates written with numbers only are read, and why (one report line)."""

    column: str
    order: DayOrder
    why: str

    def __str__(self) -> str:
        return f"column {self.column!r}: read as {_WORDS[self.order]} ({self.why})"


# Rows whose dates only one order reads ("dmy", "mdy"), and rows both orders read ("either").
_Kind = Literal["dmy", "mdy", "either"]
_Evidence = dict[_Kind, list[Example]]


def column_readings(
    table: Table, mapping: Mapping[str, str], given: DayOrder | None = None
) -> list[ColumnReading]:
    """The order of each mapped date column holding dates like 08/03/1988, with the reason.

    Args:
        table: the list as read.
        mapping: field -> column, as ``build_mapping`` gives it.
        given: the order ``--date-order`` gives for every column, or None to decide.

    Raises:
        ListError: a column's rows contradict each other, or none decides (and the list is not
            in Persian script); the message names the column, the rows and the option.
    """
    columns = dict.fromkeys(mapping[f] for f in DATE_FIELDS if f in mapping)
    readings = []
    for column in columns:
        evidence = _evidence(table, table.headers.index(column))
        if any(evidence.values()):
            readings.append(_reading(column, evidence, given, table))
    return readings


def _evidence(table: Table, index: int) -> _Evidence:
    evidence: _Evidence = {"dmy": [], "mdy": [], "either": []}
    for number, cells in enumerate(table.rows, start=1):
        cell = cells[index].strip() if index < len(cells) else ""
        matches = _NUMBERS_ONLY.finditer(normalize_arabic_script(cell))
        for kind in dict.fromkeys(_kind(match) for match in matches):
            if kind is not None:
                evidence[kind].append(Example(number, cell))
    return evidence


def _kind(match: re.Match[str]) -> _Kind | None:
    """The only order that reads the date ("dmy", "mdy"), "either", or None when the order
    does not matter (05/05/1988, a Solar Hijri year) or neither order reads it (00/13/1988)."""
    first, second, year = (int(n) for n in match.groups())
    if year in _SOLAR_HIJRI_YEARS or first == second or not 1 <= min(first, second) <= 12:
        return None
    if first > 12:
        return "dmy"
    return "mdy" if second > 12 else "either"


def _reading(
    column: str, evidence: _Evidence, given: DayOrder | None, table: Table
) -> ColumnReading:
    if given is not None:
        return ColumnReading(column, given, f"--date-order {given}")
    if evidence["dmy"] and evidence["mdy"]:
        raise ListError(
            f"column {column!r} has dates written day first ({evidence['dmy'][0]}) and month "
            f"first ({evidence['mdy'][0]}); {_HINT} to read it one way (the rows that do not "
            "fit are then refused, and --skip-bad-rows imports the others)"
        )
    for order in ORDERS:
        decided = evidence[order]
        if decided:
            rows = f"{len(decided)} row{'s' if len(decided) > 1 else ''}"
            return ColumnReading(column, order, f"decided by {rows} such as {decided[0]}")
    if _is_persian(table):
        return ColumnReading(
            column,
            "dmy",
            f"no row decides it, such as {evidence['either'][0]}, so day first as Persian lists "
            "write dates; give --date-order mdy if it is month first",
        )
    raise ListError(
        f"column {column!r}: no row tells whether its dates are day/month/year or "
        f"month/day/year ({evidence['either'][0]} can be either); {_HINT}"
    )


def _is_persian(table: Table) -> bool:
    return arabic_script_share(_text(table.headers, table.rows)) >= _PERSIAN_SHARE


def _text(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return " ".join([*headers, *(cell for row in rows for cell in row)])
