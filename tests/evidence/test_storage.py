"""The content-addressed store: each original once, read-only, never half-written."""

from __future__ import annotations

import hashlib
import io
import os
import stat

import pytest

from khavaran.evidence.storage import ContentStore, FileTooLarge


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
    assert (store.pending / f"{running.sha256}.{os.getpid()}").exists()
