"""Capture histories: counts per observed pattern of list membership, optionally per stratum.

The CSV form is the one the R packages (LCMCR, dga, Rcapture) use: one 0/1 column per list, named
by the list, a ``count`` column, and optional stratum columns named by the caller.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from khavaran.engines.estimation.errors import CaptureDataError
from khavaran.text.delimited import delimiter_of

MIN_LISTS = 2
MAX_LISTS = 15
COUNT_COLUMN = "count"
# Counts are of people: none is near this, and every sum of counts stays far inside int64.
MAX_COUNT = 10**12

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class CaptureHistories:
    """A table of capture histories for one population (or one stratum).

    Attributes:
        lists: list names, in column order.
        patterns: (P, J) 0/1 array, one row per distinct observed pattern, never all-zero.
        counts: (P,) number of people with each pattern (zeros allowed).
        source: where the table came from, for error messages ("kosovo.csv").
        stratum: the stratum's label, or None for an unstratified table.

    Example:
        >>> caps = CaptureHistories.from_counts(["A", "B"], {(1, 0): 30, (0, 1): 20, (1, 1): 10})
        >>> caps.n_observed
        60
    """

    lists: tuple[str, ...]
    patterns: IntArray
    counts: IntArray
    source: str = "<table>"
    stratum: str | None = None
    _hash: list[str] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def from_counts(
        cls,
        lists: Sequence[str],
        counts: Mapping[tuple[int, ...], int],
        source: str = "<table>",
        stratum: str | None = None,
    ) -> CaptureHistories:
        """Build a table from ``{pattern: count}``, merging repeated patterns.

        Args:
            lists: list names.
            counts: pattern tuples of 0/1 (one entry per list) to counts.
            source: label used in error messages.
            stratum: the stratum's label, if any.

        Returns:
            A validated CaptureHistories.
        """
        _check_list_count(len(lists), source)
        merged: dict[tuple[int, ...], int] = {}
        for pattern, count in counts.items():
            if len(pattern) != len(lists) or any(v not in (0, 1) for v in pattern):
                raise CaptureDataError(
                    f"{source}: pattern {pattern} is not {len(lists)} 0/1 values"
                )
            if not any(pattern):
                raise CaptureDataError(
                    f"{source}: the all-zero pattern is present; nobody is seen on no list, "
                    "remove that row"
                )
            if count < 0:
                raise CaptureDataError(f"{source}: pattern {pattern} has a negative count")
            merged[tuple(pattern)] = merged.get(tuple(pattern), 0) + int(count)
        _check_total(sum(merged.values()), source)
        keys = sorted(merged)
        patterns = np.array(keys, dtype=np.int64).reshape(len(keys), len(lists))
        values = np.array([merged[k] for k in keys], dtype=np.int64)
        return cls(tuple(lists), patterns, values, source, stratum)

    @property
    def n_lists(self) -> int:
        """Number of lists J."""
        return len(self.lists)

    @property
    def n_observed(self) -> int:
        """Number of people seen on at least one list (the documented count)."""
        return int(self.counts.sum())

    def list_sizes(self) -> dict[str, int]:
        """People on each list."""
        sizes = (self.patterns * self.counts[:, None]).sum(axis=0)
        return {name: int(s) for name, s in zip(self.lists, sizes, strict=True)}

    def full_table(self) -> IntArray:
        """Counts for all 2^J patterns; index = sum of x_j * 2^(J-1-j), cell 0 (unseen) is 0."""
        table = np.zeros(2**self.n_lists, dtype=np.int64)
        np.add.at(table, pattern_index(self.patterns), self.counts)
        return table

    def nonzero(self) -> CaptureHistories:
        """The same table without zero-count patterns."""
        keep = self.counts > 0
        return CaptureHistories(
            self.lists, self.patterns[keep], self.counts[keep], self.source, self.stratum
        )

    def sha256(self) -> str:
        """SHA-256 of the canonical table: list names, then sorted non-zero patterns and counts."""
        if not self._hash:
            table = self.full_table()
            cells = [[int(i), int(c)] for i, c in enumerate(table) if c > 0]
            canonical = json.dumps({"lists": list(self.lists), "cells": cells}, sort_keys=True)
            self._hash.append(hashlib.sha256(canonical.encode()).hexdigest())
        return self._hash[0]


def pattern_index(patterns: IntArray) -> IntArray:
    """Cell index of each pattern row, list 1 as the most significant bit (dga's layout)."""
    n_lists = patterns.shape[1]
    weights = 2 ** np.arange(n_lists - 1, -1, -1, dtype=np.int64)
    result: IntArray = patterns @ weights
    return result


def all_patterns(n_lists: int) -> IntArray:
    """All 2^J patterns as rows, in cell-index order (row 0 is the unseen pattern)."""
    cells = np.arange(2**n_lists, dtype=np.int64)
    shifts = np.arange(n_lists - 1, -1, -1, dtype=np.int64)
    result: IntArray = (cells[:, None] >> shifts[None, :]) & 1
    return result


def read_captures(
    path: str | Path, strata: Sequence[str] = ()
) -> dict[str | None, CaptureHistories]:
    """Read a capture-history CSV, one table per stratum.

    Args:
        path: CSV with one 0/1 column per list, a ``count`` column, and the ``strata`` columns.
        strata: names of the stratum columns; every other column except ``count`` is a list.

    Returns:
        ``{None: table}`` without strata, else ``{"province=Tehran": table, ...}``.

    Raises:
        CaptureDataError: with the file, row and column of the first problem found.

    Example:
        >>> tables = read_captures("kosovo.csv")  # doctest: +SKIP
        >>> tables[None].n_observed  # doctest: +SKIP
        4400
    """
    source = str(path)
    header, rows = _read_rows(Path(path), source)
    list_columns = _list_columns(header, strata, source)
    grouped: dict[str | None, dict[tuple[int, ...], int]] = {}
    first_row: dict[tuple[str | None, tuple[int, ...]], int] = {}
    for line_no, row in rows:
        record = dict(zip(header, row, strict=True))
        for column in strata:
            if not record[column].strip():
                raise CaptureDataError(
                    f"{source}, row {line_no}, column '{column}': no stratum; give one (write "
                    "'unknown' to estimate those people as a stratum of their own)"
                )
        key = ", ".join(f"{s}={record[s].strip()}" for s in strata) if strata else None
        pattern = tuple(_parse_flag(record[c], source, line_no, c) for c in list_columns)
        count = _parse_count(record[COUNT_COLUMN], source, line_no)
        if not any(pattern):
            if count == 0:
                continue
            raise CaptureDataError(
                f"{source}, row {line_no}: the all-zero pattern has count {count}; nobody can be "
                "seen on no list, remove that row"
            )
        seen = first_row.setdefault((key, pattern), line_no)
        if seen != line_no:
            # R's packages take one row per pattern; a second one is most often a pasted
            # duplicate, and adding it up silently changed the documented count.
            raise CaptureDataError(
                f"{source}, row {line_no}: repeats the pattern of row {seen}"
                + (f" in stratum {key}" if key else "")
                + "; give each pattern once, with its total count"
            )
        grouped.setdefault(key, {})[pattern] = count
    if not grouped:
        raise CaptureDataError(f"{source}: no data rows; add one row per observed pattern")
    return {
        key: CaptureHistories.from_counts(list_columns, cells, source, key)
        for key, cells in grouped.items()
    }


def combine_strata(tables: Iterable[CaptureHistories]) -> CaptureHistories:
    """Sum several strata's tables (same lists) into one table."""
    items = list(tables)
    merged: dict[tuple[int, ...], int] = {}
    for table in items:
        for pattern, count in zip(table.patterns, table.counts, strict=True):
            key = tuple(int(v) for v in pattern)
            merged[key] = merged.get(key, 0) + int(count)
    return CaptureHistories.from_counts(items[0].lists, merged, items[0].source)


def _read_rows(path: Path, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if not path.is_file():
        raise CaptureDataError(f"{source}: file not found")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, delimiter=delimiter_of(handle.readline()))
            handle.seek(0)
            header = _normalized_header(next(reader, []))
            rows = [(reader.line_num, r) for r in reader if any(cell.strip() for cell in r)]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CaptureDataError(f"{source}: not a readable UTF-8 CSV file ({exc})") from exc
    if not header or len(header) < 2:
        raise CaptureDataError(f"{source}: not a CSV with a header row of list columns and 'count'")
    for line_no, row in rows:
        if len(row) != len(header):
            raise CaptureDataError(
                f"{source}, row {line_no}: {len(row)} fields but the header has {len(header)}"
            )
    return header, rows


def _normalized_header(header: list[str]) -> list[str]:
    # R users write "Count" as often as "count"; the list columns keep their names as written.
    names = [h.strip() for h in header]
    return [COUNT_COLUMN if h.casefold() == COUNT_COLUMN else h for h in names]


def _list_columns(header: list[str], strata: Sequence[str], source: str) -> list[str]:
    if COUNT_COLUMN not in header:
        raise CaptureDataError(
            f"{source}: no '{COUNT_COLUMN}' column; add one with the number of people per pattern"
        )
    for column in strata:
        if column not in header:
            raise CaptureDataError(
                f"{source}: stratum column '{column}' is missing; columns are {', '.join(header)}"
            )
    for index, name in enumerate(header, start=1):
        if not name:
            raise CaptureDataError(
                f"{source}: column {index} has no name in the header row; name the list it "
                "holds, or delete the column"
            )
    duplicates = {h for h in header if header.count(h) > 1}
    if duplicates:
        raise CaptureDataError(f"{source}: column '{sorted(duplicates)[0]}' appears twice")
    lists = [h for h in header if h != COUNT_COLUMN and h not in strata]
    _check_list_count(len(lists), source)
    return lists


def _check_total(total: int, source: str) -> None:
    if total >= MAX_COUNT:
        raise CaptureDataError(
            f"{source}: the counts add up to {total:,}; counts are of people and must add up to "
            f"less than {MAX_COUNT:,} (10^12)"
        )


def _check_list_count(n_lists: int, source: str) -> None:
    if n_lists < MIN_LISTS:
        raise CaptureDataError(
            f"{source}: {n_lists} list column(s); estimation needs at least {MIN_LISTS} lists"
        )
    if n_lists > MAX_LISTS:
        raise CaptureDataError(
            f"{source}: {n_lists} list columns; at most {MAX_LISTS} are supported "
            "(merge lists or name the extra columns as strata)"
        )


# Digits as spreadsheets in Iran write them: Latin, Persian (۰–۹) and Arabic-Indic (٠–٩).
DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
_WHOLE_NUMBER = re.compile(f"[{DIGITS}]+")


def _parse_flag(value: str, source: str, line_no: int, column: str) -> int:
    text = value.strip()
    if not _WHOLE_NUMBER.fullmatch(text) or int(text) not in (0, 1):
        # A word where a list's 0/1 belongs is most often a stratum column left unnamed.
        hint = (
            ""
            if _WHOLE_NUMBER.fullmatch(text)
            else (f" (is it a stratum column? give --strata {column})")
        )
        raise CaptureDataError(
            f"{source}, row {line_no}, column '{column}': list membership must be 0 or 1, "
            f"found {value!r}{hint}"
        )
    return int(text)


def _parse_count(value: str, source: str, line_no: int) -> int:
    text = value.strip()
    where = f"{source}, row {line_no}, column '{COUNT_COLUMN}'"
    number = _whole_number(text)
    if number is None:
        raise CaptureDataError(
            f"{where}: counts must be whole numbers ≥ 0 written in digits only (no sign, "
            f"point, exponent or separator), found {value!r}"
        )
    if number >= MAX_COUNT:
        raise CaptureDataError(
            f"{where}: {text} is too large; counts are of people and must be less than "
            f"{MAX_COUNT:,} (10^12)"
        )
    return number


def _whole_number(text: str) -> int | None:
    """``text`` as a whole number written in digits only ("12", "۱۲"), or None.

    "1e3", "12.0" and "1_000" (which Python reads) are refused: a count is written as digits,
    and anything else is more likely a spreadsheet's rounding or a typo than a count.
    """
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None
