"""How an estimate was reached, read back from its result's JSON: each stratum's figures, the
model a log-linear search chose and its runners-up, the graphs dga weighted most, the sampler's
convergence, and how the strata were combined into one total.

Presentation only: it reads what a result already holds (``Estimate.to_json`` or
``StratifiedEstimate.to_json``, as stored with every Estimate row) and computes no figure.

Example:
    >>> how = how_reached(json.loads(result.to_json(draws=False)))  # doctest: +SKIP
    >>> how.whole.model.name, [s.stratum for s in how.strata]  # doctest: +SKIP
    ('[12,3]', ['city=Tehran', 'city=آبادان'])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from khavaran.engines.estimation.combination import (
    DRAW_SUM,
    DRAWS_SUMMED,
    FROM_STDERR,
    LOGNORMAL_SIMULATION,
    SIMULATED,
)
from khavaran.engines.estimation.results import finite_or_null

# Methods whose strata add posterior draws (unless their draws differ in shape, see below).
BAYESIAN = frozenset({"lcmcr", "lcmcr-calibrated", "dga"})

# A combined result's marker (`combination.combine`), read as a Combination's kind.
MARKED = {DRAW_SUM: "summed_draws", LOGNORMAL_SIMULATION: "simulated"}

# The words results stored before 2026-11-27 (commit 0108143) gave their combination, which
# was not today's: likelihood strata by a normal approximation, Bayesian strata all sampled
# with the estimate's one seed (`git show 0108143~1:khavaran/engines/estimation/strata.py`).
NORMAL_APPROXIMATION = "normal approximation"
ONE_SEED_DRAWS = "draws summed"
EARLIER_NORMAL = (
    "the combination used before 2026-11-27: the strata's totals summed; each stratum's "
    "standard error read from its 95% interval's width (width ÷ 3.92) and the variances "
    "added; the interval the total ± 1.96 standard errors, no lower than the documented "
    "count, and no seed. Being symmetric, it can put a skewed stratum's upper end above the "
    "combined one: estimate anew for today's combination (simulation on the log scale)"
)
EARLIER_ONE_SEED = (
    "the combination used before 2026-11-27: posterior draws summed across strata, draw by "
    "draw, but every stratum was sampled with the same seed{seed}, not each with its own"
)
ONE_SEED_TOO_WIDE = (
    "; so their draws are not independent (dga's move together) and the combined interval is "
    "too wide, up to about √k times for k strata: estimate anew for independent draws"
)


@dataclass(frozen=True)
class ScoredModel:
    """A log-linear model the search compared: its name, AIC, BIC and GLM total."""

    name: str
    aic: float
    bic: float
    glm_total: float


@dataclass(frozen=True)
class ModelChoice:
    """The log-linear model chosen by the criterion, and the ones that came next.

    Attributes:
        name: Rcapture's notation of its highest interactions, lists numbered from 1
            ("[12,3]": lists 1 and 2 interact, list 3 is independent of them).
        criterion: "bic" or "aic".
        aic, bic, deviance, df: the chosen model's fit; glm_total: its fitted total (the
            documented count plus the exponential of the intercept; the estimate itself is the
            profile likelihood's maximum, which differs from it slightly).
        compared: how many models the search scored; search: "exhaustive" or "stepwise".
        runners_up: the next models by the criterion (empty for estimates stored before they
            were kept).
    """

    name: str
    criterion: str
    aic: float
    bic: float
    deviance: float
    glm_total: float
    df: int | None
    compared: int | None
    search: str
    runners_up: tuple[ScoredModel, ...]

    @property
    def score(self) -> float:
        """The chosen model's value of the criterion."""
        return self.aic if self.criterion == "aic" else self.bic


@dataclass(frozen=True)
class Graph:
    """One decomposable graph dga averaged: its cliques and its posterior weight (0 to 1)."""

    cliques: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Convergence:
    """A sampler's diagnostics of the total: R-hat (nan for one chain), bulk and tail ESS."""

    rhat: float
    ess_bulk: float
    ess_tail: float
    chains: int
    draws: int
    chain_medians: tuple[float, ...]


