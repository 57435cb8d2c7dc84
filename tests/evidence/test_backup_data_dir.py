"""`backup` and `verify` on the wrong data dir or a write-protected one: a dir with no Khavaran
data is refused in one line, creating nothing there (a cron job missing its database variable
must not back up an empty database it just made); a read-only copy is checked and backed up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import isolated_env

pytestmark = pytest.mark.slow

KHAVARAN = [sys.executable, "-m", "khavaran.cli"]
DEAD_PID = 2**22 + 4343  # above pid_max's default, so no process has it


def khavaran(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KHAVARAN, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def used_data_dir(env: dict[str, str], tmp_path: Path) -> Path:
    (tmp_path / "report.txt").write_text("Testimony about Evin prison, 1988.", encoding="utf-8")
    assert khavaran(env, "ingest", str(tmp_path / "report.txt")).returncode == 0
    return Path(env["KHAVARAN_DATA_DIR"])


def test_verify_refuses_a_data_dir_that_is_not_there_and_does_not_create_it(tmp_path):
    with isolated_env(tmp_path / "typo") as env:
        verify = khavaran(env, "verify")

    assert verify.returncode == 1
    assert verify.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'typo'}: no such data dir (check --data-dir or KHAVARAN_DATA_DIR)"
    ]
    assert "all intact" not in verify.stdout
    assert not (tmp_path / "typo").exists()


def test_backup_refuses_the_originals_of_a_database_it_is_not_pointed_at(tmp_path):
    with isolated_env(tmp_path / "data") as env:
        data_dir = used_data_dir(env, tmp_path)
    # The same data dir, as a cron job without KHAVARAN_DATABASE_URL sees it (on SQLite: its
    # database file gone elsewhere).
    (data_dir / "khavaran.sqlite3").unlink(missing_ok=True)
    before = sorted(p.name for p in data_dir.iterdir())
    env = {k: v for k, v in os.environ.items() if k != "KHAVARAN_DATABASE_URL"}
    env["KHAVARAN_DATA_DIR"] = str(data_dir)

    backup = khavaran(env, "backup", str(tmp_path / "nightly.tar"))

    assert backup.returncode == 1
    assert backup.stderr.strip().splitlines() == [
        f"Error: {data_dir} holds 1 original but no database (khavaran.sqlite3): "
        "KHAVARAN_DATABASE_URL is probably not set as it was for the commands that stored them; "
        "no backup was written"
    ]
    assert not (tmp_path / "nightly.tar").exists()
    assert sorted(p.name for p in data_dir.iterdir()) == before


def test_backup_and_verify_refuse_an_empty_database_and_leave_it_empty(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with isolated_env(data_dir) as env:
        if "KHAVARAN_DATABASE_URL" not in env:
            (data_dir / "khavaran.sqlite3").touch()
        backup = khavaran(env, "backup", str(tmp_path / "nightly.tar"))
        verify = khavaran(env, "verify")
        # Nothing was created in it: the next command finds no table either.
        again = khavaran(env, "verify")

    for result in (backup, verify, again):
        assert result.returncode == 1
        assert f"Error: {data_dir} holds no Khavaran data yet (an empty database" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nightly.tar").exists()


def test_verify_refuses_a_database_that_never_recorded_the_originals_beside_it(tmp_path):
    with isolated_env(tmp_path / "data") as env:
        data_dir = used_data_dir(env, tmp_path)
    fresh = tmp_path / "fresh"
    with isolated_env(fresh) as env:
        assert khavaran(env, "sources").returncode == 0  # a migrated, never used database
        shutil.copytree(data_dir / "originals", fresh / "originals", dirs_exist_ok=True)

        verify = khavaran(env, "verify")

    assert verify.returncode == 1
    assert verify.stderr.strip().startswith(
        f"Error: {fresh} holds 1 original but a database that never recorded anything"
    )


def read_only_mounts() -> bool:
    """Whether a private mount namespace with a read-only bind mount can be made here (root)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def on_read_only(
    data_dir: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    """Run `khavaran ARGS` on DATA_DIR mounted read-only (in a mount namespace of its own)."""
    view = data_dir.with_name(f"{data_dir.name}-read-only")
    view.mkdir(exist_ok=True)
    command = [*KHAVARAN, "--data-dir", str(view), *args]
    script = 'mount --bind -o ro "$1" "$2" && shift 2 && exec "$@"'
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(data_dir), str(view), *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not read_only_mounts(), reason="needs root to mount a read-only view")
def test_verify_and_backup_work_on_a_read_only_data_dir_and_say_what_they_skip(tmp_path):
    with isolated_env(tmp_path / "data") as env:
        data_dir = used_data_dir(env, tmp_path)
        # An ingest killed before its row committed: rolling it back needs writing.
        pending = data_dir / "originals" / "pending"
        sha = next((data_dir / "originals" / "objects").glob("*/*/*")).name
        (pending / f"{sha}.{DEAD_PID}.0a0b").touch()

        verify = on_read_only(data_dir, env, "verify")
        backup = on_read_only(data_dir, env, "backup", str(tmp_path / "copy.tar"))
        sources = on_read_only(data_dir, env, "sources")

    note = "note: read-only data dir: interrupted writes not recovered"
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "checked 1 originals" in verify.stdout and "all intact" in verify.stdout
    assert note in verify.stderr.splitlines()
    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert "backup written to" in backup.stdout and (tmp_path / "copy.tar").exists()
    assert note in backup.stderr.splitlines()
    assert sources.returncode == 0, sources.stdout + sources.stderr
    assert "report" in sources.stdout
