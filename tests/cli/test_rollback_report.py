"""After a killed ingest, the real `khavaran` command that rolls it back says so, once: the
rollback runs as each command starts, before `verify` looks."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from khavaran.evidence.storage import ContentStore
from tests.processes import isolated_env

pytestmark = pytest.mark.slow

KHAVARAN = [sys.executable, "-m", "khavaran.cli"]
DEAD_PID = 2**22 + 4343  # above pid_max's default, so no process has it


def khavaran(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KHAVARAN, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_verify_after_a_killed_ingest_says_what_was_rolled_back(tmp_path: Path) -> None:
    with isolated_env(tmp_path / "data") as env:
        assert khavaran(env, "sources").returncode == 0  # the data dir, migrated
        store = ContentStore(tmp_path / "data" / "originals")
        stored = store.put(io.BytesIO(b"an ingest killed before its row"), max_bytes=100)
        assert stored.intent is not None
        stored.intent.rename(store.pending / f"{stored.sha256}.{DEAD_PID}")

        verify = khavaran(env, "verify")

    line = f"rolled back an interrupted ingest: removed unrecorded original {stored.sha256}"
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert line in verify.stderr.splitlines()
    assert (verify.stdout + verify.stderr).count(line) == 1
    assert "all intact" in verify.stdout
    assert not stored.path.exists() and list(store.pending.iterdir()) == []
