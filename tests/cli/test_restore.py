"""`khavaran restore`: a backup is checked whole against its manifest before anything is written,
so a damaged, altered or incomplete backup gets one clear line and leaves the data dir as it was;
and it goes only into a data dir nothing has been written to, which it would otherwise merge with
and overwrite."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from khavaran.accounts.models import User
from khavaran.audit.chain import GENESIS
from khavaran.audit.models import AuditEvent, ChainHead
from khavaran.evidence.actions import _store_at, get_store
from khavaran.evidence.models import Source
from tests.processes import isolated_env

# A restore flushes the database; PostgreSQL refuses that inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(khavaran, settings, tmp_path) -> Path:
    """A backup of two ingested files, then an empty database and a fresh data dir to restore to."""
    (tmp_path / "a.txt").write_text("First report on Gohardasht prison.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("گزارش دوم درباره زندان اوین " * 2000, encoding="utf-8")
    assert khavaran("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")).exit_code == 0
    path = tmp_path / "backup.tar"
    assert khavaran("backup", str(path)).exit_code == 0
    call_command("flush", interactive=False, verbosity=0)
    settings.DATA_DIR = tmp_path / "restored"
    settings.DATA_DIR.mkdir()
    _store_at.cache_clear()
    return path


def entries(path: Path) -> list[tuple[str, bytes]]:
    with tarfile.open(path) as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar if m.isfile()]  # type: ignore[union-attr]


def write_tar(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def nothing_restored() -> bool:
    return not Source.objects.exists() and list(get_store().all_hashes()) == []


def assert_refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    line = result.output.strip()
    assert "\n" not in line and "Traceback" not in line, line
    assert "nothing was restored" in line
    for word in words:
        assert word in line, line
    assert nothing_restored()


def test_a_whole_backup_restores_and_verifies(khavaran, archive):
    result = khavaran("restore", str(archive))
    assert result.exit_code == 0, result.output
    assert "restored 2 originals" in result.output
    assert Source.objects.count() == 2
    assert khavaran("verify").exit_code == 0


def test_it_refuses_a_backup_with_an_altered_original_and_writes_nothing(khavaran, archive):
    members = entries(archive)
    name, data = members[-1]
    members[-1] = (name, data[:-1] + b"!")
    tampered = write_tar(archive.with_name("tampered.tar"), members)
    assert_refused(khavaran("restore", str(tampered)), "tampered.tar", name[len("originals/") :])


def test_it_refuses_a_backup_altered_after_its_first_original(khavaran, archive):
    members = entries(archive)
    originals = [i for i, (name, _) in enumerate(members) if name.startswith("originals/")]
    name, data = members[originals[-1]]
    members[originals[-1]] = (name, b"x" + data[1:])
    tampered = write_tar(archive.with_name("tampered.tar"), members)
    assert_refused(khavaran("restore", str(tampered)), "altered")


def test_it_refuses_a_truncated_backup(khavaran, archive):
    truncated = archive.with_name("truncated.tar")
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert_refused(khavaran("restore", str(truncated)), "truncated.tar", "truncated")


def test_it_refuses_a_backup_whose_originals_are_missing(khavaran, archive):
    members = [(n, d) for n, d in entries(archive) if not n.startswith("originals/")]
    incomplete = write_tar(archive.with_name("incomplete.tar"), members)
    assert_refused(
        khavaran("restore", str(incomplete)), "incomplete.tar", "lists 2 originals", "holds 0"
    )


def test_it_refuses_a_backup_missing_an_original_its_manifest_also_forgot(khavaran, archive):
    members = entries(archive)
    dropped = next(i for i, (n, _) in enumerate(members) if n.startswith("originals/"))
    del members[dropped]
    manifest = json.loads(dict(members)["manifest.json"])
    manifest["originals"] = 1
    members[0] = ("manifest.json", json.dumps(manifest).encode())
    incomplete = write_tar(archive.with_name("incomplete.tar"), members)
    assert_refused(khavaran("restore", str(incomplete)), "is missing")


def test_it_refuses_a_file_that_is_not_a_backup(khavaran, archive):
    junk = archive.with_name("junk.tar")
    junk.write_bytes(b"not a tar at all\n" * 100)
    assert_refused(khavaran("restore", str(junk)), "junk.tar", "not a Khavaran backup")


def test_a_database_that_cannot_be_loaded_takes_its_originals_back_out(khavaran, archive):
    members = entries(archive)
    rows = json.loads(dict(members)["database.json"])
    for row in rows:
        if row["model"] == "evidence.source":
            row["fields"]["title"] = None
    at = next(i for i, (n, _) in enumerate(members) if n == "database.json")
    members[at] = ("database.json", json.dumps(rows).encode())
    broken = write_tar(archive.with_name("broken.tar"), members)
    assert_refused(khavaran("restore", str(broken)), "database.json cannot be loaded")
    assert list(get_store().pending.iterdir()) == []


def test_a_refused_backup_does_not_even_create_the_data_dir(tmp_path):
    junk = tmp_path / "junk.tar"
    write_tar(junk, [("manifest.json", b'{"format": "khavaran-backup/1", "originals": 2}')])
    with isolated_env(tmp_path / "new") as env:
        result = subprocess.run(
            [sys.executable, "-m", "khavaran.cli", "restore", str(junk)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {junk}: not a Khavaran backup (it has no database.json); nothing was restored"
    )
    assert not (tmp_path / "new").exists()


def accounts_and_log() -> list[tuple[object, ...]]:
    users = User.objects.order_by("pk").values_list("pk", "username", "role", "password")
    events = AuditEvent.objects.order_by("seq").values_list("seq", "actor", "action", "hash")
    return [*users, *events]


def test_it_refuses_a_data_dir_that_holds_only_accounts_and_changes_nothing(
    khavaran, archive, account, monkeypatch
):
    # The data dir's own database (no KHAVARAN_DATABASE_URL), so the data dir is to blame.
    monkeypatch.delenv("KHAVARAN_DATABASE_URL", raising=False)
    account("zed", "admin")
    account("amy", "viewer")
    before = accounts_and_log()
    assert_refused(
        khavaran("restore", str(archive)),
        "this data dir is not empty (it holds 2 users, 2 audit events",
        "restore only into a new data dir",
    )
    assert accounts_and_log() == before


def test_it_refuses_a_data_dir_that_holds_only_a_web_session(khavaran, archive):
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["django_language"] = "fa"
    session.create()
    assert_refused(khavaran("restore", str(archive)), "not empty (it holds 1 session)")


def test_it_refuses_a_data_dir_whose_store_holds_an_original(khavaran, archive):
    get_store().put(io.BytesIO(b"an original no source records"), max_bytes=100)
    result = khavaran("restore", str(archive))
    assert result.exit_code == 1 and "not empty (it holds 1 original)" in result.output
    assert not Source.objects.exists() and len(list(get_store().all_hashes())) == 1


def test_what_creating_a_data_dir_writes_is_not_data(khavaran, archive):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    # Migrating writes content types and permissions; the audit chain may have an empty head.
    assert ContentType.objects.exists() and Permission.objects.exists()
    ChainHead.objects.create(pk=1, seq=0, hash=GENESIS)
    result = khavaran("restore", str(archive))
    assert result.exit_code == 0, result.output
    assert khavaran("verify").exit_code == 0


def test_with_a_database_url_it_blames_the_database_not_the_new_data_dir(
    khavaran, archive, account, monkeypatch
):
    # A PostgreSQL deployment's env file names the production database: a new data dir alone
    # does not make a new database, and the refusal must say which one is not empty.
    monkeypatch.setenv("KHAVARAN_DATABASE_URL", "postgres://khavaran:s3cret@db.example/khavaran")
    account("zed", "admin")
    result = khavaran("restore", str(archive))
    assert_refused(
        result,
        "the database in KHAVARAN_DATABASE_URL (",
        ") is not empty (it holds 1 user, 1 audit event",
        "a new, empty database",
    )
    assert "data dir is not empty" not in result.output and "s3cret" not in result.output


def test_with_a_database_url_an_original_in_the_store_blames_the_data_dir(
    khavaran, archive, monkeypatch
):
    monkeypatch.setenv("KHAVARAN_DATABASE_URL", "postgres://khavaran:s3cret@db.example/khavaran")
    get_store().put(io.BytesIO(b"an original no source records"), max_bytes=100)
    result = khavaran("restore", str(archive))
    assert result.exit_code == 1
    assert "this data dir is not empty (it holds 1 original)" in result.output
    assert "KHAVARAN_DATABASE_URL (" not in result.output


def test_a_postgresql_database_is_named_by_name_host_and_port_without_password(monkeypatch):
    from django.db import connection

    from khavaran.evidence.backup import _database_named

    monkeypatch.setenv("KHAVARAN_DATABASE_URL", "postgres://khavaran:s3cret@db.example:5433/kh")
    monkeypatch.setattr(type(connection), "vendor", "postgresql", raising=False)
    monkeypatch.setitem(connection.settings_dict, "NAME", "kh")
    monkeypatch.setitem(connection.settings_dict, "HOST", "db.example")
    monkeypatch.setitem(connection.settings_dict, "PORT", "5433")
    assert _database_named() == "kh on db.example:5433"
