"""Which log-linear models may be chosen, and how close the choice was.

A model whose maximum-likelihood estimate of the unseen cell does not exist fits better and better
as the number of people on no list grows: the GLM stops at an arbitrary huge number (a tester's
table, where the only overlap was all three lists, gave 3 × 10^27 with an interval of no width).
Such models are left out of the choice, as Rcapture flags their fits. And a model almost as well
supported as the chosen one may give a very different total (Kosovo: ΔBIC 0.08, 12,741 against
10,334): the chosen model's interval does not carry that uncertainty, so the warnings name it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from khavaran.engines.estimation.glm import BoolArray, FloatArray

# The next-best models kept in the result, so that a reader sees how close the choice was.
RUNNERS_UP = 4
# Burnham & Anderson (2002): models within 2 of the best have substantial support; for BIC,
# Raftery (1995) calls a difference under 2 "not worth more than a bare mention".
NEAR = 2.0
# Raftery (1995): a BIC difference over 10 is very strong evidence. A model with a finite estimate
# this much worse than one without is rejected by the data; its total is not reported.
DECISIVE = 10.0
# How many of the best-ranked models are checked for a finite estimate (one small LP each).
MAX_CHECKED = 500
# An intercept direction above this is a real way to infinity, not the LP's rounding.
LP_TOLERANCE = 1e-7


def unseen_is_bounded(design: FloatArray, counts: FloatArray, mask: BoolArray) -> bool:
    """Whether the model's maximum-likelihood estimate of the unseen cell exists (is finite).

    It does not when some direction d of the parameters keeps every positive cell's fit
    (X₊d = 0), lowers or keeps every empty cell's (X₀d ≤ 0) and raises the unseen cell's (its
    intercept, d₀ > 0): the likelihood never falls along d while the unseen count grows without
    limit (the existence condition of the extended MLE; Fienberg & Rinaldo 2012). One small
    linear programme looks for such a d.

    Args:
        design: (cells, p) design of the observed cells; column 0 is the intercept.
        counts: (cells,) observed counts.
        mask: (p,) the model's columns.

    Example:
        >>> x = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
        >>> unseen_is_bounded(x, np.array([5.0, 4.0, 0.0]), np.ones(3, dtype=bool))
        False
    """
    positive = counts > 0
    if positive.all():
        # A model identifiable on the observed cells has a finite estimate when none is empty.
        return True
    x = design[:, mask]
    objective = np.zeros(x.shape[1])
    objective[0] = -1.0
    found = linprog(
        objective,
        A_ub=x[~positive],
        b_ub=np.zeros(int((~positive).sum())),
        A_eq=x[positive],
        b_eq=np.zeros(int(positive.sum())),
        bounds=[(-1.0, 1.0)] * x.shape[1],
        method="highs",
    )
    return not (found.status == 0 and -float(found.fun) > LP_TOLERANCE)


@dataclass(frozen=True)
class Choice:
    """The chosen model and its neighbours, as indices into the table of scored models.

    Attributes:
        chosen: the best model with a finite estimate; the best of all when ``finite`` is False.
        finite: whether the chosen model's estimate exists and is reported.
        unbounded: models ranked at or above the chosen one with no finite estimate, best first.
        best_bounded: the best model with a finite estimate (None if none of those checked has).
        runners_up: models with a finite estimate ranked after the chosen one: at least
            :data:`RUNNERS_UP`, and every one within :data:`NEAR` of it.
    """

    chosen: int
    finite: bool
    unbounded: tuple[int, ...]
    best_bounded: int | None
    runners_up: tuple[int, ...]


def choose(scores: Sequence[float], bounded: Callable[[int], bool]) -> Choice:
    """The best model by ``scores`` (AIC or BIC) among those whose estimate is finite.

    When none is, or the best such is :data:`DECISIVE`-ly worse than a model without one, the
    data cannot bound the total and the choice is the best model, marked not finite.
    """
    order = sorted(range(len(scores)), key=lambda i: scores[i])[:MAX_CHECKED]
    best_bounded = next((i for i in order if bounded(i)), None)
    finite = best_bounded is not None and scores[best_bounded] - scores[order[0]] <= DECISIVE
    chosen = best_bounded if finite and best_bounded is not None else order[0]
    unbounded = tuple(i for i in order[: order.index(chosen) + 1] if not bounded(i))
    runners: list[int] = []
    for i in order[order.index(chosen) + 1 :]:
        if len(runners) >= RUNNERS_UP and scores[i] - scores[chosen] >= NEAR:
            break
        if bounded(i):
            runners.append(i)
    return Choice(chosen, finite, unbounded, best_bounded, tuple(runners))


def near_model_warnings(
    names: Sequence[str],
    totals: Sequence[float],
    scores: Sequence[float],
    choice: Choice,
    interval: tuple[float, float],
    criterion: str,
) -> list[str]:
    """A warning for each model within :data:`NEAR` of the chosen one whose total lies outside
    the chosen model's interval."""
    low, high = interval
    by = criterion.upper()
    chosen = choice.chosen
    return [
        f"model {names[i]} is almost as well supported as the chosen {names[chosen]} "
        f"(Δ{by} {scores[i] - scores[chosen]:.2f}, under {NEAR:.0f}: the data barely tell them "
        f"apart) and gives {totals[i]:,.0f}, outside the chosen model's 95% interval "
        f"{low:,.0f} – {high:,.0f}; that interval leaves out the uncertainty of choosing the "
        "model, so report both totals"
        for i in choice.runners_up
        if scores[i] - scores[chosen] < NEAR and not low <= totals[i] <= high
    ]


def unbounded_warnings(
    names: Sequence[str],
    totals: Sequence[float],
    scores: Sequence[float],
    choice: Choice,
    criterion: str,
) -> list[str]:
    """Warnings for models left out because their estimate does not exist, or for no estimate."""
    by = criterion.upper()
    if not choice.finite:
        text = (
            "no finite estimate: the lists' overlaps cannot bound the total; the best model by "
            f"{by}, {names[choice.chosen]}, fits better and better as the number of people on no "
            "list grows without limit"
        )
        other = choice.best_bounded
        if other is not None:
            text += (
                f"; the best model with a finite total, {names[other]} ({totals[other]:,.0f}), "
                f"has a {by} {scores[other] - scores[choice.chosen]:.2f} higher (over "
                f"{DECISIVE:.0f}: very strong evidence against it)"
            )
        return [text + "; do not quote a total from these lists"]
    if not choice.unbounded:
        return []
    best = choice.unbounded[0]
    count = len(choice.unbounded)
    return [
        f"{count} model{'s' if count > 1 else ''} ranked above the chosen "
        f"{names[choice.chosen]} by {by} (the best, {names[best]}, "
        f"{scores[choice.chosen] - scores[best]:.2f} lower) "
        f"{'have' if count > 1 else 'has'} no finite estimate: the fit improves without limit as "
        f"the number of people on no list grows; {'they were' if count > 1 else 'it was'} left "
        "out of the choice, and the chosen model fits these lists less well"
    ]
