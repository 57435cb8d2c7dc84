"""Hierarchical log-linear models chosen by AIC or BIC, with profile-likelihood intervals.

Follows R's Rcapture (``closedpMS.t`` then ``closedpCI.t``): a Poisson GLM on the 2^J − 1 observed
cells for every hierarchical model with all main effects and interactions up to order J − 1; the
total is n + exp(intercept) of the best model; the interval is the 95% profile-likelihood interval
of the multinomial likelihood of the complete table (Cormack 1992).
"""

from __future__ import annotations

import math
from functools import cache
from itertools import chain, combinations, islice
from typing import Self

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln, xlogy
from scipy.stats import chi2

from khavaran.engines.estimation.base import Estimator
from khavaran.engines.estimation.captures import CaptureHistories, all_patterns
from khavaran.engines.estimation.chapman import small_overlap_warnings
from khavaran.engines.estimation.errors import EstimationError, SparseStratumError
from khavaran.engines.estimation.glm import FloatArray, fit_poisson_batch, poisson_loglik
from khavaran.engines.estimation.model_choice import (
    Choice,
    choose,
    near_model_warnings,
    unbounded_warnings,
    unseen_is_bounded,
)

Term = tuple[int, ...]
Model = tuple[Term, ...]
# A scored model: name, total, deviance, residual df, AIC, BIC.
Row = tuple[str, float, float, int, float, float]

# Above this many candidate models the search turns stepwise (R's Rcapture refuses instead).
MAX_EXHAUSTIVE_MODELS = 40_000
BATCH = 1024


def default_max_order(n_lists: int) -> int:
    """Highest interaction order searched: J − 1 up to five lists, pairs only beyond (Rcapture)."""
    return n_lists - 1 if n_lists <= 5 else 2


def hierarchical_models(n_lists: int, max_order: int) -> list[Model]:
    """Every hierarchical model with all main effects and interactions up to ``max_order``.

    Args:
        n_lists: J.
        max_order: largest interaction order (2 = pairs).

    Returns:
        Models as tuples of interaction terms (0-based list indices), independence first.

    Example:
        >>> len(hierarchical_models(3, 2))
        8
    """
    models: list[Model] = [()]
    for order in range(2, max_order + 1):
        grown: list[Model] = []
        for model in models:
            present = set(model)
            allowed = [
                t
                for t in combinations(range(n_lists), order)
                if order == 2 or all(s in present for s in combinations(t, order - 1))
            ]
            subsets = chain.from_iterable(combinations(allowed, k) for k in range(len(allowed) + 1))
            # Stop at the limit: 15 lists have 2^105 pair models; listing them ran out of memory.
            room = MAX_EXHAUSTIVE_MODELS + 1 - len(grown)
            grown.extend(model + subset for subset in islice(subsets, room))
            if len(grown) > MAX_EXHAUSTIVE_MODELS:
                raise EstimationError(
                    f"more than {MAX_EXHAUSTIVE_MODELS:,} hierarchical models for {n_lists} lists "
                    f"up to order {max_order}; lower max_order"
                )
        models = grown
    return models


def model_name(model: Model, n_lists: int) -> str:
    """Rcapture's name of a model: its highest terms, 1-based, e.g. ``[123,14,34]``."""
    maximal = [t for t in model if not any(set(t) < set(u) for u in model)]
    covered = {i for t in model for i in t}
    maximal += [(i,) for i in range(n_lists) if i not in covered]
    maximal.sort(key=lambda t: (-len(t), t))
    separator = "" if n_lists <= 9 else "."
    return "[" + ",".join(separator.join(str(i + 1) for i in t) for t in maximal) + "]"


