"""A backup and `verify` read one consistent snapshot while people keep working: a backup taken
under a stream of ingests and edits restores and verifies intact, `verify` reports no tampering
that is only someone's work in progress, and neither holds the writers up.

The writer is a real process writing through Khavaran's actions. The command under test runs
as the real CLI with its read slowed down (a few milliseconds per row), so that many of the
writer's commits land inside it, and it notes when its read began and ended: the writer's
own timestamps then show that it really wrote, unhindered, while the command was reading.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import run

pytestmark = pytest.mark.slow

# Ingests a new file and edits a person, each in its own transactions, until told to stop;
# appends the time of each finished round to its log.
WRITER = """
import sys, time
from pathlib import Path
from khavaran.config.bootstrap import setup_django
setup_django(sys.argv[1])
from khavaran.evidence.actions import add_excerpt
from khavaran.evidence.models import Source
from khavaran.ingest.pipeline import IngestOptions, ingest_file
from khavaran.records.actions import NameSpec, create_person, update_record
folder, stop, log = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
options = IngestOptions(actor="writer")
def ingest(i):
    path = folder / f"testimony-{i}.txt"
    path.write_text(f"Testimony {i} about Evin prison, summer 1988.", encoding="utf-8")
    return Source.objects.get(pk=ingest_file(path, options).source_id)
first = ingest(0)
excerpt = add_excerpt(first, start=0, end=9, actor="writer")
person = create_person([NameSpec("Witness", "latin", [excerpt])], actor="writer")
i = 0
while not stop.exists():
    i += 1
    ingest(i)
    update_record(person, {"notes": f"edit {i}"}, actor="writer", reason="under load")
    with log.open("a") as out:
        out.write(f"{time.time()}\\n")
"""

# Runs the real `khavaran` with `module.name` slowed down, writing to WINDOW when the first
# and the last call of it began: the span of the command's read.
SLOWED = """
import atexit, importlib, sys, time
from pathlib import Path
import khavaran.cli.context as context
window, target = Path(sys.argv.pop(1)), sys.argv.pop(1)
calls = []
def slow_down():
    module_name, owner, name = target.split(":")
    module = importlib.import_module(module_name)
    holder = getattr(module, owner) if owner else module
    original = getattr(holder, name)
    def slowed(*args, **kwargs):
        calls.append(time.time())
        time.sleep(0.003)
        return original(*args, **kwargs)
    setattr(holder, name, slowed)
booted = context.boot
def boot(ctx):
    actor = booted(ctx)
    slow_down()  # once Django is up, so that the models import
    return actor
context.boot = boot
atexit.register(lambda: calls and window.write_text(f"{calls[0]} {calls[-1]}"))
from khavaran.cli.main import main
main(sys.argv[1:])
"""
# One serialized row of the backup's dump; one event of verify's walk of the chain.
DUMPED_ROW = "khavaran.evidence.backup:Serializer:end_object"
HASHED_EVENT = "khavaran.audit.chain::event_hash"


@pytest.fixture
def writer(make_env, tmp_path) -> Iterator[tuple[dict[str, str], Path]]:
    """A data dir with a writer at work on it (and twenty rounds done): its env and log."""
    env = make_env("data")
    run(env, "sources")  # the data dir, migrated, before two processes start on it
    folder, stop, log = tmp_path / "files", tmp_path / "stop", tmp_path / "writes.log"
    folder.mkdir()
    args = [env["KHAVARAN_DATA_DIR"], str(folder), str(stop), str(log)]
    process = subprocess.Popen([sys.executable, "-c", WRITER, *args], env=env)
    try:
        wait_for(lambda: len(writes(log)) >= 20, process)
        yield env, log
    finally:
        stop.touch()
        process.wait(timeout=60)
    assert process.returncode == 0


def writes(log: Path) -> list[float]:
    return [float(line) for line in log.read_text().split()] if log.exists() else []


def wait_for(condition, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, "the writer stopped"
        assert time.monotonic() < deadline, "the writer did not get going"
        time.sleep(0.05)


def slowed(
    env, tmp_path, target: str, *args: str
) -> tuple[subprocess.CompletedProcess[str], list[float]]:
    """Run `khavaran ARGS` with TARGET slowed; returns its result and its read's span."""
    window = tmp_path / "window"
    window.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", SLOWED, str(window), target, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert window.exists(), result.stdout + result.stderr
    return result, [float(t) for t in window.read_text().split()]


def written_during(log: Path, span: list[float]) -> int:
    start, end = span
    return sum(1 for at in writes(log) if start <= at <= end)


def test_a_backup_taken_while_people_work_restores_and_verifies_intact(writer, make_env, tmp_path):
    env, log = writer
    archive = tmp_path / "busy.tar"

    backup, span = slowed(env, tmp_path, DUMPED_ROW, "backup", str(archive))

    assert backup.returncode == 0, backup.stdout + backup.stderr
    # The writer went on committing, unhindered, all through the dump.
    assert written_during(log, span) >= 3
    restored = make_env("restored")
    result = run(restored, "restore", str(archive), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    verify = run(restored, "verify", check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "all intact" in verify.stdout
    assert "FAIL" not in verify.stderr


def test_verify_while_people_work_finds_everything_intact(writer, tmp_path):
    env, log = writer

    verify, span = slowed(env, tmp_path, HASHED_EVENT, "verify")

    assert written_during(log, span) >= 3
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "FAIL" not in verify.stderr
    assert "all intact" in verify.stdout
