"""One data row: its original cells by header, its normalized fields, or why it is refused.

Lists write "unknown" as "؟", "?", "-", "unknown", "n/a", "نامعلوم" or "نامشخص". Outside the
name columns such a cell is read as empty: no date, place or father's name, so that two rows
never agree on "؟" and a birth year of "؟" is no reason to refuse a row. The original keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from khavaran.analysis.columns import DATE_FIELDS, NAME_FIELDS
from khavaran.analysis.errors import BadRow
from khavaran.text.arabic_script import ZWNJ, fold_digits, normalize_arabic_script
from khavaran.text.dates import Calendar, DayOrder, UnparseableDate, parse_fuzzy_date

_UNKNOWN_MARKS = re.compile(r"[?؟\-–—]+")
_UNKNOWN_WORDS = frozenset({"unknown", "n/a", "نامعلوم", "نامشخص"})


@dataclass(frozen=True)
class ParsedRow:
    row_number: int
    original: dict[str, str]
    normalized: dict[str, Any]


def column_names(headers: Sequence[str], width: int) -> list[str]:
    """Header names for ``width`` cells: unnamed and extra columns become "column N"."""
    names = [h or f"column {i + 1}" for i, h in enumerate(headers)]
    return names + [f"column {i + 1}" for i in range(len(names), width)]


def is_blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def parse_row(
    row_number: int,
    cells: Sequence[str],
    headers: Sequence[str],
    mapping: Mapping[str, str],
    orders: Mapping[str, DayOrder] | None = None,
) -> ParsedRow:
    """The row's cells verbatim and its mapped fields normalized; ``orders`` (column -> "dmy"
    or "mdy", see ``date_order``) says how its dates written 08/03/1988 are read, day first
    where it says nothing.

    Raises:
        BadRow: no name in any name column, or a date that cannot be read.
    """
    names = column_names(headers, len(cells))
    original = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(names)}
    normalized: dict[str, Any] = {}
    for field, column in mapping.items():
        value = _clean(original.get(column, ""))
        if value and (field in NAME_FIELDS or not _is_unknown(value)):
            normalized[field] = value
    if not any(normalized.get(field) for field in NAME_FIELDS):
        columns = ", ".join(repr(mapping[f]) for f in NAME_FIELDS if f in mapping)
        raise BadRow(row_number, f"no name (the name columns {columns} are empty)")
    # The name in parts wins over the whole name (the original keeps both, verbatim).
    if normalized.get("given_name") or normalized.get("family_name"):
        normalized.pop("full_name", None)
    for field in DATE_FIELDS:
        if field in normalized:
            column = mapping[field]
            order = (orders or {}).get(column, "dmy")
            cell = _Cell(row_number, column, original.get(column, ""))
            normalized[f"{field}_range"] = _date(cell, normalized[field], order)
    return ParsedRow(row_number, original, normalized)


def _clean(value: str) -> str:
    # Letter forms and digits folded, ZWNJ kept: it belongs to Persian spelling.
    return " ".join(normalize_arabic_script(value, zwnj=ZWNJ).split())


def _is_unknown(value: str) -> bool:
    """Whether a cell says only that the value is unknown ("؟", "-", "نامعلوم", "unknown")."""
    folded = normalize_arabic_script(value, zwnj="").casefold().replace(" ", "")
    return bool(_UNKNOWN_MARKS.fullmatch(folded)) or folded in _UNKNOWN_WORDS


@dataclass(frozen=True)
class _Cell:
    """A cell as the list wrote it, for a message that quotes it."""

    row_number: int
    column: str
    written: str


def _date(cell: _Cell, value: str, order: DayOrder) -> dict[str, str]:
    # A birth year of 1285 on a list of 1988's victims is Solar Hijri (1906), as the linkage
    # engine reads it: one reading of list dates. Imported here, not above: importing the
    # engine's package loads splink, duckdb and pandas, which `verify` (`column_names`) needn't.
    from khavaran.engines.linkage.dates import list_calendar_hint

    hint = list_calendar_hint(fold_digits(normalize_arabic_script(value)).strip())
    # Persian lists write a Solar Hijri date's numbers day first, whatever the column decided.
    if hint is Calendar.SOLAR_HIJRI:
        order = "dmy"
    try:
        return parse_fuzzy_date(value, calendar=hint, order=order).to_json()
    except UnparseableDate as error:
        # The cell as the list wrote it (۱۳۶۷/۱۳/۴۵), not as folded for reading (1367/13/45).
        written = UnparseableDate(" ".join(cell.written.split()), error.template, error.params)
        raise BadRow(cell.row_number, f"column {cell.column!r}: {written}") from None


def render_line(row_number: int, original: Mapping[str, str]) -> str:
    """The row as one citable line of the list's text: "row 7 | نام: علی | …"."""
    cells = (f"{k}: {' '.join(v.split())}" for k, v in original.items() if v.strip())
    return " | ".join([f"row {row_number}", *cells])
