"""`khavaran backup`: every original is re-hashed as it is copied, so a damaged or missing one
refuses the backup in one line and leaves no file behind; `--skip-damaged` knowingly writes the
rest, and the backup says what it left out."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.management import call_command

from khavaran.cli.main import cli
from khavaran.evidence.actions import _store_at, get_store
from khavaran.evidence.models import CustodyEvent, Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def khavaran(data_dir):
    """Run a `khavaran` command in-process; returns Click's result."""
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["--data-dir", str(data_dir), *args])


@pytest.fixture
def sources(data_dir, tmp_path) -> list[Source]:
    """Three ingested sources: a report, a testimony and a letter."""
    return [
        make_source(tmp_path, "First report on Gohardasht prison.", name="report.txt"),
        make_source(tmp_path, "گواهی یک زندانی اوین " * 500, name="testimony.txt"),
        make_source(tmp_path, "A letter from the commission.", name="letter.txt"),
    ]


@pytest.fixture
def out(tmp_path) -> Path:
    """An empty folder to write backups into."""
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def damage(source: Source) -> None:
    """Flip one byte of a stored original, as a failing disk would."""
    path = get_store().path_for(source.sha256)
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[5] ^= 0xFF
    path.write_bytes(bytes(data))


def lose(source: Source) -> None:
    path = get_store().path_for(source.sha256)
    path.chmod(0o600)
    path.unlink()


def manifest(archive: Path) -> dict[str, object]:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]


def originals_in(archive: Path) -> set[str]:
    with tarfile.open(archive) as tar:
        return {m.name.removeprefix("originals/") for m in tar if m.name.startswith("originals/")}


def named(source: Source) -> str:
    """A source as backup, restore and verify name it: never by its file name (cron mails it)."""
    return f"source {source.pk} ({source.confidentiality}, {source.sha256[:12]})"


def assert_refused(result, out: Path, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    line = result.output.strip()
    assert "\n" not in line and "Traceback" not in line, line
    assert "khavaran verify" in line and line.endswith("no backup was written"), line
    for word in words:
        assert word in line, line
    # Not the backup, nor a half-written temporary file beside it.
    assert list(out.iterdir()) == []


def test_a_whole_data_dir_is_backed_up_with_every_original(khavaran, sources, out):
    result = khavaran("backup", str(out / "b.tar"))
    assert result.exit_code == 0, result.output
    # Then the file's SHA-256 and the audit head, to record elsewhere (test_verify_anchor.py).
    first, digest, head = result.output.strip().splitlines()
    assert first == f"backup written to {out / 'b.tar'}: 3 originals"
    assert digest.startswith("backup SHA-256: ") and head.startswith("audit head: ")
    assert originals_in(out / "b.tar") == {source.sha256 for source in sources}
    assert manifest(out / "b.tar")["left_out"] == {}
    assert [p.name for p in out.iterdir()] == ["b.tar"]


def test_it_refuses_to_back_up_a_damaged_original_and_writes_nothing(khavaran, sources, out):
    damage(sources[1])
    result = khavaran("backup", str(out / "b.tar"))
    assert_refused(result, out, f"the original of {named(sources[1])} is altered or damaged")
    assert ".txt" not in result.output


def test_it_refuses_to_back_up_a_missing_original_and_writes_nothing(khavaran, sources, out):
    lose(sources[0])
    result = khavaran("backup", str(out / "b.tar"))
    assert_refused(result, out, f"the original of {named(sources[0])} is missing")


def test_the_refusal_names_every_damaged_or_missing_original_at_once(khavaran, sources, out):
    damage(sources[0])
    lose(sources[2])
    result = khavaran("backup", str(out / "b.tar"))
    assert_refused(
        result,
        out,
        f"{named(sources[0])} is altered or damaged",
        f"{named(sources[2])} is missing",
        "without them",
    )


def test_a_refused_backup_leaves_an_earlier_backup_of_the_same_name_as_it_was(
    khavaran, sources, out
):
    assert khavaran("backup", str(out / "b.tar")).exit_code == 0
    before = (out / "b.tar").read_bytes()
    damage(sources[2])
    assert khavaran("backup", str(out / "b.tar")).exit_code == 1
    assert (out / "b.tar").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["b.tar"]


def test_skip_damaged_writes_the_intact_originals_and_lists_those_it_left_out(
    khavaran, sources, out
):
    damage(sources[1])
    result = khavaran("backup", "--skip-damaged", str(out / "b.tar"))
    assert result.exit_code == 0, result.output
    assert (
        f"warning: left out of the backup: the original of {named(sources[1])} "
        "is altered or damaged"
    ) in result.output
    assert "2 originals, 1 left out" in result.output
    assert originals_in(out / "b.tar") == {sources[0].sha256, sources[2].sha256}
    assert manifest(out / "b.tar")["left_out"] == {sources[1].sha256: "altered or damaged"}


def test_skip_damaged_on_an_intact_data_dir_is_an_ordinary_backup(khavaran, sources, out):
    result = khavaran("backup", "--skip-damaged", str(out / "b.tar"))
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output and "left out" not in result.output
    assert len(originals_in(out / "b.tar")) == 3


def start_afresh(settings, tmp_path: Path) -> None:
    """An empty database and a new data dir, to restore into."""
    call_command("flush", interactive=False, verbosity=0)
    settings.DATA_DIR = tmp_path / "restored"
    settings.DATA_DIR.mkdir()
    _store_at.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_a_restore_gives_back_every_time_to_the_microsecond(
    khavaran, sources, out, settings, tmp_path
):
    times = list(CustodyEvent.objects.order_by("pk").values_list("pk", "at"))
    assert any(at.microsecond % 1000 for _, at in times)
    assert khavaran("backup", str(out / "b.tar")).exit_code == 0
    start_afresh(settings, tmp_path)
    assert khavaran("restore", str(out / "b.tar")).exit_code == 0
    assert list(CustodyEvent.objects.order_by("pk").values_list("pk", "at")) == times


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_an_original_left_out_restores_and_says_so(
    khavaran, sources, out, settings, tmp_path
):
    lose(sources[1])
    assert khavaran("backup", "--skip-damaged", str(out / "b.tar")).exit_code == 0
    start_afresh(settings, tmp_path)

    result = khavaran("restore", str(out / "b.tar"))
    assert result.exit_code == 0, result.output
    assert "restored 2 originals (1 left out)" in result.output
    assert (
        f"warning: {out / 'b.tar'} holds no original for {named(sources[1])}: "
        "it was missing when the backup was written"
    ) in result.output
    assert Source.objects.count() == 3
    verified = khavaran("verify")
    assert verified.exit_code == 1
    assert "1 problem(s)" in verified.output
    assert f"FAIL {named(sources[1])}: original file missing" in verified.output
