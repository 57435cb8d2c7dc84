"""Shared test setup: every test gets its own data dir; PostgreSQL tests run when
KHAVARAN_DATABASE_URL points at a server."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Settings read the data dir at import time: give the whole run a private one first. Test
# workers inherit it from the process that made it, which removes it at the end.
if "KHAVARAN_DATA_DIR" not in os.environ:
    os.environ["KHAVARAN_DATA_DIR"] = tempfile.mkdtemp(prefix="khavaran-tests-")
    atexit.register(shutil.rmtree, os.environ["KHAVARAN_DATA_DIR"], ignore_errors=True)


@pytest.fixture
def data_dir(settings: object, tmp_path: Path) -> Iterator[Path]:
    """A fresh data dir (originals store) for one test."""
    from khavaran.evidence.actions import _store_at

    root = tmp_path / "data"
    root.mkdir()
    settings.DATA_DIR = root  # type: ignore[attr-defined]
    _store_at.cache_clear()
    yield root
    _store_at.cache_clear()
