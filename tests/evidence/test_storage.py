"""The content-addressed store: each original once, read-only, never half-written."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from khavaran.evidence.storage import ContentStore, FileTooLarge, StoredFile


def test_it_stores_bytes_under_their_sha256_read_only(tmp_path):
    store = ContentStore(tmp_path)
    stored = store.put(io.BytesIO(b"original bytes"), max_bytes=100)
    assert stored.sha256 == hashlib.sha256(b"original bytes").hexdigest()
    assert stored.path == store.path_for(stored.sha256)
    assert stored.path.read_bytes() == b"original bytes"
    assert not stored.path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_the_same_bytes_are_stored_once(tmp_path):
    store = ContentStore(tmp_path)
    first = store.put(io.BytesIO(b"same"), max_bytes=100)
    store.committed(first)
    second = store.put(io.BytesIO(b"same"), max_bytes=100)
    assert second.already_present and second.path == first.path
    assert list(store.all_hashes()) == [first.sha256]


def test_a_file_over_the_cap_leaves_nothing(tmp_path):
    store = ContentStore(tmp_path)
    with pytest.raises(FileTooLarge, match="KHAVARAN_MAX_FILE_BYTES"):
        store.put(io.BytesIO(b"x" * 101), max_bytes=100)
    assert list(store.all_hashes()) == [] and list(store.tmp.iterdir()) == []


def test_recovery_removes_originals_a_dead_process_never_recorded(tmp_path):
    store = ContentStore(tmp_path)
    stored = store.put(io.BytesIO(b"half-done ingest"), max_bytes=100)
    dead_pid = 2**22 + 12345  # above pid_max's default, so no process has it
    stored.intent.rename(store.pending / f"{stored.sha256}.{dead_pid}")
    (store.tmp / f"{dead_pid}-abc").write_bytes(b"partial")
    removed = store.recover(lambda sha: False)
    assert removed == [stored.sha256]
    assert not stored.path.exists()
    assert list(store.pending.iterdir()) == [] and list(store.tmp.iterdir()) == []


def test_recovery_keeps_originals_that_were_recorded_and_writes_still_running(tmp_path):
    store = ContentStore(tmp_path)
    recorded = store.put(io.BytesIO(b"recorded"), max_bytes=100)
    running = store.put(io.BytesIO(b"still running"), max_bytes=100)
    dead_pid = 2**22 + 12346
    recorded.intent.rename(store.pending / f"{recorded.sha256}.{dead_pid}")
    assert store.recover(lambda sha: sha == recorded.sha256) == []
    assert recorded.path.exists() and running.path.exists()
    assert running.intent is not None and running.intent.exists()
    assert running.intent.name.startswith(f"{running.sha256}.{os.getpid()}.")


DEAD_PID = 2**22 + 12347  # above pid_max's default, so no process has it
BYTES = b"the same testimony, ingested twice at once"


def as_if_killed(store: ContentStore, stored: StoredFile) -> None:
    """Leave `stored`'s marker as a writer killed before its row committed leaves it."""
    assert stored.intent is not None
    stored.intent.rename(store.pending / f"{stored.sha256}.{DEAD_PID}")


def markers(store: ContentStore) -> list[Path]:
    return sorted(store.pending.iterdir())


def test_a_writer_that_finds_the_bytes_stored_holds_a_marker_of_its_own(tmp_path):
    store = ContentStore(tmp_path)
    first = store.put(io.BytesIO(BYTES), max_bytes=100)
    second = store.put(io.BytesIO(BYTES), max_bytes=100)
    assert second.already_present and second.intent is not None
    assert markers(store) == sorted([first.intent, second.intent])
    store.committed(first)
    store.committed(second)
    assert markers(store) == []


def test_abandoning_keeps_a_file_another_writer_of_the_same_bytes_is_recording(tmp_path):
    store = ContentStore(tmp_path)
    placed = store.put(io.BytesIO(BYTES), max_bytes=100)
    found = store.put(io.BytesIO(BYTES), max_bytes=100)  # its row is not written yet
    assert store.abandon(placed) is False
    assert found.path.read_bytes() == BYTES
    store.committed(found)
    assert markers(store) == []