@dataclass(frozen=True)
class Part:
    """The figures of the whole estimate, or of one stratum, and how they were reached.

    Attributes:
        stratum: the stratum's label ("city=آبادان"), or None for the whole.
        observed, total, interval: the documented count, the estimate and its 95% interval
            (an unbounded end is inf).
        warnings: the part's own warnings.
        model: the log-linear model chosen, if the method chose one.
        graphs: dga's most weighted graphs, heaviest first, and ``graphs_compared`` of them.
        convergence: the sampler's diagnostics (Bayesian methods).
    """

    stratum: str | None
    observed: int
    total: float
    interval: tuple[float, float]
    warnings: tuple[str, ...]
    model: ModelChoice | None = None
    graphs: tuple[Graph, ...] = ()
    graphs_compared: int | None = None
    convergence: Convergence | None = None


@dataclass(frozen=True)
class Combination:
    """How the strata were added into one total.

    Attributes:
        kind: today's "summed_draws" (the strata's posterior draws added draw by draw: a
            convolution by simulation of independent posteriors) or "simulated" (each
            stratum's undocumented count drawn on the log scale from its estimate and
            interval, independently, and the draws summed); or, for a result stored before
            2026-11-27, "normal_approximation" or "summed_draws_one_seed" (every stratum
            sampled with the same seed).
        from_stderr: the simulation drew Chapman's strata from their standard errors.
        draws: how many draws the simulation summed (None when posterior draws were summed).
        seed: the seed of the combination (None when it used none).
        text: the engine's own words, as stored.
        strata: how many strata were combined.
        earlier: what an earlier combination did and what it means for the interval, in
            words; "" for today's.
    """

    kind: str
    from_stderr: bool
    draws: int | None
    seed: int | None
    text: str
    strata: int = 0
    earlier: str = ""


