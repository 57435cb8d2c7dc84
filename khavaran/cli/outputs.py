"""Paths a command writes to, checked when the command line is read, before any work."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click


class OutputPath(click.Path):
    """A file to write, in a folder that exists and can be written.

    Refused in one line, before a minute of linkage or sampling is spent: a folder that does
    not exist (a typo should not make one), a path under a file, an existing folder.
    """

    def __init__(self, *suffixes: str) -> None:
        """``suffixes``: the extensions the command writes (".csv"); any when none are given."""
        super().__init__(dir_okay=False, path_type=Path)
        self.suffixes = suffixes

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        if self.suffixes and path.suffix.lower() not in self.suffixes:
            # CSV text under an .xlsx name would not open in the spreadsheet it names.
            self.fail(f"{path}: this writes {' or '.join(self.suffixes)} files", param, ctx)
        folder = path.parent
        for ancestor in (folder, *folder.parents):
            if ancestor.exists():
                if not ancestor.is_dir():
                    self.fail(f"{path}: {ancestor} is a file, not a folder", param, ctx)
                break
        if not folder.is_dir():
            self.fail(f"{path}: there is no folder {folder}; make it first", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"{path}: cannot write in {folder}", param, ctx)
        return path
