"""Where an export goes: stdout, a file, a folder of CSVs or a ZIP of them.

Each export is rendered in memory before anything is written, so a failure half-way never leaves
a partial file that looks complete.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from khavaran.exports.collect import Visible
from khavaran.exports.csv_tables import STREAM_TABLE, table_text, tables
from khavaran.exports.ftm import write_ftm
from khavaran.exports.jsonl import write_jsonl

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


def write(visible: Visible, fmt: str, target: Path | None, stdout: TextIO) -> None:
    """Write the export to `target`, or to `stdout` when there is none."""
    if target is None:
        stdout.write(render(visible, fmt))
        return
    try:
        if fmt == "csv" and target.suffix.lower() == ".zip":
            _write_zip(visible, target)
        elif fmt == "csv" and target.suffix.lower() != ".csv":
            _write_folder(visible, target)
        else:
            target.write_text(render(visible, fmt), encoding="utf-8")
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None


def _csv_files(visible: Visible) -> dict[str, str]:
    return {f"{kind}.csv": table_text(rows) for kind, rows in tables(visible).items()}


def _write_zip(visible: Visible, target: Path) -> None:
    files = _csv_files(visible)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)


def _write_folder(visible: Visible, target: Path) -> None:
    files = _csv_files(visible)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
