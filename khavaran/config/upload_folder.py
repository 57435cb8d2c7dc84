"""Where uploads are spooled: `DATA_DIR/uploads`, private, cleared of what killed workers left.

Here, not in `web/uploads.py`, because `khavaran serve` clears it at start and the command line
does not import the web app.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

from khavaran.config.bootstrap import keep_private

# A spool file older than this belongs to no upload still running.
LEFTOVER_SECONDS = 24 * 3600


def upload_folder() -> Path:
    """`DATA_DIR/uploads`, created private (0700) if missing: where uploads are spooled."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    keep_private(folder)
    return folder


def private_temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for an upload's bytes under its original name, inside the data dir.

    Example:
        with private_temporary_folder() as folder:
            path = Path(folder) / Path(upload.name).name
    """
    return tempfile.TemporaryDirectory(prefix="ingest-", dir=upload_folder())


def remove_leftovers(now: float | None = None) -> list[Path]:
    """Remove what killed workers left in the upload folder a day or more ago.

    Younger entries may belong to an upload running in another process, so they stay.

    Returns:
        The paths removed.
    """
    folder = upload_folder()
    cutoff = (time.time() if now is None else now) - LEFTOVER_SECONDS
    removed = []
    for entry in folder.iterdir():
        if entry.lstat().st_mtime < cutoff:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed
