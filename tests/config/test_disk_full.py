"""A full disk under the database is one line from any command, and a statistics refresh that
fails after the data is saved is a warning, not a failure."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import click
import pytest
from django.db import OperationalError, connection

from khavaran.cli import main as entry
from khavaran.config.statistics import refresh_statistics

pytestmark = [
    # Not in a test transaction: SQLite rolls back the whole transaction on SQLITE_FULL.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'sqlite'", reason="fills an SQLite database"),
]


@pytest.fixture
def full_database() -> Iterator[None]:
    """The database can grow no more and its pages are full, as on a full disk (SQLite answers
    SQLITE_FULL, "database or disk is full")."""
    with connection.cursor() as cursor:
        # An earlier test's ANALYZE left its statistics tables, which a new ANALYZE could
        # rewrite in place: without them, it needs new pages, as on a first refresh.
        for table in ("sqlite_stat1", "sqlite_stat4"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute("CREATE TABLE filler (bytes BLOB)")
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        for size in (4096, 512, 64, 8, 1):
            _fill(cursor, size)
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count = 4294967294")
        cursor.execute("DROP TABLE IF EXISTS filler")


def _fill(cursor: Any, size: int) -> None:
    while True:
        try:
            cursor.execute("INSERT INTO filler VALUES (zeroblob(%s))", [size])
        except OperationalError:
            return


def run_main(capsys: Any, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stopped:
        entry.main(list(args))
    return int(stopped.value.code or 0), capsys.readouterr().err


@click.command("grow")
def grow() -> None:
    """Writes into the full database, as `user add` or `ingest` would."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO filler VALUES (zeroblob(4096))")


def test_a_full_sqlite_database_is_one_line_from_any_command(
    full_database: None, monkeypatch: Any, capsys: Any
) -> None:
    monkeypatch.setitem(entry.COMMANDS, "grow", f"{__name__}:grow")
    code, said = run_main(capsys, "grow")
    assert code == 1
    assert said.splitlines() == [
        "Error: the database's disk is full (database or disk is full): free some space and "
        "run the command again"
    ]


def test_a_failed_statistics_refresh_is_a_warning_and_leaves_the_connection_usable(
    full_database: None, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger="khavaran.config.statistics"):
        assert refresh_statistics() is False
    [record] = caplog.records
    assert "database or disk is full" in record.getMessage()
    assert "saved" in record.getMessage()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_statistics_are_refreshed_when_there_is_room() -> None:
    assert refresh_statistics() is True


@click.command("fill")
def fill() -> None:
    """Fails as PostgreSQL does when its disk is full (no such server here)."""
    import psycopg.errors

    raise OperationalError("could not extend file") from psycopg.errors.DiskFull(
        'could not extend file "base/16384/2619": No space left on device'
    )


def test_postgresqls_disk_full_is_one_line_too(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setitem(entry.COMMANDS, "fill", f"{__name__}:fill")
    code, said = run_main(capsys, "fill")
    assert code == 1
    assert said.startswith("Error: the database's disk is full (could not extend file")
    assert len(said.splitlines()) == 1
