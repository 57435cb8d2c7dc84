"""The test run writes its data nowhere but its own temporary folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings

# Read when the tests are collected, before any test changes the settings for itself.
DATA_DIR_AT_START = Path(settings.DATA_DIR).resolve()


def test_the_settings_start_on_the_runs_own_data_dir() -> None:
    # pytest-django loads the settings before any conftest: tests/environment.py must come first,
    # or the run writes a secret key into the working directory's khavaran-data.
    assert DATA_DIR_AT_START.name.startswith("khavaran-tests-")
    assert DATA_DIR_AT_START.parent == Path(tempfile.gettempdir()).resolve()
