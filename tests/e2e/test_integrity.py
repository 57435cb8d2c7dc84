"""Nothing is lost: a killed ingest leaves no trace, verify catches tampering, and a backup
restores into an empty data dir."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import KHAVARAN, run

pytestmark = pytest.mark.slow


def stored_originals(data_dir: Path) -> list[Path]:
    return [p for p in (data_dir / "originals" / "objects").glob("*/*/*")]


def source_rows(env: dict[str, str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in run(env, "sources", "--json").stdout.splitlines()]


def behind_the_log(env: dict[str, str], statement: str) -> None:
    """Run one SQL statement on the data dir's database, as someone bypassing Khavaran would."""
    edit = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    c.execute({statement!r})\n"
    )
    subprocess.run(
        [*KHAVARAN[:1], "manage.py", "shell", "-c", edit],
        env=env,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_an_ingest_killed_part_way_leaves_no_orphan_row_and_no_stray_file(make_env, tmp_path):
    env = make_env("data")
    data_dir = Path(env["KHAVARAN_DATA_DIR"])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"doc-{i:04}.txt").write_text(
            f"Report {i}: testimony about Evin prison. " * 40, encoding="utf-8"
        )
    run(env, "sources")  # create the data dir first so the kill lands inside the ingest
    process = subprocess.Popen(
        [*KHAVARAN, "ingest", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(stored_originals(data_dir)) < 25 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < len(stored_originals(data_dir)) < 400

    verify = run(env, "verify", check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    rows = source_rows(env)
    assert sorted(r["sha256"] for r in rows) == sorted(p.name for p in stored_originals(data_dir))
    assert list((data_dir / "originals" / "tmp").iterdir()) == []
    assert list((data_dir / "originals" / "pending").iterdir()) == []


def test_verify_names_a_flipped_byte_in_an_original(make_env, tmp_path):
    env = make_env("data")
    (tmp_path / "report.txt").write_text("The original testimony, untouched.", encoding="utf-8")
    run(env, "ingest", str(tmp_path / "report.txt"))
    assert run(env, "verify").returncode == 0
    original = stored_originals(Path(env["KHAVARAN_DATA_DIR"]))[0]
    original.chmod(0o644)
    data = bytearray(original.read_bytes())
    data[5] ^= 0x01
    original.write_bytes(bytes(data))
    result = run(env, "verify", check=False)
    assert result.returncode == 1
    assert "FAIL source 1 (restricted, " in result.stderr and "altered" in result.stderr
    assert "report.txt" not in result.stderr


def test_verify_names_a_missing_original(make_env, tmp_path):
    env = make_env("data")
    (tmp_path / "report.txt").write_text("Soon to be lost.", encoding="utf-8")
    run(env, "ingest", str(tmp_path / "report.txt"))
    stored_originals(Path(env["KHAVARAN_DATA_DIR"]))[0].unlink()
    result = run(env, "verify", check=False)
    assert result.returncode == 1 and "missing" in result.stderr


def test_verify_names_an_edited_audit_row(make_env, tmp_path):
    env = make_env("data")
    (tmp_path / "report.txt").write_text("Audited words.", encoding="utf-8")
    run(env, "ingest", str(tmp_path / "report.txt"))
    # The trigger that refuses it goes first, as an attacker who owns the database file would.
    on_table = " ON audit_auditevent" if env.get("KHAVARAN_DATABASE_URL") else ""
    behind_the_log(env, f"DROP TRIGGER audit_auditevent_no_update{on_table}")
    behind_the_log(env, "UPDATE audit_auditevent SET actor = 'mallory' WHERE seq = 1")
    result = run(env, "verify", check=False)
    assert result.returncode == 1
    assert "audit event #1" in result.stderr and "altered" in result.stderr


def test_verify_names_a_source_made_public_in_the_database_behind_the_log(make_env, tmp_path):
    env = make_env("data")
    (tmp_path / "testimony.txt").write_text("A witness speaks.", encoding="utf-8")
    run(env, "ingest", str(tmp_path / "testimony.txt"), "--confidentiality", "confidential")
    assert "all intact" in run(env, "verify").stdout
    behind_the_log(env, "UPDATE evidence_source SET confidentiality = 'public'")
    result = run(env, "verify", check=False)
    assert result.returncode == 1
    assert (
        "FAIL evidence.Source 1: changed outside Khavaran: confidentiality differs from what the "
        "audit log last recorded"
    ) in result.stderr


def test_backup_then_restore_into_an_empty_data_dir_round_trips(make_env, tmp_path):
    first = make_env("first")
    (tmp_path / "a.txt").write_text("First report on Gohardasht prison.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("گزارش دوم درباره زندان اوین", encoding="utf-8")
    run(first, "ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    archive = tmp_path / "backup.tar"
    run(first, "backup", str(archive))

    second = make_env("second")
    run(second, "restore", str(archive))
    assert run(second, "verify").returncode == 0
    assert source_rows(second) == source_rows(first)
    hits = run(second, "search", "اوین", "--json").stdout.splitlines()
    assert len(hits) == 1


def test_restore_refuses_a_data_dir_that_has_data(make_env, tmp_path):
    env = make_env("data")
    (tmp_path / "a.txt").write_text("Some report.", encoding="utf-8")
    run(env, "ingest", str(tmp_path / "a.txt"))
    run(env, "backup", str(tmp_path / "b.tar"))
    result = run(env, "restore", str(tmp_path / "b.tar"), check=False)
    assert result.returncode == 1 and "not empty" in result.stderr


def test_the_data_dir_is_closed_to_other_accounts_on_the_machine(make_env):
    # The database holds witness names and sign-in sessions: with the usual umask it would be
    # readable by every local user.
    env = make_env("data")
    data_dir = Path(env["KHAVARAN_DATA_DIR"])
    data_dir.mkdir(mode=0o755, parents=True, exist_ok=True)
    data_dir.chmod(0o755)
    run(env, "sources")
    assert data_dir.stat().st_mode & 0o777 == 0o700
