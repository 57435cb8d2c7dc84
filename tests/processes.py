"""Environments for tests that run the real `khavaran` command in subprocesses: each gets its
own data dir and, when the suite runs on PostgreSQL, its own freshly created database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def isolated_env(data_dir: Path) -> Iterator[dict[str, str]]:
    server_url = os.environ.get("KHAVARAN_DATABASE_URL", "")
    env = {**os.environ, "KHAVARAN_DATA_DIR": str(data_dir), "KHAVARAN_USER": "e2e"}
    if not server_url.startswith("postgres"):
        env.pop("KHAVARAN_DATABASE_URL", None)
        yield env
        return
    import psycopg

    database = f"khavaran_e2e_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    env["KHAVARAN_DATABASE_URL"] = server_url.rsplit("/", 1)[0] + "/" + database
    try:
        yield env
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
