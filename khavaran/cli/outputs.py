"""Paths a command writes to, checked when the command line is read, before any work."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click


class OutputPath(click.Path):
    """A file (or, with ``dir_okay``, a folder) to write: its missing folders are made.

    Refused in one line, before a minute of linkage or sampling is spent: a path under a file,
    a folder that cannot be made or written, or (files only) an existing folder.
    """

    def __init__(self, *, dir_okay: bool = False) -> None:
        super().__init__(dir_okay=dir_okay, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        if str(path) == "-":
            return path
        folder = path.parent
        for ancestor in (folder, *folder.parents):
            if ancestor.exists() and not ancestor.is_dir():
                self.fail(f"{path}: {ancestor} is a file, not a folder", param, ctx)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.fail(f"{path}: cannot make its folder ({error.strerror})", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"{path}: cannot write in {folder}", param, ctx)
        return path