def test_the_loser_of_a_race_keeps_the_file_the_winners_committed_row_records(tmp_path):
    store = ContentStore(tmp_path)
    placed = store.put(io.BytesIO(BYTES), max_bytes=100)
    found = store.put(io.BytesIO(BYTES), max_bytes=100)
    store.committed(found)  # the second writer's row committed first
    assert store.abandon(placed, is_referenced=lambda sha: sha == found.sha256) is False
    assert placed.path.read_bytes() == BYTES and markers(store) == []


def test_the_last_writer_to_abandon_unrecorded_bytes_removes_them(tmp_path):
    store = ContentStore(tmp_path)
    placed = store.put(io.BytesIO(BYTES), max_bytes=100)
    found = store.put(io.BytesIO(BYTES), max_bytes=100)
    assert store.abandon(placed, is_referenced=lambda sha: False) is False
    assert store.abandon(found, is_referenced=lambda sha: False) is True
    assert list(store.all_hashes()) == [] and markers(store) == []


def test_abandoning_twice_or_after_the_commit_removes_nothing(tmp_path):
    store = ContentStore(tmp_path)
    stored = store.put(io.BytesIO(BYTES), max_bytes=100)
    store.committed(stored)
    assert store.abandon(stored, is_referenced=lambda sha: False) is False
    assert stored.path.exists()


def test_without_the_database_a_file_found_in_place_is_never_removed(tmp_path):
    store = ContentStore(tmp_path)
    store.committed(store.put(io.BytesIO(BYTES), max_bytes=100))
    again = store.put(io.BytesIO(BYTES), max_bytes=100)
    assert store.abandon(again) is False
    assert again.path.exists() and markers(store) == []


def test_recovery_keeps_a_file_a_live_writer_found_after_its_placer_died(tmp_path):
    store = ContentStore(tmp_path)
    placed = store.put(io.BytesIO(BYTES), max_bytes=100)
    found = store.put(io.BytesIO(BYTES), max_bytes=100)  # still recording its row
    as_if_killed(store, placed)
    assert store.recover(lambda sha: False) == []
    assert found.path.read_bytes() == BYTES
    assert markers(store) == [found.intent]


def test_recovery_names_each_removed_original_once(tmp_path):
    store = ContentStore(tmp_path)
    placed = store.put(io.BytesIO(BYTES), max_bytes=100)
    found = store.put(io.BytesIO(BYTES), max_bytes=100)
    as_if_killed(store, placed)
    assert found.intent is not None
    found.intent.rename(store.pending / f"{found.sha256}.{DEAD_PID + 1}.abc")
    assert store.recover(lambda sha: False) == [placed.sha256]
    assert list(store.all_hashes()) == [] and markers(store) == []


def test_recovery_leaves_files_the_store_never_wrote_alone(tmp_path):
    store = ContentStore(tmp_path)
    store.ensure()
    (store.pending / "notes.txt").write_text("left by someone", encoding="utf-8")
    (store.tmp / "scratch-file").write_bytes(b"")
    assert store.recover(lambda sha: False) == []
    assert (store.pending / "notes.txt").exists() and (store.tmp / "scratch-file").exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_recovery_counts_a_killed_writer_not_yet_reaped_as_dead(tmp_path):
    store = ContentStore(tmp_path)
    stored = store.put(io.BytesIO(b"killed mid-ingest"), max_bytes=100)
    writer = subprocess.Popen(["sleep", "60"])
    try:
        writer.kill()
        deadline = time.monotonic() + 10
        while "Z" not in Path(f"/proc/{writer.pid}/stat").read_text().rpartition(")")[2][:3]:
            assert time.monotonic() < deadline, "the killed writer never became a zombie"
            time.sleep(0.01)
        assert stored.intent is not None
        stored.intent.rename(store.pending / f"{stored.sha256}.{writer.pid}.abc")
        assert store.recover(lambda sha: False) == [stored.sha256]
    finally:
        writer.wait()
