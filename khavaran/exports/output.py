"""Where an export goes: stdout, a file, a folder of CSVs or a ZIP of them.

Each export is rendered in memory before anything is written, and written under a temporary
name that is renamed when whole, so a failure half-way never leaves a partial file that looks
complete.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from khavaran.exports.collect import Visible
from khavaran.exports.csv_tables import STREAM_TABLE, table_text, tables
from khavaran.exports.ftm import write_ftm
from khavaran.exports.jsonl import write_jsonl
from khavaran.exports.whole_file import whole_file

FORMATS: dict[str, Callable[[Visible, TextIO], None]] = {"ftm": write_ftm, "jsonl": write_jsonl}


class ExportError(ValueError):
    """The export cannot be written where asked; the message says where and why."""


def render(visible: Visible, fmt: str) -> str:
    """The whole export as one text (the claims table for `csv`)."""
    if fmt == "csv":
        return table_text(tables(visible)[STREAM_TABLE])
    buffer = io.StringIO()
    FORMATS[fmt](visible, buffer)
    return buffer.getvalue()


# What each format may be written under: JSON under a .zip would open in no tool that reads it.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "ftm": (".json", ".jsonl", ".ftm"),
    "jsonl": (".jsonl", ".json", ".ndjson"),
}


def write(visible: Visible, fmt: str, target: Path | None, stdout: TextIO) -> None:
    """Write the export to `target`, or to `stdout` when there is none.

    Files are written beside their target under a temporary name and renamed when whole: a
    full disk or a blocked name leaves no partial file, and an earlier export where it was.
    """
    if target is None:
        stdout.write(render(visible, fmt))
        return
    suffix = target.suffix.lower()
    if fmt in SUFFIXES and suffix not in SUFFIXES[fmt]:
        raise ExportError(
            f"{target}: {fmt} is written to a {' or '.join(SUFFIXES[fmt])} file, "
            f"not {suffix or 'a folder'}"
        )
    try:
        if fmt == "csv" and suffix == ".zip":
            replace_whole(target, _zip_bytes(_csv_files(visible)))
        elif fmt == "csv" and suffix != ".csv":
            _write_folder(visible, target)
        else:
            replace_whole(target, render(visible, fmt).encode("utf-8"))
    except OSError as error:
        # A temporary name means nothing to the reader: the target is what failed.
        named = str(error.filename or "")
        where = named if named and not named.endswith(".part") else target
        raise ExportError(f"cannot write {where}: {error.strerror or error}") from None


def replace_whole(target: Path, data: bytes) -> None:
    """``data`` at ``target``, whole or not at all (`whole_file`)."""
    with whole_file(target) as out:
        out.write(data)


def _csv_files(visible: Visible) -> dict[str, str]:
    return {f"{kind}.csv": table_text(rows) for kind, rows in tables(visible).items()}


def _zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _write_folder(visible: Visible, target: Path) -> None:
    """One CSV per table in ``target``: every table written under a temporary name first, then
    all renamed, so a failure leaves the folder as it was."""
    files = _csv_files(visible)
    blocked = [name for name in files if (target / name).exists() and not (target / name).is_file()]
    if blocked:
        raise IsADirectoryError(errno.EISDIR, "it is not a file", str(target / blocked[0]))
    target.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, Path]] = []
    try:
        for name, text in files.items():
            handle, part = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".part")
            written.append((Path(part), target / name))
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
    except BaseException:
        for part_path, _ in written:
            part_path.unlink(missing_ok=True)
        raise
    for part_path, final in written:
        part_path.replace(final)