class LogLinear(Estimator):
    """Best hierarchical log-linear model by an information criterion.

    Args:
        criterion: "bic" (Rcapture's default ranking) or "aic".
        max_order: highest interaction order; default J − 1 up to five lists, 2 beyond.

    Assumes the dependence between lists and the heterogeneity of people are captured by the
    chosen interactions, and that the highest-order interaction is zero (it is not identifiable).

    Example:
        >>> est = LogLinear().fit(caps).result_  # doctest: +SKIP
        >>> est.details["model"]  # doctest: +SKIP
        '[123,14,34]'
    """

    method = "loglinear"

    def __init__(self, criterion: str = "bic", max_order: int | None = None) -> None:
        self.criterion = criterion
        self.max_order = max_order

    def fit(self, captures: CaptureHistories) -> Self:
        """Search the models, pick the best by the criterion, and profile its likelihood.

        Only models whose estimate of the people on no list is finite may be chosen; if none is,
        or the best such fits decisively worse than one without, the total is infinite and the
        interval unbounded (:mod:`~khavaran.engines.estimation.model_choice`). Models almost as
        well supported whose totals fall outside the interval are named in the warnings.

        Args:
            captures: a table with 2 to 15 lists.

        Returns:
            self, with ``result_`` and ``models_`` (every model's name, total, deviance, AIC, BIC).
        """
        from khavaran.engines.estimation.results import Estimate

        if self.criterion not in ("aic", "bic"):
            raise EstimationError(f"criterion must be 'aic' or 'bic', not {self.criterion!r}")
        _check_data(captures)
        n_lists = captures.n_lists
        max_order = self.max_order or default_max_order(n_lists)
        max_order = min(max_order, n_lists - 1) if n_lists > 2 else 1
        counts = captures.full_table()[1:].astype(np.float64)
        terms = all_terms(n_lists, max_order)
        design = design_matrix(all_patterns(n_lists)[1:], terms)
        candidates, table, search = self._search(n_lists, max_order, counts, design, terms)
        key = 4 if self.criterion == "aic" else 5
        scores = [float(row[key]) for row in table]
        masks = model_masks(candidates, terms, n_lists)
        choice = choose(scores, cache(lambda i: unseen_is_bounded(design, counts, masks[i])))
        best = choice.chosen
        if choice.finite:
            total, lower, upper = profile_interval(counts, candidates[best], terms, n_lists)
        else:
            total, lower, upper = math.inf, float(captures.n_observed), math.inf
        self.models_ = table
        warnings = [
            *self._choice_warnings(table, scores, choice, (lower, upper)),
            *_fit_warnings(float(total), captures),
        ]
        self._result = Estimate(
            method=self.method,
            total=float(total),
            interval=(lower, upper),
            observed=captures.n_observed,
            lists=captures.lists,
            input_sha256=captures.sha256(),
            settings={"criterion": self.criterion, "max_order": max_order},
            seed=None,
            details=_details(table, choice, search),
            warnings=tuple(warnings),
            stratum=captures.stratum,
        )
        return self

    def _choice_warnings(
        self, table: list[Row], scores: list[float], choice: Choice, interval: tuple[float, float]
    ) -> list[str]:
        """Models left out for having no finite estimate, and near models outside the interval."""
        names = [row[0] for row in table]
        totals = [row[1] for row in table]
        return [
            *unbounded_warnings(names, totals, scores, choice, self.criterion),
            *near_model_warnings(names, totals, scores, choice, interval, self.criterion),
        ]

    def _search(
        self,
        n_lists: int,
        max_order: int,
        counts: FloatArray,
        design: FloatArray,
        terms: list[Term],
    ) -> tuple[list[Model], list[Row], str]:
        """The models compared, their scores, and "exhaustive" or "stepwise"."""
        try:
            models = hierarchical_models(n_lists, max_order)
        except EstimationError:
            # The search has scored every model it visited: on 15 lists scoring again took minutes.
            visited, rows = stepwise_search(counts, design, terms, self.criterion)
            return visited, rows, "stepwise"
        return models, score_models(models, counts, design, terms, int(counts.sum())), "exhaustive"


def _details(table: list[Row], choice: Choice, search: str) -> dict[str, object]:
    """The chosen model's fit, the runners-up, and the models left out for having no estimate."""
    name, glm_total, deviance, df, aic, bic = table[choice.chosen]
    return {
        "model": name,
        # A model with no finite estimate has no total: the GLM's is wherever it stopped.
        "glm_total": glm_total if choice.finite else math.inf,
        "deviance": deviance,
        "df": df,
        "aic": aic,
        "bic": bic,
        "models_compared": len(table),
        "search": search,
        "runners_up": [_scored(table[i]) for i in choice.runners_up],
        "unbounded_models": [
            {"model": table[i][0], "aic": table[i][4], "bic": table[i][5]} for i in choice.unbounded
        ],
    }


def _scored(row: Row) -> dict[str, object]:
    """A runner-up's name, AIC, BIC and GLM total (n + exp(intercept), not profiled)."""
    return {"model": row[0], "glm_total": row[1], "aic": row[4], "bic": row[5]}


def all_terms(n_lists: int, max_order: int) -> list[Term]:
    """Main effects then interactions up to ``max_order``, as tuples of list indices."""
    return [t for k in range(1, max_order + 1) for t in combinations(range(n_lists), k)]


def design_matrix(patterns: np.ndarray, terms: list[Term]) -> FloatArray:
    """Intercept plus one product column per term, one row per pattern."""
    columns = [np.ones(patterns.shape[0])]
    columns += [patterns[:, list(t)].prod(axis=1).astype(np.float64) for t in terms]
    return np.column_stack(columns)


def model_masks(models: list[Model], terms: list[Term], n_lists: int) -> np.ndarray:
    """Boolean column masks (intercept and main effects always on) for each model."""
    index = {t: i + 1 for i, t in enumerate(terms)}
    masks = np.zeros((len(models), len(terms) + 1), dtype=bool)
    masks[:, : n_lists + 1] = True
    for row, model in enumerate(models):
        masks[row, [index[t] for t in model]] = True
    return masks


