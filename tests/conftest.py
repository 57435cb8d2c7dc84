"""Shared test setup: every test gets its own data dir; PostgreSQL tests run when
KHAVARAN_DATABASE_URL points at a server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# The run's private data dir is set by tests/environment.py, which pytest loads before Django.


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
