"""Row ids on the command line: whole numbers from 1 up to what the databases can hold.

A larger one would reach SQLite or PostgreSQL as an integer they cannot store and end in a
traceback; here it is refused in one line, naming the option.
"""

from __future__ import annotations

import click

from khavaran.ids import MAX_ID, fits_a_row_id

ROW_ID = click.IntRange(1, MAX_ID)


def parse_ids(values: tuple[str, ...], what: str) -> list[int]:
    """Ids written as repeated options or comma lists ("1,2 3"); a bad one refused in one line."""
    words = [word for value in values for word in value.replace(",", " ").split()]
    if not all(fits_a_row_id(word) and int(word) >= 1 for word in words):
        raise click.UsageError(
            f"{what} ids are whole numbers from 1 to {MAX_ID}, got {' '.join(values)!r}"
        )
    return [int(word) for word in words]
