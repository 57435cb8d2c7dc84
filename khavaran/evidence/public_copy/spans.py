"""How a cleaner reads an original and writes its copy: spans of the original, never the whole.

A cleaner reads `Data`: the original's bytes, or the original mapped into memory (`mmap`), so a
1 GiB recording is read by the operating system page by page, never copied onto the heap. It
writes the copy to a file as it goes; what it keeps of the original it writes as a span of it.
"""

from __future__ import annotations

import io
import mmap
from collections.abc import Callable
from typing import Any, BinaryIO, cast

# An original's bytes: in memory (tests, pictures inside a document) or mapped from its file.
Data = bytes | mmap.mmap
Cleaner = Callable[[Data, BinaryIO], None]


def write_span(data: Data, start: int, end: int, out: BinaryIO) -> None:
    """Write data[start:end] without copying it first: a view of the original's pages."""
    with memoryview(data) as whole, whole[start:end] as span:
        out.write(span)


def cleaned_bytes(cleaner: Cleaner, data: Data) -> bytes:
    """What a cleaner writes, as bytes: for small parts of a file (a picture in a document)."""
    out = io.BytesIO()
    cleaner(data, out)
    return out.getvalue()


def readable(data: Data) -> BinaryIO:
    """A stream over the original for a reader that seeks (pypdf, zipfile), which reads the
    mapped file where it lies, never a copy of it."""
    if isinstance(data, mmap.mmap):
        return cast(BinaryIO, io.BufferedReader(_MappedReader(data)))
    return io.BytesIO(data)


class _MappedReader(io.RawIOBase):
    """A mapped file as a raw stream: an mmap reads and seeks but says neither (zipfile asks)."""

    def __init__(self, data: mmap.mmap) -> None:
        self._data = data
        self._at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        with memoryview(buffer) as target:
            chunk = self._data[self._at : self._at + len(target)]
            target[: len(chunk)] = chunk
        self._at += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: len(self._data)}[whence]
        self._at = max(base + offset, 0)
        return self._at

    def tell(self) -> int:
        return self._at