def score_models(
    models: list[Model], counts: FloatArray, design: FloatArray, terms: list[Term], n_seen: int
) -> list[Row]:
    """Fit each model; return (name, total, deviance, residual df, AIC, BIC) rows."""
    n_lists = len([t for t in terms if len(t) == 1])
    rows: list[Row] = []
    for start in range(0, len(models), BATCH):
        chunk = models[start : start + BATCH]
        masks = model_masks(chunk, terms, n_lists)
        fits = fit_poisson_batch(design, counts, masks)
        loglik = poisson_loglik(counts, fits.fitted)
        for i, model in enumerate(chunk):
            npar = int(masks[i].sum())
            total = n_seen + math.exp(fits.coefficients[i, 0])
            # Rcapture ranks by BIC = −2 log L + log(n) · parameters, n the number seen.
            aic = -2.0 * loglik[i] + 2.0 * npar
            bic = -2.0 * loglik[i] + math.log(n_seen) * npar
            rows.append(
                (
                    model_name(model, n_lists),
                    total,
                    float(fits.deviance[i]),
                    counts.size - npar,
                    float(aic),
                    float(bic),
                )
            )
    return rows


def stepwise_search(
    counts: FloatArray, design: FloatArray, terms: list[Term], criterion: str
) -> tuple[list[Model], list[Row]]:
    """Forward search: add the hierarchical term that most lowers the criterion, until none does.

    Returns every model visited and its row of :func:`score_models`, so the caller can report
    how many were compared.
    """
    n_seen = int(counts.sum())
    current: Model = ()
    visited: list[Model] = [current]
    rows = score_models([current], counts, design, terms, n_seen)
    key = 4 if criterion == "aic" else 5
    best_score = float(rows[0][key])
    while True:
        present = set(current)
        options = [
            t
            for t in terms
            if len(t) > 1
            and t not in present
            and all(s in present or len(s) == 1 for s in combinations(t, len(t) - 1))
        ]
        if not options:
            return visited, rows
        trials = [(*current, t) for t in options]
        scored = score_models(trials, counts, design, terms, n_seen)
        scores = [float(r[key]) for r in scored]
        visited.extend(trials)
        rows.extend(scored)
        best = int(np.argmin(scores))
        if scores[best] >= best_score:
            return visited, rows
        current, best_score = trials[best], scores[best]


def profile_interval(
    counts: FloatArray, model: Model, terms: list[Term], n_lists: int, level: float = 0.95
) -> tuple[float, float, float]:
    """Profile-likelihood estimate and interval of the total for one model (``closedpCI.t``).

    Returns:
        (total at the profile maximum, lower, upper), as Rcapture reports them.

    The unseen cell is added with count n0 and fitted with the intercept alone; the multinomial
    profile log-likelihood is −(deviance(n0) − 2·c(n0))/2 with c = log(n0^n0 N! / (N^N n0!)).
    """
    n_seen = float(counts.sum())
    design = design_matrix(all_patterns(n_lists), terms)
    design[0, 1:] = 0.0
    mask = model_masks([model], terms, n_lists)

    def loglik(n0: float) -> float:
        full = np.concatenate([[n0], counts])
        fits = fit_poisson_batch(design, full, mask)
        total = n_seen + n0
        correction = xlogy(n0, n0) + gammaln(total + 1) - total * math.log(total) - gammaln(n0 + 1)
        return float(-(fits.deviance[0] - 2.0 * correction) / 2.0)

    point = fit_poisson_batch(design[1:], counts, mask)
    guess = max(math.exp(point.coefficients[0, 0]), 1.0)
    upper_search = guess * 50 + 100
    peak = minimize_scalar(lambda n0: -loglik(n0), bounds=(0.0, upper_search), method="bounded")
    top = -float(peak.fun)
    target = top - chi2.ppf(level, 1) / 2.0
    n0_hat = float(peak.x)
    lower = 0.0 if loglik(0.0) >= target else brentq(lambda v: loglik(v) - target, 0.0, n0_hat)
    high = max(n0_hat * 2, 10.0)
    while loglik(high) > target:
        high *= 2
        if high > 1e9:
            return n_seen + n0_hat, n_seen + lower, math.inf
    upper = brentq(lambda v: loglik(v) - target, n0_hat, high, xtol=1e-6)
    return n_seen + n0_hat, n_seen + float(lower), n_seen + float(upper)


def _check_data(captures: CaptureHistories) -> None:
    empty = [name for name, size in captures.list_sizes().items() if size == 0]
    if empty:
        raise SparseStratumError(
            f"{captures.source}{_where(captures)}: list '{empty[0]}' is empty; drop it or merge "
            "this stratum with another"
        )


def _where(captures: CaptureHistories) -> str:
    return f" (stratum {captures.stratum})" if captures.stratum else ""


def _fit_warnings(total: float, captures: CaptureHistories) -> tuple[str, ...]:
    warnings = []
    if captures.n_lists == 2:
        # On two lists the model is Lincoln–Petersen's, as fragile as Chapman's with few in common.
        both = int(captures.full_table()[3])
        warnings += small_overlap_warnings(
            both, "with two lists the log-linear estimate is Lincoln–Petersen's, and its interval"
        )
    if math.isfinite(total) and total > 20 * captures.n_observed:
        warnings.append(
            f"the log-linear total ({total:,.0f}) is over 20 times the documented count; the "
            "chosen model is probably unstable (sparse overlaps)"
        )
    return tuple(warnings)
