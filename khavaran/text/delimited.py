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
