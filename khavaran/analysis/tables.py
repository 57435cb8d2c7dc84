"""A list file as a header and rows of text cells: CSV, TSV or XLSX (first sheet)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from khavaran.analysis.decoding import decode_list
from khavaran.analysis.errors import UnreadableList
from khavaran.text.delimited import delimiter_of, excel_separator

MEDIA_TYPES: dict[str, str] = {
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Table:
    """The cells as the file wrote them; ``rows[0]`` is data row 1."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str


def read_table(path: Path, data: bytes) -> Table:
    """Read a list file's bytes by its extension.

    Raises:
        UnreadableList: unknown extension, undecodable, empty or header-only file.
    """
    extension = path.suffix.lower()
    if extension not in MEDIA_TYPES:
        raise UnreadableList(
            f"{path.name}: cannot import a {extension or 'extensionless'} file as a list; "
            "give a .csv, .tsv or .xlsx file"
        )
    if not data.strip():
        raise UnreadableList(f"{path.name}: the file is empty; export the list again")
    if extension == ".xlsx":
        table = _read_xlsx(data, path.name)
    else:
        table = _read_delimited(data, path.name, tabs=extension == ".tsv")
    return _checked(table, path.name)


def _read_delimited(data: bytes, filename: str, *, tabs: bool) -> Table:
    decoded = decode_list(data, filename)
    text = decoded.text
    first, _, rest = text.lstrip("\r\n").partition("\n")
    named = excel_separator(first)
    if named is not None:
        text = rest  # Excel's "sep=;" line: the separator, not a row
    delimiter = named or ("\t" if tabs else _csv_delimiter(text))
    try:
        cells = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UnreadableList(f"{filename}: not a valid delimited file ({error})") from None
    return _split_header(cells, filename, decoded.encoding)


def _csv_delimiter(text: str) -> str:
    # The header row is the first line with text (blank lines above it are dropped).
    return delimiter_of(next((line for line in text.splitlines() if line.strip()), ""))


def _read_xlsx(data: bytes, filename: str) -> Table:
    # Imported here: openpyxl is slow to import and only spreadsheets need it.
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableList(f"{filename}: not a readable .xlsx workbook ({error})") from None
    sheet = book.worksheets[0]
    cells = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _split_header(cells, filename, "xlsx")


def _split_header(cells: list[list[str]], filename: str, encoding: str) -> Table:
    # Blank lines above the header are dropped; blank rows below it keep their row number.
    while cells and not any(cell.strip() for cell in cells[0]):
        cells.pop(0)
    if not cells:
        raise UnreadableList(f"{filename}: the file is empty; export the list again")
    return Table([h.strip() for h in cells[0]], cells[1:], encoding)


def _cell_text(value: object) -> str:
    # Spreadsheets store 1340 as the float 1340.0; the list wrote "1340".
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _checked(table: Table, filename: str) -> Table:
    if not any(any(cell.strip() for cell in row) for row in table.rows):
        raise UnreadableList(f"{filename}: the file has a header line but no rows")
    width = len(table.headers)
    for number, row in enumerate(table.rows, start=1):
        # A cell beyond the header is a value with no column: most often a name written
        # "Rezaei, Hossein" without quotes, which would shift every later cell of the row.
        if any(cell.strip() for cell in row[width:]):
            fields = max(i + 1 for i, cell in enumerate(row) if cell.strip())
            raise UnreadableList(
                f"{filename}: row {number}: {fields} fields but the header "
                f"has {width}; a value holding the separator must be quoted "
                '("Rezaei, Hossein"), or the header needs one more column'
            )
    named = [h for h in table.headers if h]
    if len(set(named)) != len(named):
        repeated = sorted({h for h in named if named.count(h) > 1})
        raise UnreadableList(f"{filename}: the column {repeated[0]!r} appears twice; rename one")
    return table
