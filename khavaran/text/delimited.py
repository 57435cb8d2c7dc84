"""Which separator a delimited text file uses, read from its header row."""

from __future__ import annotations

import re

# Commas; semicolons (what spreadsheets set to many European locales save as "CSV"); tabs.
DELIMITERS = (",", ";", "\t")


def delimiter_of(header_line: str) -> str:
    """The separator the header row uses most; a comma when it uses none (one column)."""
    return max(DELIMITERS, key=header_line.count)


# What Excel writes above the header in locales whose list separator is not a comma, and
# reads back as the file's separator: "sep=;".
_EXCEL_SEPARATOR = re.compile(r"sep=(.)\s*")


def excel_separator(line: str) -> str | None:
    """The separator a first line "sep=X" names, or None when the line is not one."""
    found = _EXCEL_SEPARATOR.fullmatch(line.strip("\r\n\ufeff"))
    return found.group(1) if found else None


# A cell a spreadsheet would read as a formula: "=HYPERLINK(…)" in a file's own title runs
# when a custodian opens the report in Excel or LibreOffice.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text value that starts like a formula, with an apostrophe before it (which spreadsheets
    show as text and do not display); any other value as it is. For files people open in a
    spreadsheet, not for exports whose cells must stay byte-exact."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
