"""A database that cannot be reached, or a URL that names none, stops every command (serve too)
with one line that says what is wrong, and never the password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KHAVARAN = [sys.executable, "-m", "khavaran.cli"]


def khavaran(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KHAVARAN_DATA_DIR": str(tmp_path), "KHAVARAN_DATABASE_URL": url}
    return subprocess.run(
        [*KHAVARAN, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "s3cret" not in line and "Traceback" not in line
    return line


@pytest.mark.parametrize("command", [["sources"], ["serve", "--port", "0"]])
def test_a_server_that_is_not_there_is_one_line(tmp_path: Path, command: list[str]) -> None:
    url = "postgres://khavaran:s3cret@127.0.0.1:1/khavaran"
    line = one_line(khavaran(tmp_path, url, *command))
    assert line.startswith("Error: cannot use the database postgres://khavaran:***@127.0.0.1:1/")
    assert "port 1 failed" in line


def test_a_misspelt_database_url_is_one_line(tmp_path: Path) -> None:
    line = one_line(khavaran(tmp_path, "postgress://khavaran:s3cret@db/khavaran", "sources"))
    assert line.startswith("KHAVARAN_DATABASE_URL 'postgress://khavaran:***@db/khavaran'")


@pytest.mark.postgres
def test_a_database_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    server = os.environ.get("KHAVARAN_DATABASE_URL", "")
    if not server.startswith("postgres"):
        pytest.skip("needs KHAVARAN_DATABASE_URL pointing at PostgreSQL")
    url = server.rsplit("/", 1)[0] + "/khavaran_no_such_database"
    line = one_line(khavaran(tmp_path, url, "sources"))
    assert 'database "khavaran_no_such_database" does not exist' in line
