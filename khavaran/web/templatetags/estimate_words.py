"""Template helpers of the estimates page, in the reader's digits: a fit statistic to a few
decimals ("52.43", «۵۲٫۴۳»), a posterior weight as a share ("62.1%", «۶۲٫۱٪»), the
difference of a runner-up model's criterion from the chosen one's ("+4.50"); and the settings
an estimate's method used."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.translation import get_language

from khavaran.analysis.estimates import method_settings
from khavaran.web.rendering import reader_digits

register = template.Library()


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@register.filter
def decimal(value: Any, places: int = 2) -> str:
    """A statistic (BIC, R-hat, deviance) to ``places`` decimals, thousands grouped, in the
    reader's digits; "–" for what is missing or not finite (the R-hat of one chain)."""
    number = _finite(value)
    if number is None:
        return "–"
    return reader_digits(f"{number:,.{int(places)}f}")


@register.filter
def share(value: Any) -> str:
    """A weight from 0 to 1 as a percentage to one decimal, with the Persian percent sign on a
    Persian page."""
    number = _finite(value)
    if number is None:
        return "–"
    text = reader_digits(f"{number:.1%}")
    return text.replace("%", "\u066a") if (get_language() or "en").startswith("fa") else text


@register.filter
def above(value: Any, chosen: Any) -> str:
    """How far a runner-up's criterion lies above the chosen model's ("+4.50")."""
    number, base = _finite(value), _finite(chosen)
    if number is None or base is None:
        return "–"
    return reader_digits(f"+{number - base:,.2f}")


@register.filter
def criterion_of(model: Any, criterion: str) -> Any:
    """A scored model's value of ``criterion`` ("aic" or "bic")."""
    return model.aic if criterion == "aic" else model.bic


@register.filter
def other_criterion(criterion: str) -> str:
    """The criterion that did not choose, as its initials ("AIC" beside a BIC choice)."""
    return "BIC" if criterion == "aic" else "AIC"


@register.filter
def settings_used(estimate: Any) -> list[tuple[str, Any]]:
    """The stored settings that made this estimate's method (`analysis.estimates.
    method_settings`, as `khavaran estimate show` prints them), without the seed."""
    return method_settings(estimate.method, estimate.settings or {})
