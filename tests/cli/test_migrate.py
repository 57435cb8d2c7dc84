"""Upgrading: no command but `khavaran migrate` applies a new version's migrations to a
database that holds data (a backup or the nightly verify must not migrate it silently); it
names what it applied, and a migration that fails is one line, the database as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KHAVARAN = [sys.executable, "-m", "khavaran.cli"]
PENDING = (
    "Error: the database needs `khavaran migrate` (1 pending: web.0001_initial); back it up "
    "first with the previous version of Khavaran (docs/upgrading.md)"
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An SQLite data dir with one source, whose database has applied every migration."""
    env = {k: v for k, v in os.environ.items() if k != "KHAVARAN_DATABASE_URL"}
    env["KHAVARAN_DATA_DIR"] = str(tmp_path / "data")
    (tmp_path / "report.txt").write_text("Testimony about Evin prison, 1988.", encoding="utf-8")
    assert khavaran(env, "ingest", str(tmp_path / "report.txt")).returncode == 0
    return env


def khavaran(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KHAVARAN, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def database(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(Path(env["KHAVARAN_DATA_DIR"]) / "khavaran.sqlite3")


def applied(env: dict[str, str]) -> int:
    with database(env) as connection:
        return int(connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0])


def new_version_brings_a_migration(env: dict[str, str], *, drop_table: bool = True) -> None:
    """The database as the previous version left it, when this one adds web.0001 (without
    its table, or, for a migration that fails, with it)."""
    with database(env) as connection:
        connection.execute("DELETE FROM django_migrations WHERE app = 'web'")
        if drop_table:
            connection.execute("DROP TABLE web_sitesettings")


@pytest.mark.parametrize(
    "command", [["verify"], ["backup", "PATH"], ["sources"], ["serve", "--port", "0"]]
)
def test_every_other_command_refuses_pending_migrations_and_applies_none(
    env: dict[str, str], tmp_path: Path, command: list[str]
) -> None:
    new_version_brings_a_migration(env)
    before = applied(env)
    args = [str(tmp_path / "pre-upgrade.tar") if a == "PATH" else a for a in command]

    result = khavaran(env, *args)

    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(PENDING)
    assert applied(env) == before
    assert not (tmp_path / "pre-upgrade.tar").exists()


def test_migrate_applies_the_pending_migrations_and_names_them(env: dict[str, str]) -> None:
    new_version_brings_a_migration(env)
    before = applied(env)

    migrate = khavaran(env, "migrate")
    again = khavaran(env, "migrate")

    assert migrate.returncode == 0, migrate.stderr
    assert migrate.stdout.splitlines() == ["applied web.0001_initial", "1 migration applied"]
    assert applied(env) == before + 1
    assert again.stdout.splitlines() == ["nothing to apply: the database is up to date"]
    verify = khavaran(env, "verify")
    assert verify.returncode == 0 and "all intact" in verify.stdout


def test_a_failing_migration_is_one_line_and_leaves_the_database_as_it_was(
    env: dict[str, str],
) -> None:
    # Its table is already there: creating it fails.
    new_version_brings_a_migration(env, drop_table=False)
    before = applied(env)

    migrate = khavaran(env, "migrate")

    assert migrate.returncode == 1
    assert migrate.stderr.splitlines() == [
        'Error: migration web.0001_initial failed: OperationalError: table "web_sitesettings" '
        "already exists; the database was left as it was: go back to the previous version of "
        "Khavaran, or fix the cause and run `khavaran migrate` again"
    ]
    assert applied(env) == before


def test_a_new_data_dir_is_migrated_by_its_first_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KHAVARAN_DATABASE_URL"}
    env["KHAVARAN_DATA_DIR"] = str(tmp_path / "new")

    listing = khavaran(env, "user", "list")

    assert listing.returncode == 0, listing.stderr
    with database(env) as connection:
        assert connection.execute("SELECT count(*) FROM web_sitesettings").fetchone() == (0,)
