"""JSON lines: one record per line, `{"type": ..., ...}`, facts with their citations inline."""

from __future__ import annotations

import json
from typing import TextIO

from khavaran.exports.collect import Visible
from khavaran.exports.records import rows


def write_jsonl(visible: Visible, out: TextIO) -> None:
    for row in rows(visible):
        # Persian stays readable in the file; sort_keys keeps two exports diffable.
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
