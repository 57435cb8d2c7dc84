"""Import a victim list: all rows or none, the original file kept as a dataset Source.

Each list gets a text rendering, one line per row ("row 7 | نام: علی | …"), stored as its
Source's text. A row is then a citable span of that text: when a cluster of rows becomes a
Person, each of its names cites its row with an Excerpt over that line. Excerpts are made then,
not at import, so a list of 30,000 rows costs one audited write, not 30,000.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from khavaran.analysis.columns import build_mapping
from khavaran.analysis.date_order import ColumnReading, column_readings
from khavaran.analysis.errors import (
    BadRow,
    DuplicateList,
    ListError,
    MappingError,
    UnreadableList,
)
from khavaran.analysis.models import ColumnMapping, VictimList
from khavaran.analysis.rows import ParsedRow, is_blank, parse_row, render_line
from khavaran.analysis.tables import MEDIA_TYPES, Table, read_table
from khavaran.evidence.models import Source
from khavaran.text.dates import DayOrder

# The engine's record uid is "list:row"; a colon in a list name would make it ambiguous.
_LIST_NAME = re.compile(r"^[^:\s][^:]{0,99}$")


@dataclass(frozen=True)
class ImportOptions:
    name: str
    actor: str
    confidentiality: str = "restricted"
    origin: str = ""
    overrides: Mapping[str, str] = field(default_factory=dict)
    mapping_name: str | None = None
    save_mapping: str | None = None
    skip_bad_rows: bool = False
    # How dates written 08/03/1988 are read; None: each date column decides from its rows.
    date_order: DayOrder | None = None


@dataclass(frozen=True)
class PreparedList:
    """Everything the import will write, checked before anything is."""

    path: Path
    data: bytes
    table: Table
    mapping: dict[str, str]
    rows: list[ParsedRow]
    refused: list[BadRow]
    text: str
    spans: list[tuple[int, int]]
    date_readings: list[ColumnReading] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    victim_list: VictimList
    rows_read: int
    refused: list[BadRow]
    mapping: dict[str, str]
    # Columns no field reads: kept verbatim with each record, but not used to link.
    unmapped: list[str] = field(default_factory=list)
    # How each date column's dates written with numbers only were read, and why.
    date_readings: list[ColumnReading] = field(default_factory=list)


def prepare_list(path: Path, options: ImportOptions) -> PreparedList:
    """Read, map and check a list file; nothing is written.

    Raises:
        ListError: the file, the name, the mapping or (without ``skip_bad_rows``) a row.
    """
    _check_name(options.name)
    data = _read_bytes(path)
    _check_not_imported(path, data)
    table = read_table(path, data)
    try:
        mapping = build_mapping(table.headers, options.overrides, _saved(options.mapping_name))
    except MappingError as error:
        raise MappingError(f"{path.name}: {error}") from None
    try:
        readings = column_readings(table, mapping, options.date_order)
    except ListError as error:
        raise ListError(f"{path.name}: {error}") from None
    rows, refused = _parse_rows(table, mapping, {r.column: r.order for r in readings})
    if refused and not options.skip_bad_rows:
        more = f"; {len(refused)} rows refused in all" if len(refused) > 1 else ""
        raise ListError(
            f"{path.name}: {refused[0]}{more}; fix the file or give --skip-bad-rows to import "
            "the other rows"
        )
    if not rows:
        raise ListError(f"{path.name}: every row was refused; nothing to import")
    text, spans = _render(table.headers, rows)
    return PreparedList(path, data, table, mapping, rows, refused, text, spans, readings)


def _check_name(name: str) -> None:
    if not _LIST_NAME.match(name):
        raise ListError(f"--name '{name}': give 1–100 characters without a colon")
    if VictimList.objects.filter(name=name).exists():
        raise DuplicateList(f"a list named '{name}' already exists; choose another --name")


def _read_bytes(path: Path) -> bytes:
    if path.suffix.lower() not in MEDIA_TYPES:
        raise UnreadableList(
            f"{path.name}: cannot import a {path.suffix or 'extensionless'} file as a list; "
            "give a .csv, .tsv or .xlsx file"
        )
    if not path.is_file():
        raise UnreadableList(f"{path}: no such file")
    limit: int = settings.MAX_FILE_BYTES
    if path.stat().st_size > limit:
        raise UnreadableList(f"{path.name}: larger than the {limit:,}-byte limit")
    return path.read_bytes()


def _check_not_imported(path: Path, data: bytes) -> None:
    sha = hashlib.sha256(data).hexdigest()
    source = Source.objects.filter(sha256=sha).first()
    if source is None:
        return
    existing = VictimList.objects.filter(source=source).first()
    if existing is not None:
        raise DuplicateList(f"{path.name}: this file is already imported as list '{existing.name}'")
    raise DuplicateList(f"{path.name}: these bytes are already stored as source {source.pk}")


def _saved(mapping_name: str | None) -> dict[str, str] | None:
    if mapping_name is None:
        return None
    saved = ColumnMapping.objects.filter(name=mapping_name).first()
    if saved is None:
        known = ", ".join(ColumnMapping.objects.values_list("name", flat=True)) or "none saved"
        raise ListError(f"--mapping '{mapping_name}': no such saved mapping ({known})")
    return dict(saved.fields)


def _parse_rows(
    table: Table, mapping: Mapping[str, str], orders: Mapping[str, DayOrder]
) -> tuple[list[ParsedRow], list[BadRow]]:
    rows: list[ParsedRow] = []
    refused: list[BadRow] = []
    for number, cells in enumerate(table.rows, start=1):
        if is_blank(cells):
            continue
        try:
            rows.append(parse_row(number, cells, table.headers, mapping, orders))
        except BadRow as error:
            refused.append(error)
    return rows, refused


def _render(headers: Sequence[str], rows: Sequence[ParsedRow]) -> tuple[str, list[tuple[int, int]]]:
    lines = [" | ".join(["row", *headers])]
    spans: list[tuple[int, int]] = []
    offset = len(lines[0]) + 1
    for row in rows:
        line = render_line(row.row_number, row.original)
        spans.append((offset, offset + len(line)))
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), spans
