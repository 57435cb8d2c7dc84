"""Writing an export whole or not at all: a reader of the target never sees part of one."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def whole_file(target: Path) -> Iterator[BinaryIO]:
    """A file to write ``target`` through: a temporary file beside it, readable by its owner
    only (mkstemp's 0600: an export holds names), synced and renamed onto ``target`` when the
    block ends, and removed if the block raises.

    Raises:
        OSError: ``target`` is a folder, or its folder cannot be written.
    """
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(target))
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
