"""Exports of what a reader may see: FollowTheMoney entities, JSON lines, CSV tables.

    reader = reader_at(user, level, operator=user is None)
    visible = export(reader, "ftm", Path("case.ftm.json"), sys.stdout, actor="maryam")

Everything is read through the access gates (`collect`), and every exported source gets an
`exported` custody event, once its original was hashed and found intact (`originals`): an
altered or missing original refuses the whole export, before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.db import transaction

from khavaran.evidence.actions import add_custody_event
from khavaran.exports.collect import Reader, Visible, collect, reader_at
from khavaran.exports.originals import check_originals
from khavaran.exports.output import FORMATS, ExportError, write

ALL_FORMATS = (*FORMATS, "csv")

__all__ = ["ALL_FORMATS", "ExportError", "Reader", "Visible", "collect", "export", "reader_at"]


def export(
    reader: Reader | None, fmt: str, target: Path | None, stdout: TextIO, *, actor: str
) -> Visible:
    """Write what `reader` may see in `fmt`, then log the export in each source's custody.

    Raises:
        ExportError: an unknown format, a target that cannot be written, or an original that
            is missing or no longer hashes to its recorded SHA-256 (nothing written or logged).
    """
    if fmt not in ALL_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(ALL_FORMATS)}")
    visible = collect(reader)
    # The custody event says the exporter saw each original's SHA-256: it must have read it.
    check_originals(visible.sources, ExportError)
    write(visible, fmt, target, stdout)
    method = f"khavaran export --format {fmt}"
    note = f"to {target or 'standard output'}; levels: {', '.join(visible.levels)}"
    with transaction.atomic():
        for source in visible.sources:
            add_custody_event(source, action="exported", actor=actor, method=method, note=note)
    return visible
