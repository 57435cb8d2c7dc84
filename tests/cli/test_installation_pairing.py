"""The real `khavaran` command refuses a data dir and a database that do not belong together
before writing anything: a mistyped --data-dir beside the production database (stood in for
by an SQLite database outside the data dir), or a data dir whose database URL is missing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KHAVARAN = [sys.executable, "-m", "khavaran.cli"]


def khavaran(env: dict[str, str], data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KHAVARAN, "--data-dir", str(data_dir), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def production(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    """An installation whose database lives outside its data dir, with one source."""
    database = tmp_path / "server" / "khavaran.sqlite3"
    database.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "KHAVARAN_DATA_DIR"}
    env["KHAVARAN_DATABASE_URL"] = f"sqlite:///{database}"
    (tmp_path / "report.txt").write_text("Testimony about Evin prison, 1988.", encoding="utf-8")
    data = tmp_path / "data"
    assert khavaran(env, data, "ingest", str(tmp_path / "report.txt")).returncode == 0
    return env, data, database


def sources_in(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM evidence_source").fetchone()[0])


def test_an_ingest_into_a_mistyped_data_dir_is_refused_and_creates_nothing(
    production: tuple[dict[str, str], Path, Path], tmp_path: Path
) -> None:
    env, _, database = production
    (tmp_path / "other.txt").write_text("Another testimony.", encoding="utf-8")
    typo = tmp_path / "dta"

    ingest = khavaran(env, typo, "ingest", str(tmp_path / "other.txt"))

    assert ingest.returncode == 1
    assert ingest.stderr.splitlines() == [
        f"Error: the SQLite database {database} already holds Khavaran data but the data dir "
        f"{typo} is new (its originals are elsewhere; a new data dir needs a new, empty "
        "database): check --data-dir (or KHAVARAN_DATA_DIR) and KHAVARAN_DATABASE_URL; "
        "nothing was written"
    ]
    assert not typo.exists()
    assert sources_in(database) == 1


def test_a_data_dir_without_its_database_url_is_refused_and_gets_no_database(
    production: tuple[dict[str, str], Path, Path],
) -> None:
    env, data, _ = production
    env = {k: v for k, v in env.items() if k != "KHAVARAN_DATABASE_URL"}

    listing = khavaran(env, data, "sources")

    assert listing.returncode == 1
    [line] = listing.stderr.splitlines()
    assert f"the data dir {data} holds Khavaran data but the SQLite database" in line
    assert "KHAVARAN_DATABASE_URL is probably not set" in line
    assert not (data / "khavaran.sqlite3").exists()


def test_an_installation_from_before_the_id_is_adopted_then_guarded(
    production: tuple[dict[str, str], Path, Path], tmp_path: Path
) -> None:
    env, data, database = production
    # As an earlier version left it: no id on either side.
    (data / "installation_id").unlink()
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TABLE khavaran_installation")

    assert khavaran(env, data, "sources").returncode == 0

    with sqlite3.connect(database) as connection:
        [(kept,)] = connection.execute("SELECT installation FROM khavaran_installation")
    assert (data / "installation_id").read_text().strip() == kept
    refused = khavaran(env, tmp_path / "typo", "sources")
    assert refused.returncode == 1 and "is new" in refused.stderr


def test_a_pairing_cut_short_before_the_data_dirs_id_is_completed_not_refused(
    production: tuple[dict[str, str], Path, Path],
) -> None:
    # The database's id is written first; a command killed (or a full disk) before the data
    # dir's copy must not lock the operator out for good.
    env, data, _ = production
    (data / "installation_id").unlink()
    listing = khavaran(env, data, "sources", "--json")
    assert listing.returncode == 0, listing.stderr
    assert '"title": "report"' in listing.stdout
    assert (data / "installation_id").is_file()


def test_a_mistyped_sqlite_database_url_is_refused_and_leaves_no_file(
    production: tuple[dict[str, str], Path, Path], tmp_path: Path
) -> None:
    env, data, _ = production
    typo = tmp_path / "server" / "khavaran.sqlite"
    env = env | {"KHAVARAN_DATABASE_URL": f"sqlite:///{typo}"}

    listing = khavaran(env, data, "sources")

    assert listing.returncode == 1 and "is not its database" in listing.stderr
    assert not typo.exists()
