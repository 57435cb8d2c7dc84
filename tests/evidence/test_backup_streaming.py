"""A backup's database goes to the tar through a file, never whole in memory: database.json is
still one JSON array any loader reads, but one record a line, so a restore reads and loads it a
record at a time. A backup written before that (the whole array on one line) still restores."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.management import call_command

from khavaran.cli.main import cli
from khavaran.evidence.actions import _store_at
from khavaran.evidence.backup import BackupError, _records, check_backup
from khavaran.evidence.models import Source
from tests.factories import make_source

# A restore flushes the database; PostgreSQL refuses that inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def khavaran(data_dir):
    """Run a `khavaran` command in-process; returns Click's result."""
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["--data-dir", str(data_dir), *args])


@pytest.fixture
def archive(khavaran, data_dir, tmp_path) -> Path:
    make_source(tmp_path, "First report on Gohardasht prison.\nSecond line.", name="a.txt")
    make_source(tmp_path, "گزارش دوم درباره زندان اوین " * 200, name="b.txt")
    path = tmp_path / "backup.tar"
    assert khavaran("backup", str(path)).exit_code == 0
    return path


def database_json(archive: Path) -> bytes:
    with tarfile.open(archive) as tar:
        return tar.extractfile("database.json").read()  # type: ignore[union-attr]


def replace_database(archive: Path, data: bytes, to: Path) -> Path:
    with tarfile.open(archive) as old, tarfile.open(to, "w") as new:
        for member in old:
            stream = old.extractfile(member)
            if member.name == "database.json":
                member.size, stream = len(data), io.BytesIO(data)
            new.addfile(member, stream)
    return to


def start_afresh(settings, tmp_path: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    settings.DATA_DIR = tmp_path / "restored"
    settings.DATA_DIR.mkdir()
    _store_at.cache_clear()


def test_database_json_is_one_json_array_with_one_record_a_line(archive):
    data = database_json(archive)
    rows = json.loads(data)
    lines = data.decode().splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == len(rows) + 2
    # A text's own line breaks stay inside its record's line, escaped.
    assert json.loads(lines[1].removesuffix(",")) == rows[0]
    assert any("Second line" in line and "\\n" in line for line in lines)


def test_the_dump_is_written_beside_the_backup_and_removed(archive):
    assert [p.name for p in archive.parent.iterdir() if p.name.startswith(".khavaran")] == []


def test_a_backup_written_on_one_line_by_an_older_version_still_restores(
    khavaran, archive, settings, tmp_path
):
    one_line = json.dumps(json.loads(database_json(archive)), ensure_ascii=False).encode()
    older = replace_database(archive, one_line, tmp_path / "older.tar")
    start_afresh(settings, tmp_path)
    result = khavaran("restore", str(older))
    assert result.exit_code == 0, result.output
    assert Source.objects.count() == 2
    assert khavaran("verify").exit_code == 0


def test_the_checked_database_is_kept_a_record_a_line_and_removed_after(archive):
    with check_backup(archive) as checked:
        lines = checked.database.read_bytes().splitlines()
        assert [json.loads(line)["model"] for line in lines] == [
            row["model"] for row in json.loads(database_json(archive))
        ]
        folder = checked.database.parent
    assert not folder.exists()


@pytest.mark.parametrize(
    "broken",
    [
        b'[\n{"model": "a"}\n{"model": "b"}\n]\n',  # no comma between records
        b'[\n{"model": "a"},\n]\n',  # a comma after the last
        b'[\n{"model": "a"},\n',  # no end
        b'[\n{"model": "a"}\n]\n{"model": "b"}\n',  # text after the end
        b'[\n{"model": \n]\n',  # a record cut in two
        b'{"model": "a"}',  # not an array
    ],
)
def test_anything_but_a_json_array_is_refused(broken):
    with pytest.raises(ValueError):
        list(_records(io.BytesIO(broken)))


def test_a_broken_database_json_refuses_the_restore_in_one_line(archive, tmp_path):
    records = b'[\n{"model": "a"}\n{"model": "b"}\n]\n'
    broken = replace_database(archive, records, tmp_path / "x.tar")
    refused = pytest.raises(BackupError, match=r"x\.tar: database\.json is not valid JSON")
    with refused, check_backup(broken):
        pass
