"""CSV: one table per record type, flat cells a spreadsheet can show.

A CSV file holds one table, so a single stream (stdout or `-o FILE.csv`) gets the claims, the
table most readers want; `-o DIR` or `-o FILE.zip` gets every table, `<type>.csv` each.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TextIO

from khavaran.exports.collect import Visible
from khavaran.exports.records import TYPES, Row, rows

DATE_PARTS = ("earliest", "latest", "original", "calendar", "precision")
DATE_FIELDS = {"published", "birth_date", "start", "end"}
STREAM_TABLE = "claim"


def flatten(row: Row) -> dict[str, Any]:
    """A row with dates spread over columns and citations as ids plus readable text."""
    flat: dict[str, Any] = {}
    for field, value in row.items():
        # Dates are the only nested values; a missing one still gets its columns.
        if isinstance(value, dict) or (value is None and field in DATE_FIELDS):
            flat.update({f"{field}_{part}": (value or {}).get(part, "") for part in DATE_PARTS})
        elif field == "citations":
            flat.update(citation_cells(value))
        else:
            flat[field] = "" if value is None else value
    return flat


def citation_cells(cites: list[Row]) -> dict[str, str]:
    readable = [
        f"source {c['source']} [{c['start']}:{c['end']}]"
        + (f" p. {c['page']}" if c["page"] else "")
        + f": “{c['quoted_text']}”"
        for c in cites
    ]
    return {
        "excerpt_ids": ";".join(str(c["excerpt"]) for c in cites),
        "source_ids": ";".join(sorted({str(c["source"]) for c in cites}, key=int)),
        "citations": "\n".join(readable),
    }


def tables(visible: Visible) -> dict[str, list[dict[str, Any]]]:
    """Flat rows grouped by record type, every type present (possibly empty)."""
    grouped: dict[str, list[dict[str, Any]]] = {kind: [] for kind in TYPES}
    for row in rows(visible):
        grouped[row["type"]].append(flatten(row))
    return grouped


def write_table(table: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One table with a header from its first row; a table without rows is an empty file."""
    writer: csv.DictWriter[str] | None = None
    for row in table:
        if writer is None:
            writer = csv.DictWriter(
                out,
                fieldnames=[f for f in row if f != "type"],
                extrasaction="ignore",
                lineterminator="\n",
            )
            writer.writeheader()
        writer.writerow(row)


def table_text(table: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    write_table(table, buffer)
    return buffer.getvalue()
