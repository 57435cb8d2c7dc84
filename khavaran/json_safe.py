"""JSON that every store accepts: JSON has no NaN or Infinity, and SQLite's JSON_VALID check and
PostgreSQL's jsonb refuse them (an unbounded interval's end, the R-hat of a single chain)."""

from __future__ import annotations

import math
from typing import Any


def json_safe(value: Any) -> Any:
    """``value`` with every float that is not finite as its text ("inf", "nan"), recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value
