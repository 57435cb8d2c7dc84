"""Where Splink runs: the DuckDB connection's spill folder does not outlive it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from khavaran.engines.linkage.backends import BackendError, database_api


@pytest.mark.parametrize("memory_limit", ["1GB", None])
def test_duckdb_spills_to_a_temporary_folder_removed_with_the_connection(
    memory_limit: str | None,
) -> None:
    # Without a folder of its own, DuckDB spills to ".tmp" in the working directory, and a
    # killed run leaves its files (tens of GB) in the user's folder.
    api = database_api("duckdb", memory_limit=memory_limit)
    connection = api._con  # type: ignore[attr-defined]  # DuckDBAPI's connection
    setting = connection.execute("SELECT current_setting('temp_directory')").fetchone()
    assert setting is not None
    spill = Path(setting[0])
    assert spill.is_dir() and spill.name.startswith("khavaran-duckdb-")
    del api, connection
    gc.collect()
    assert not spill.exists()


def test_an_unknown_backend_is_named_in_the_error() -> None:
    with pytest.raises(BackendError, match="backend 'sqlite' is unknown; use one of duckdb, spark"):
        database_api("sqlite")
