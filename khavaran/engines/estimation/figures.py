"""Totals and intervals as the command line and the plots write them: a total the lists cannot
bound is said in words, never printed as "inf" (nor as a 30-digit number)."""

from __future__ import annotations

import math

NO_FINITE_ESTIMATE = "no finite estimate"
NO_UPPER_BOUND = "no upper bound"


def total_text(total: float) -> str:
    """``12,595``; ``no finite estimate`` for a total the lists cannot bound."""
    return f"{total:,.0f}" if math.isfinite(total) else NO_FINITE_ESTIMATE


def interval_text(interval: tuple[float, float]) -> str:
    """``9,827 – 16,544``; ``221 – no upper bound`` when nothing bounds it above."""
    low, high = interval
    return f"{low:,.0f} – " + (f"{high:,.0f}" if math.isfinite(high) else NO_UPPER_BOUND)
