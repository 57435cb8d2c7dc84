"""Public copies kept on disk: each made once, from the original mapped, and served from there.

Why on disk, made once: a copy made in memory for each request would let a few concurrent
downloads of a 1 GiB recording exhaust the server's memory, and a copy made for each request
into a temporary file would have every download read and write the whole file again. So the
first request for a copy makes it: the cleaner reads the original mapped from its file (the
operating system reads it page by page; nothing of it is copied onto the heap, except by
pypdf, which holds a PDF's pages while it rewrites them) and writes the copy to a temporary
file, which is fsynced and renamed into place. Later requests stream that file from disk.

Layout, under `<data dir>/public_copies/` (`root`):
    <version>/<ab>/<sha256>.<format>           the copy, read-only
    <version>/<ab>/<sha256>.<format>.refused   why no copy can be made (a damaged 1 GiB file
                                               is not read again on every request)
    <version>/<ab>/<sha256>.<format>.lock      held while the copy is made: a second request
                                               waits for it rather than making it again
`<version>` is `CLEANER_VERSION`: a new version of the cleaners starts a new folder and
removes the others, so a copy made before a fix is never served after it.

Copies are not evidence: the originals are only read, never opened for writing; this folder
sits beside the store of originals, not in it, so `backup` does not carry it and `verify` does
not see it. Removing it is always safe: each copy is made again on its next request.

A source that stops being public takes its copies with it (`remove`, when the change
commits): a copy left on disk is a copy a seized or carelessly synced server still gives
away. `keep_only` sweeps what a request racing that change may have left, when the server
starts.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import mmap
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from khavaran.evidence.public_copy import CLEANER_VERSION, cleaner_for, write_without_metadata
from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Data
from khavaran.evidence.storage import fsync_dir

_REFUSED = ".refused"
_LOCK = ".lock"


class OriginalAltered(Exception):
    """The original on disk is not the file its hash names: altered, or damaged."""


def sha256_of(copy: Path) -> str:
    """The original's hash, from its copy's name (`<sha256>.<format>`)."""
    return copy.name.split(".", 1)[0]


class PublicCopies:
    """The copies without metadata of originals, made on first request and kept."""

    def __init__(self, root: Path, version: str = CLEANER_VERSION) -> None:
        self.root = root
        self.folder = root / version

    def open(self, sha256: str, original: Path, media_type: str) -> BinaryIO:
        """The copy of `original` (whose hash is `sha256`) without its metadata, open for
        reading; made first if it is not there.

        Raises:
            NoPublicCopy: the format is not cleaned, or this file cannot be (now or before).
        """
        path = self.path_for(sha256, media_type)
        self._make(path, original, media_type)
        try:
            return path.open("rb")
        except FileNotFoundError:
            # Removed between making and opening it (a newer version's cleanup): once more.
            self._make(path, original, media_type)
            return path.open("rb")

    def remove(self, sha256: str) -> int:
        """Remove every copy of this original (every format, every version, refusals too);
        how many files went."""
        return sum(self._unlink(path) for path in self.root.glob(f"*/{sha256[:2]}/{sha256}.*"))

    def keep_only(self, keep: Callable[[str], bool]) -> int:
        """Remove the copies of every original for whose hash `keep` is false; how many
        files went."""
        removed = 0
        for path in self.root.glob("*/*/*"):
            if not keep(sha256_of(path)):
                removed += self._unlink(path)
        return removed

    @staticmethod
    def _unlink(path: Path) -> int:
        try:
            path.unlink()
        except FileNotFoundError:
            return 0
        fsync_dir(path.parent)
        return 1

    def path_for(self, sha256: str, media_type: str) -> Path:
        """Where the copy of this original in this format is kept."""
        return self.folder / sha256[:2] / f"{sha256}.{cleaner_for(media_type).__name__}"

    def _make(self, path: Path, original: Path, media_type: str) -> None:
        if path.exists():
            return
        refused = path.with_name(path.name + _REFUSED)
        if refused.exists():
            raise NoPublicCopy(refused.read_text(encoding="utf-8"))
        self._ensure_folder(path.parent)
        with self._locked(path):
            # Made, or refused, by the request this one waited for.
            if path.exists():
                return
            if refused.exists():
                raise NoPublicCopy(refused.read_text(encoding="utf-8"))
            try:
                self._write(path, sha256_of(path), original, media_type)
            except NoPublicCopy as refusal:
                self._place(refused, str(refusal).encode())
                raise

    def _ensure_folder(self, folder: Path) -> None:
        if not self.folder.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._remove_other_versions()
        folder.mkdir(parents=True, exist_ok=True)

    def _remove_other_versions(self) -> None:
        """Copies made by other versions of the cleaners will never be served again."""
        for other in self.root.iterdir():
            if other.is_dir() and other != self.folder:
                shutil.rmtree(other, ignore_errors=True)

    @contextlib.contextmanager
    def _locked(self, path: Path) -> Iterator[None]:
        with path.with_name(path.name + _LOCK).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _write(self, path: Path, sha256: str, original: Path, media_type: str) -> None:
        """Clean into a temporary file beside the copy; fsync it and rename it into place.

        Raises:
            OriginalAltered: the original's bytes are not those its hash names; nothing is
                kept of it, so a copy is made once the original is restored.
        """
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            with tmp.open("x+b") as out, _mapped(original) as data:
                if hashlib.sha256(data).hexdigest() != sha256:
                    raise OriginalAltered(sha256)
                write_without_metadata(data, media_type, out)
                out.flush()
                os.fsync(out.fileno())
            tmp.chmod(stat.S_IRUSR | stat.S_IRGRP)
            tmp.rename(path)
            fsync_dir(path.parent)
        finally:
            tmp.unlink(missing_ok=True)

    def _place(self, path: Path, content: bytes) -> None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            tmp.write_bytes(content)
            tmp.rename(path)
        finally:
            tmp.unlink(missing_ok=True)


def public_copies() -> PublicCopies:
    """The data dir's copies: beside the originals, never among them (copies are not
    evidence and can be made again)."""
    return PublicCopies(Path(settings.DATA_DIR) / "public_copies")


@contextlib.contextmanager
def _mapped(original: Path) -> Iterator[Data]:
    """The original, mapped read-only: a cleaner reads it without copying it into memory."""
    with original.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            yield b""  # an empty file cannot be mapped
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            yield data
