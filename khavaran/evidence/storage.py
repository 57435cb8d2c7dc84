"""The content-addressed store of originals.

An original is written once under `objects/ab/cd/<sha256>`, read-only, via a temporary file
that is fsynced and renamed, so the database never points at a half-written file. Every writer
of an original, whether it moved the file into place or found it already there, holds an intent
marker (`pending/<sha256>.<pid>.<token>`) until its database row commits. A process killed
between the two leaves a marker whose pid is dead: `recover()` then removes the unreferenced
original, so nothing stray stays.

An original is removed (by `abandon` or `recover`) only while no live writer holds a marker
for it and, where the caller can say, no database row records it; the check and the removal
happen under the store's lock, which a writer also takes to find or place a file and mark it,
so a second writer of the same bytes can never lose the file it is about to record.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

CHUNK = 1024 * 1024


class FileTooLarge(ValueError):
    """The file is over the configured size cap."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path
    already_present: bool
    intent: Path | None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether the process was killed but not yet reaped by its parent (Linux only)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    # `pid (name) state ...`: the name may hold spaces and parentheses, the state follows it.
    return stat_line.rpartition(")")[2].split()[:1] == ["Z"]


def _pid_in(text: str) -> int | None:
    # A name the store never writes (a file someone else left there) has no pid to judge.
    return int(text) if text.isdigit() else None


def _marker_pid(intent: Path) -> int | None:
    """The writer's pid in `<sha256>.<pid>.<token>` (or the older `<sha256>.<pid>`)."""
    parts = intent.name.split(".")
    return _pid_in(parts[1]) if len(parts) in (2, 3) else None


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read a chunk at a time (an original can be gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    """Make a rename into `path` durable (the folder's entry, not only the file)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ContentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.tmp = root / "tmp"
        self.pending = root / "pending"

    def ensure(self) -> None:
        for folder in (self.objects, self.tmp, self.pending):
            folder.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256[2:4] / sha256

    def put(self, stream: IO[bytes], *, max_bytes: int) -> StoredFile:
        """Copy a stream into the store, hashing as it goes; refuse past `max_bytes`.

        The returned file carries this writer's intent marker, whether it placed the file or
        found it there: pass it to `committed` once its row commits, else to `abandon`.
        """
        self.ensure()
        tmp_path = self.tmp / f"{os.getpid()}-{os.urandom(6).hex()}"
        try:
            sha256, size = self._write_tmp(stream, tmp_path, max_bytes)
            final = self.path_for(sha256)
            intent = self.pending / f"{sha256}.{os.getpid()}.{os.urandom(6).hex()}"
            with self._locked():
                intent.touch()
                if final.exists():
                    return StoredFile(sha256, size, final, True, intent)
                final.parent.mkdir(parents=True, exist_ok=True)
                tmp_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
                tmp_path.rename(final)
            fsync_dir(final.parent)
            return StoredFile(sha256, size, final, False, intent)
        finally:
            tmp_path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Held while a file is found or placed and marked, and while one is judged and removed."""
        with (self.root / "lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _write_tmp(self, stream: IO[bytes], tmp_path: Path, max_bytes: int) -> tuple[str, int]:
        digest, size = hashlib.sha256(), 0
        with tmp_path.open("xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FileTooLarge(
                        f"larger than the {max_bytes:,}-byte limit "
                        "(raise KHAVARAN_MAX_FILE_BYTES to accept it)"
                    )
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        return digest.hexdigest(), size

    def committed(self, stored: StoredFile) -> None:
        """The database row for this file is committed (or was there already): drop the marker."""
        if stored.intent is not None:
            stored.intent.unlink(missing_ok=True)

    def abandon(
        self, stored: StoredFile, *, is_referenced: Callable[[str], bool] | None = None
    ) -> bool:
        """The database write failed: drop this writer's marker, and the original with it
        unless another live writer holds it or a row records it.

        Without `is_referenced` a file this writer found already in place is always kept: only
        the database can say whether a committed row records it.

        Returns:
            Whether the original was removed.
        """
        if stored.intent is None:
            return False
        with self._locked():
            if not stored.intent.exists():
                # Already committed or abandoned: the file is no longer this writer's.
                return False
            if is_referenced is not None:
                keep = is_referenced(stored.sha256)
            else:
                keep = stored.already_present
            keep = keep or self._claimed(stored.sha256, besides=stored.intent)
            stored.intent.unlink(missing_ok=True)
            if not keep:
                self._remove(stored.path)
        return not keep

    def _claimed(self, sha256: str, *, besides: Path, dead_pid: int | None = None) -> bool:
        """Whether a live writer holds a marker for it, other than `besides` and the process
        `dead_pid` (this one, rolling back its own failed writes)."""
        for intent in self.pending.glob(f"{sha256}.*"):
            pid = _marker_pid(intent)
            if intent != besides and pid is not None and pid != dead_pid and _pid_alive(pid):
                return True
        return False

    def _remove(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()

    def recover(self, is_referenced: Callable[[str], bool], *, own: bool = False) -> list[str]:
        """Roll back writes of processes that died: stray temp files and unreferenced originals.

        With `own=True` this process's unfinished writes are rolled back too (after a failed
        transaction). An original another live writer still holds is kept. Returns the hashes
        of the originals removed.
        """
        removed: list[str] = []
        if not self.root.exists():
            return removed
        for tmp_file in self.tmp.glob("*") if self.tmp.exists() else []:
            pid = _pid_in(tmp_file.name.split("-", 1)[0])
            if pid is not None and not _pid_alive(pid):
                tmp_file.unlink(missing_ok=True)
        dead_pid = os.getpid() if own else None
        for intent in sorted(self.pending.glob("*.*")) if self.pending.exists() else []:
            pid = _marker_pid(intent)
            if pid is None or (_pid_alive(pid) and pid != dead_pid):
                continue
            sha256 = intent.name.split(".", 1)[0]
            if self._roll_back(intent, sha256, is_referenced, dead_pid):
                removed.append(sha256)
        return removed

    def _roll_back(
        self,
        intent: Path,
        sha256: str,
        is_referenced: Callable[[str], bool],
        dead_pid: int | None,
    ) -> bool:
        """Drop a dead writer's marker and its original, unless still held or recorded."""
        path = self.path_for(sha256)
        with self._locked():
            if not intent.exists():
                return False
            keep = not path.exists() or (
                self._claimed(sha256, besides=intent, dead_pid=dead_pid) or is_referenced(sha256)
            )
            intent.unlink(missing_ok=True)
            if not keep:
                self._remove(path)
        return not keep

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def hash_of(self, sha256: str) -> str:
        return file_sha256(self.path_for(sha256))

    def all_hashes(self) -> Iterator[str]:
        if self.objects.exists():
            for path in self.objects.glob("*/*/*"):
                yield path.name

    def restore_file(self, sha256: str, data: IO[bytes]) -> None:
        """Place an original from a backup (already verified by the caller)."""
        final = self.path_for(sha256)
        if final.exists():
            return
        stored = self.put(data, max_bytes=2**63)
        if stored.sha256 != sha256:
            self.abandon(stored)
            raise ValueError(f"backup entry for {sha256} has different content")
        self.committed(stored)
