"""Which separator a delimited text file uses, read from its header row."""

from __future__ import annotations

# Commas; semicolons (what spreadsheets set to many European locales save as "CSV"); tabs.
DELIMITERS = (",", ";", "\t")


def delimiter_of(header_line: str) -> str:
    """The separator the header row uses most; a comma when it uses none (one column)."""
    return max(DELIMITERS, key=header_line.count)
