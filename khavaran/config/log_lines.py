"""How the app's own log lines look: the time in UTC, the level and the logger.

gunicorn stamps its lines; the app's ("refused a form …", axes's sign-in failures, a 500's
traceback) would otherwise be bare, and the error page asks a user to tell the administrator
the time it happened: the administrator must be able to find that line in a plain log file.
"""

from __future__ import annotations

import logging
import time


class UtcFormatter(logging.Formatter):
    """``2026-11-27T15:04:05Z WARNING khavaran.signin: …``: UTC, as every time Khavaran shows."""

    converter = staticmethod(time.gmtime)

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%SZ")
