"""End-to-end tests run the real `khavaran` command in subprocesses, each on its own data dir
and, when the suite runs on PostgreSQL, its own freshly created database."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

KHAVARAN = [sys.executable, "-m", "khavaran.cli"]


@pytest.fixture
def make_env(tmp_path: Path) -> Iterator[Callable[[str], dict[str, str]]]:
    server_url = os.environ.get("KHAVARAN_DATABASE_URL", "")
    created: list[str] = []

    def make(name: str) -> dict[str, str]:
        env = {**os.environ, "KHAVARAN_DATA_DIR": str(tmp_path / name), "KHAVARAN_USER": "e2e"}
        if server_url.startswith("postgres"):
            import psycopg

            database = f"khavaran_e2e_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            created.append(database)
            env["KHAVARAN_DATABASE_URL"] = server_url.rsplit("/", 1)[0] + "/" + database
        else:
            env.pop("KHAVARAN_DATABASE_URL", None)
        return env

    yield make
    if created:
        import psycopg

        with psycopg.connect(server_url, autocommit=True) as conn:
            for database in created:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*KHAVARAN, *args], env=env, capture_output=True, text=True, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"khavaran {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result
