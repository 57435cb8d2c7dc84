"""The content-addressed store of originals.

An original is written once under `objects/ab/cd/<sha256>`, read-only, via a temporary file
that is fsynced and renamed, so the database never points at a half-written file. Before a
file is moved into place an intent marker (`pending/<sha256>.<pid>`) is written; the caller
removes it after the database row commits. A process killed between the two leaves a marker
whose pid is dead: `recover()` then removes the unreferenced original, so nothing stray stays.
"""

from __future__ import annotations

import contextlib
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
        return True
    return True


def _fsync_dir(path: Path) -> None:
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
        """Copy a stream into the store, hashing as it goes; refuse past `max_bytes`."""
        self.ensure()
        tmp_path = self.tmp / f"{os.getpid()}-{os.urandom(6).hex()}"
        try:
            sha256, size = self._write_tmp(stream, tmp_path, max_bytes)
            final = self.path_for(sha256)
            if final.exists():
                tmp_path.unlink()
                return StoredFile(sha256, size, final, True, None)
            intent = self.pending / f"{sha256}.{os.getpid()}"
            intent.touch()
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
            tmp_path.rename(final)
            _fsync_dir(final.parent)
            return StoredFile(sha256, size, final, False, intent)
        finally:
            tmp_path.unlink(missing_ok=True)

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
        """The database row for this file is committed: drop the intent marker."""
        if stored.intent is not None:
            stored.intent.unlink(missing_ok=True)

    def abandon(self, stored: StoredFile) -> None:
        """The database write failed: remove the new original again."""
        if stored.intent is not None:
            self._remove(stored.path)
            stored.intent.unlink(missing_ok=True)

    def _remove(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()

    def recover(self, is_referenced: Callable[[str], bool], *, own: bool = False) -> list[str]:
        """Roll back writes of processes that died: stray temp files and unreferenced originals.

        With `own=True` this process's unfinished writes are rolled back too (after a failed
        transaction). Returns the hashes of the originals removed.
        """
        removed: list[str] = []
        if not self.root.exists():
            return removed
        for tmp_file in self.tmp.glob("*") if self.tmp.exists() else []:
            pid = int(tmp_file.name.split("-", 1)[0])
            if not _pid_alive(pid):
                tmp_file.unlink(missing_ok=True)
        for intent in self.pending.glob("*.*") if self.pending.exists() else []:
            sha256, pid_text = intent.name.split(".", 1)
            pid = int(pid_text)
            if _pid_alive(pid) and not (own and pid == os.getpid()):
                continue
            if not is_referenced(sha256):
                self._remove(self.path_for(sha256))
                removed.append(sha256)
            intent.unlink(missing_ok=True)
        return removed

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def hash_of(self, sha256: str) -> str:
        digest = hashlib.sha256()
        with self.open(sha256) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

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
