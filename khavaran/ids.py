"""Row ids as people type them: whole numbers up to what the databases can store.

A longer number must read as "no such row", not reach SQLite or PostgreSQL as an integer they
cannot hold (a traceback, or a 500).
"""

from __future__ import annotations

from typing import Any

MAX_ID = 2**63 - 1  # SQLite's INTEGER and PostgreSQL's bigint


def fits_a_row_id(value: Any) -> bool:
    """Whether ``value`` is written as a whole number a row id can be."""
    text = str(value).strip()
    return text.isdigit() and int(text) <= MAX_ID
