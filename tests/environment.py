"""Loaded before Django (``-p tests.environment`` in pyproject): the test run's own data dir.

pytest-django reads the settings before any conftest, and the settings read the data dir when
they load. Set here, the run never writes into the working directory's ``khavaran-data``.
Test workers inherit the folder from the process that made it, which removes it at the end.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

if "KHAVARAN_DATA_DIR" not in os.environ:
    os.environ["KHAVARAN_DATA_DIR"] = tempfile.mkdtemp(prefix="khavaran-tests-")
    atexit.register(shutil.rmtree, os.environ["KHAVARAN_DATA_DIR"], ignore_errors=True)
