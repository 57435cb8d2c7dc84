"""A full disk under an SQLite database: opening it is the documented one line, not a traceback
(SQLite calls it a "disk I/O error"), and `verify` and `backup` can still read it.

The full disk is simulated (`bootstrap.disk_full`); a real one was checked by hand on a 3 MB
tmpfs (the report's F2)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError

from khavaran.cli.main import database_problem
from khavaran.config import apps, bootstrap

FULL = "the database's disk is full ({}): free some space and run the command again"


def wal_database(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    return path


class Recording:
    """A database connection as `_tune_sqlite` sees it, recording what it runs."""

    vendor = "sqlite"

    def __init__(self, name: Path, fail: str = "") -> None:
        self.settings_dict = {"NAME": str(name)}
        self.ran: list[str] = []
        self.fail = fail

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        yield self

    def execute(self, sql: str) -> None:
        if self.fail and self.fail in sql:
            raise OperationalError("disk I/O error")
        self.ran.append(sql)


def test_a_database_already_in_wal_mode_is_opened_without_a_write(tmp_path: Path) -> None:
    connection = Recording(wal_database(tmp_path / "khavaran.sqlite3"))
    apps._tune_sqlite(None, connection)
    assert connection.ran == ["PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"]


def test_a_new_database_is_switched_to_wal(tmp_path: Path) -> None:
    connection = Recording(tmp_path / "khavaran.sqlite3")
    apps._tune_sqlite(None, connection)
    assert connection.ran[0] == "PRAGMA journal_mode=WAL"


def test_a_wal_switch_refused_by_a_full_disk_is_the_disk_full_line(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(bootstrap, "disk_full", lambda path, below=0: True)
    connection = Recording(tmp_path / "khavaran.sqlite3", fail="journal_mode")
    with pytest.raises(sqlite3.OperationalError) as refused:
        apps._tune_sqlite(None, connection)
    assert database_problem(refused.value) == FULL.format("database or disk is full")


def test_a_wal_switch_that_fails_with_room_on_the_disk_is_not_called_full(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(bootstrap, "disk_full", lambda path, below=0: False)
    connection = Recording(tmp_path / "khavaran.sqlite3", fail="journal_mode")
    with pytest.raises(OperationalError, match="disk I/O error"):
        apps._tune_sqlite(None, connection)


def shm_error() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = sqlite3.SQLITE_IOERR_SHMSIZE  # type: ignore[attr-defined]
    return error


def test_an_io_error_on_a_full_disk_is_the_disk_full_line(monkeypatch: Any) -> None:
    # An SQLite deployment's, whatever database this suite runs on.
    monkeypatch.delenv("KHAVARAN_DATABASE_URL", raising=False)
    monkeypatch.setattr(bootstrap, "disk_full", lambda path, below=0: True)
    assert database_problem(shm_error()) == FULL.format("disk I/O error")


def test_an_io_error_with_room_on_the_disk_stays_an_error(monkeypatch: Any) -> None:
    monkeypatch.delenv("KHAVARAN_DATABASE_URL", raising=False)
    monkeypatch.setattr(bootstrap, "disk_full", lambda path, below=0: False)
    assert database_problem(shm_error()) is None


def test_a_closed_wal_database_on_a_full_disk_may_be_read_as_it_is(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(bootstrap, "disk_full", lambda path, below=0: True)
    path = wal_database(tmp_path / "khavaran.sqlite3")
    assert bootstrap.closed_by_a_full_disk(path)
    # Open elsewhere (a running server): its shared memory is there, and it may write.
    live = sqlite3.connect(path)
    live.execute("INSERT INTO t VALUES (1)")
    live.commit()
    assert not bootstrap.closed_by_a_full_disk(path)
    live.close()
    monkeypatch.setattr(bootstrap, "disk_full", lambda path, below=0: False)
    assert not bootstrap.closed_by_a_full_disk(path)


SIMULATED = """
import sys
from khavaran.config import bootstrap
bootstrap.disk_full = lambda path, below=0: True
from khavaran.cli.main import main
try:
    main(sys.argv[1:])
finally:
    from django.db import connection
    print("opened", connection.settings_dict["NAME"], file=sys.stderr)
"""


@pytest.mark.slow
def test_verify_reads_a_database_on_a_full_disk_as_it_is(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KHAVARAN_DATABASE_URL"}
    env["KHAVARAN_DATA_DIR"] = str(tmp_path / "data")
    (tmp_path / "report.txt").write_text("Testimony about Evin prison, 1988.", encoding="utf-8")
    ingest = [sys.executable, "-m", "khavaran.cli", "ingest", str(tmp_path / "report.txt")]
    assert subprocess.run(ingest, env=env, capture_output=True, check=False).returncode == 0

    verify = subprocess.run(
        [sys.executable, "-c", SIMULATED, "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert verify.returncode == 0, verify.stderr
    assert "all intact" in verify.stdout
    # Read as it is: SQLite makes no shared-memory file, which a full disk has no room for.
    database = tmp_path / "data" / "khavaran.sqlite3"
    assert verify.stderr.splitlines()[-1] == f"opened file:{database}?immutable=1"
