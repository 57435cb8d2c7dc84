"""The app's log lines carry the time in UTC, the level and the logger, so that an
administrator finds the line for the time a user reports."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings

from khavaran.config.log_lines import UtcFormatter


def test_a_line_starts_with_the_utc_time_the_level_and_the_logger() -> None:
    record = logging.LogRecord(
        "khavaran.signin", logging.WARNING, __file__, 1, "slowed %s", ("x",), None
    )
    record.created = 1_800_000_000.0  # 2027-01-15T08:00:00Z
    assert UtcFormatter().format(record) == "2027-01-15T08:00:00Z WARNING khavaran.signin: slowed x"


def test_the_console_handler_uses_it(caplog: Any) -> None:
    handler = settings.LOGGING["handlers"]["console"]
    assert settings.LOGGING["formatters"][handler["formatter"]]["()"].endswith("UtcFormatter")
    line = logging.getLogger("khavaran.test").handlers or logging.getLogger().handlers
    formatted = [h.formatter.format(_record()) for h in line if h.formatter]
    assert any(
        re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ WARNING khavaran\.test: hello", f)
        for f in formatted
    )


def _record() -> logging.LogRecord:
    return logging.LogRecord("khavaran.test", logging.WARNING, __file__, 1, "hello", (), None)
