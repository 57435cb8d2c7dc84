"""Which level of a comparison two records take: what the model would see of a pair."""

from __future__ import annotations

import duckdb
import pandas as pd

from khavaran.engines.linkage.records import prepare
from khavaran.engines.linkage.settings import comparisons


def level_of(left: dict[str, str], right: dict[str, str], comparison: str) -> str:
    """The level of ``comparison`` that two records take: as Splink does, the first level
    (after the null level) whose SQL holds."""
    rows = [
        left | {"list_name": "x", "record_id": "1"},
        right | {"list_name": "x", "record_id": "2"},
    ]
    table = prepare(pd.DataFrame(rows)).table
    pair = pd.concat(
        [table.iloc[[0]].add_suffix("_l").reset_index(drop=True),
         table.iloc[[1]].add_suffix("_r").reset_index(drop=True)],
        axis=1,
    )  # fmt: skip
    built = [c.get_comparison("duckdb") for c in comparisons()]
    levels = next(c for c in built if c.output_column_name == comparison).comparison_levels
    connection = duckdb.connect()
    connection.register("pair", pair)
    for level in levels:
        if level.is_null_level:
            continue
        if level.sql_condition.strip().upper() == "ELSE":
            return str(level.label_for_charts)
        if connection.execute(f"SELECT {level.sql_condition} FROM pair").fetchone() == (True,):
            return str(level.label_for_charts)
    raise AssertionError("no level holds")
