"""Row ids as people type them: whole numbers up to what the databases can store.

Only the digits 0-9 count, and the Persian and Arabic-Indic ones a Persian keyboard types
("۱۲", "١٢", read as 12). `str.isdigit()` also passes "²" and "①", which `int()` refuses: a
traceback, or a 500. A longer number must read as "no such row", not reach SQLite or
PostgreSQL as an integer they cannot hold.
"""

from __future__ import annotations

from typing import Any

MAX_ID = 2**63 - 1  # SQLite's INTEGER and PostgreSQL's bigint
# Persian (U+06F0-06F9) and Arabic-Indic (U+0660-0669) digits, as the ASCII ones.
_EASTERN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ASCII_DIGITS = frozenset("0123456789")


def row_id(value: Any) -> int | None:
    """The row id ``value`` is written as, or None when it is none.

    Example: ``row_id(" 12")``, ``row_id("۱۲")`` and ``row_id("١٢")`` are 12; ``row_id("²")``,
    ``row_id("①")``, ``row_id("-1")`` and a 30-digit number are None.
    """
    text = str(value).strip().translate(_EASTERN_DIGITS)
    if not text or not set(text) <= _ASCII_DIGITS or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def fits_a_row_id(value: Any) -> bool:
    """Whether ``value`` is written as a whole number a row id can be (see `row_id`)."""
    return row_id(value) is not None