@dataclass(frozen=True)
class HowReached:
    """An estimate's route: the whole, each stratum, the refused strata and the combination.

    ``lists`` are the list names in the order a model's notation numbers them from 1.
    """

    method: str
    whole: Part
    lists: tuple[str, ...] = ()
    strata: tuple[Part, ...] = ()
    refused: Mapping[str, str] | None = None
    combination: Combination | None = None

    @property
    def stratified(self) -> bool:
        return bool(self.strata or self.refused)

    @property
    def diagnosed(self) -> bool:
        """Whether any stratum has convergence diagnostics (a column worth showing)."""
        return any(part.convergence is not None for part in self.strata)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: a figure that is not finite (no upper bound, R-hat of one chain) is null."""
        data = asdict(self)
        data["refused"] = dict(self.refused or {})
        parts = (self.whole, *self.strata)
        for dumped, each in zip((data["whole"], *data["strata"]), parts, strict=True):
            if each.model is not None:
                dumped["model"]["score"] = each.model.score
        return dict(finite_or_null(data))


def how_reached(result: Mapping[str, Any]) -> HowReached:
    """How the estimate in ``result`` (a stored result's JSON) was reached.

    Args:
        result: ``Estimate.to_json`` or ``StratifiedEstimate.to_json`` output, parsed.

    Returns:
        A HowReached: for a stratified result, the combined figures as ``whole`` and one Part
        per stratum estimated; else the estimate itself as ``whole``.
    """
    if "combined" not in result:
        lists = tuple(result.get("lists") or ())
        return HowReached(str(result.get("method", "")), part(result), lists)
    combined = result["combined"]
    return HowReached(
        method=str(result["method"]),
        whole=part(combined),
        lists=tuple(combined.get("lists") or ()),
        strata=tuple(part(s) for s in result.get("strata", [])),
        refused=dict(result.get("refused") or {}),
        combination=combination(combined, result.get("strata") or ()),
    )


def part(data: Mapping[str, Any]) -> Part:
    """One estimate's figures and route, from its JSON."""
    details = dict(data.get("details") or {})
    low, high = data.get("interval") or (None, None)
    return Part(
        stratum=data.get("stratum"),
        observed=int(data.get("observed") or 0),
        total=_float(data.get("total"), math.nan),
        interval=(_float(low, 0.0), _float(high, math.inf)),
        warnings=tuple(data.get("warnings") or ()),
        model=_model(details, dict(data.get("settings") or {})),
        graphs=tuple(
            Graph(tuple(g.get("cliques", ())), _float(g.get("weight"), math.nan))
            for g in details.get("top_graphs") or ()
        ),
        graphs_compared=details.get("graphs"),
        convergence=_convergence(data.get("diagnostics")),
    )


def combination(
    combined: Mapping[str, Any], strata: Sequence[Mapping[str, Any]] = ()
) -> Combination:
    """How the combined result's strata were added: from its ``details["combined_by"]``
    marker, else from the words of its ``details["combination"]`` (results stored before the
    marker), else from the seeds (neither: a result made by hand).

    Args:
        combined: the combined result's JSON.
        strata: the strata's JSON, whose seeds tell whether each had its own.
    """
    details = dict(combined.get("details") or {})
    text = str(details.get("combination", ""))
    marker = dict(details.get("combined_by") or {})
    kind = _combined_kind(marker, text, combined, strata)
    simulated = kind == "simulated"
    if marker:
        from_stderr = marker.get("sides") == "standard-error"
    else:
        from_stderr = FROM_STDERR in text or (not text and combined.get("method") == "chapman")
    count = int(details.get("combined_strata") or len(strata))
    seed = None if kind == "normal_approximation" else marker.get("seed", combined.get("seed"))
    return Combination(
        kind=kind,
        from_stderr=simulated and from_stderr,
        draws=int(marker.get("draws", SIMULATED)) if simulated else None,
        seed=seed,
        text=text,
        strata=count,
        earlier=_earlier(kind, seed, count),
    )


def _combined_kind(
    marker: Mapping[str, Any],
    text: str,
    combined: Mapping[str, Any],
    strata: Sequence[Mapping[str, Any]],
) -> str:
    if marker.get("method") in MARKED:
        return MARKED[str(marker["method"])]
    if text == DRAWS_SUMMED or text.startswith("simulation"):
        return "summed_draws" if text == DRAWS_SUMMED else "simulated"
    if text in (NORMAL_APPROXIMATION, ONE_SEED_DRAWS):
        return "normal_approximation" if text == NORMAL_APPROXIMATION else "summed_draws_one_seed"
    if combined.get("method") in BAYESIAN:
        seeds = {s.get("seed") for s in strata}
        return "summed_draws_one_seed" if len(strata) > 1 and len(seeds) == 1 else "summed_draws"
    # Today's simulation always has a seed; the normal approximation had none.
    return "simulated" if combined.get("seed") is not None else "normal_approximation"


def _earlier(kind: str, seed: int | None, strata: int) -> str:
    """What an earlier combination did, and what it means for the interval ("" for today's)."""
    if kind == "normal_approximation":
        return EARLIER_NORMAL
    if kind != "summed_draws_one_seed":
        return ""
    text = EARLIER_ONE_SEED.format(seed="" if seed is None else f" ({seed})")
    return text + (ONE_SEED_TOO_WIDE if strata > 1 else "")


def _model(details: Mapping[str, Any], settings: Mapping[str, Any]) -> ModelChoice | None:
    if "model" not in details:
        return None
    return ModelChoice(
        name=str(details["model"]),
        criterion=str(settings.get("criterion", "bic")),
        aic=_float(details.get("aic"), math.nan),
        bic=_float(details.get("bic"), math.nan),
        deviance=_float(details.get("deviance"), math.nan),
        glm_total=_float(details.get("glm_total"), math.nan),
        df=details.get("df"),
        compared=details.get("models_compared"),
        search=str(details.get("search", "")),
        runners_up=tuple(
            ScoredModel(
                str(m["model"]),
                _float(m.get("aic"), math.nan),
                _float(m.get("bic"), math.nan),
                _float(m.get("glm_total"), math.nan),
            )
            for m in details.get("runners_up") or ()
        ),
    )


def _convergence(data: Mapping[str, Any] | None) -> Convergence | None:
    if not data:
        return None
    return Convergence(
        rhat=_float(data.get("rhat"), math.nan),
        ess_bulk=_float(data.get("ess_bulk"), math.nan),
        ess_tail=_float(data.get("ess_tail"), math.nan),
        chains=int(data.get("n_chains") or 0),
        draws=int(data.get("n_draws") or 0),
        chain_medians=tuple(_float(m, math.nan) for m in data.get("chain_medians") or ()),
    )


def _float(value: Any, missing: float) -> float:
    """A stored figure as a float: null (and the text "nan", "inf" of older stores) as
    ``missing`` or the value it names."""
    if value is None:
        return missing
    try:
        return float(value)
    except (TypeError, ValueError):
        return missing
