"""Row ids on the command line: whole numbers from 1 up to what the databases can hold.

A larger one would reach SQLite or PostgreSQL as an integer they cannot store and end in a
traceback; here it is refused in one line, naming the option.
"""

from __future__ import annotations

from typing import Any

import click

from khavaran.ids import MAX_ID, row_id


class RowId(click.ParamType):  # type: ignore[type-arg]
    """An id argument or option, read as `row_id` reads one (Persian digits too)."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = row_id(value)
        if number is None or number < 1:
            self.fail(f"{value!r} is not a whole number from 1 to {MAX_ID}", param, ctx)
        return number


ROW_ID = RowId()


def parse_ids(values: tuple[str, ...], what: str) -> list[int]:
    """Ids written as repeated options or comma lists ("1,2 3"); a bad one refused in one line."""
    words = [word for value in values for word in value.replace(",", " ").split()]
    ids = [row_id(word) for word in words]
    if not all(number is not None and number >= 1 for number in ids):
        raise click.UsageError(
            f"{what} ids are whole numbers from 1 to {MAX_ID}, got {' '.join(values)!r}"
        )
    return [number for number in ids if number is not None]
