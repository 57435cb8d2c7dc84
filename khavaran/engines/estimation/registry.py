"""The methods by name, their shared settings, and re-running a stored Estimate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from khavaran.engines.estimation.base import Estimator
from khavaran.engines.estimation.calibrated_lcmcr import CalibratedLCMCR
from khavaran.engines.estimation.captures import CaptureHistories
from khavaran.engines.estimation.chapman import Chapman
from khavaran.engines.estimation.combination import LOGNORMAL_SIMULATION
from khavaran.engines.estimation.dependence import dependence_warnings, interval_warnings
from khavaran.engines.estimation.dga import DecomposableGraphAveraging
from khavaran.engines.estimation.errors import EstimationError
from khavaran.engines.estimation.lcmcr import LatentClassMSE, Progress
from khavaran.engines.estimation.loglinear import LogLinear
from khavaran.engines.estimation.results import Estimate


@dataclass(frozen=True)
class Settings:
    """Settings of every method, with defaults fit for a laptop (see docs/estimation.md).

    Attributes:
        seed: random seed (LCMCR chains, dga's kept draws).
        chains, burn_in, samples, thin, classes, a, b: LCMCR sampler settings.
        criterion, max_order: log-linear model choice.
        delta, dga_max_missing, dga_prior: dga's prior count per cell, grid end, prior on N
            (None: 1/N; (a, b): Madigan & York's).
        replicates: populations simulated to calibrate LCMCR's interval (lcmcr-calibrated).
        n_jobs: LCMCR chains (and lcmcr-calibrated's simulations) run at once.
    """

    seed: int = 0
    chains: int = 4
    burn_in: int = 10_000
    samples: int = 2_000
    thin: int = 100
    classes: int | None = None
    a: float = 0.25
    b: float = 0.25
    criterion: str = "bic"
    max_order: int | None = None
    delta: float = 1 / 16
    dga_max_missing: int | None = None
    dga_prior: tuple[float, float] | None = None
    replicates: int = 40
    n_jobs: int = 1


def _lcmcr(s: Settings, progress: Progress | None) -> LatentClassMSE:
    return LatentClassMSE(
        n_classes=s.classes,
        a=s.a,
        b=s.b,
        burn_in=s.burn_in,
        n_samples=s.samples,
        thin=s.thin,
        n_chains=s.chains,
        random_state=s.seed,
        n_jobs=s.n_jobs,
        progress=progress,
    )


def _calibrated_lcmcr(s: Settings, progress: Progress | None) -> Estimator:
    return CalibratedLCMCR(
        _lcmcr(s, None), replicates=s.replicates, n_jobs=s.n_jobs, progress=progress
    )


# The methods that run LCMCR's sampler: its settings, its progress bar, its three-list rule.
LCMCR_METHODS = frozenset({"lcmcr", "lcmcr-calibrated"})

METHODS: dict[str, Callable[[Settings, Progress | None], Estimator]] = {
    "lcmcr": _lcmcr,
    "lcmcr-calibrated": _calibrated_lcmcr,
    "dga": lambda s, _: DecomposableGraphAveraging(
        delta=s.delta, max_missing=s.dga_max_missing, n_prior=s.dga_prior, random_state=s.seed
    ),
    "loglinear": lambda s, _: LogLinear(criterion=s.criterion, max_order=s.max_order),
    "chapman": lambda s, _: Chapman(),
}


@dataclass(frozen=True)
class Kind:
    """What a method's estimate and interval are, said once for the table, JSON and plot.

    Attributes:
        estimate: what the point estimate is ("posterior median").
        interval: what the 95% interval is ("95% credible interval (posterior quantiles)").
        short: both in a few words, for a legend ("posterior median, 95% credible").
        bayesian: whether the method has a posterior (draws) to plot as a density.
    """

    estimate: str
    interval: str
    short: str
    bayesian: bool


CREDIBLE = "95% credible interval (2.5% and 97.5% posterior quantiles)"
KINDS: dict[str, Kind] = {
    "lcmcr": Kind("posterior median", CREDIBLE, "posterior median, 95% credible interval", True),
    "lcmcr-calibrated": Kind(
        "median of the calibrated posterior",
        "95% interval calibrated on populations simulated from the posterior",
        "calibrated posterior median, 95% calibrated interval",
        True,
    ),
    "dga": Kind(
        "posterior median (averaged over graphs)",
        CREDIBLE,
        "posterior median, 95% credible interval",
        True,
    ),
    "loglinear": Kind(
        "maximum-likelihood estimate of the chosen model",
        "95% profile-likelihood confidence interval",
        "MLE, 95% profile-likelihood CI",
        False,
    ),
    "chapman": Kind(
        "Chapman's estimate",
        "95% normal-approximation confidence interval (Seber's variance)",
        "Chapman, 95% normal-approximation CI",
        False,
    ),
}
# Likelihood methods' strata are combined by simulation (combination.py): their sum is still
# the strata's estimates summed, but the interval is the simulation's.
SIMULATED_SUM = Kind(
    "sum of the strata's estimates",
    "95% interval simulated from each stratum's interval",
    "sum of strata, 95% simulated interval",
    False,
)


def kind_of(estimate: Estimate) -> Kind:
    """What ``estimate``'s figure and interval are (a combination of strata says how).

    Example:
        >>> kind_of(Chapman().fit(table).result_).interval  # doctest: +SKIP
        '95% normal-approximation confidence interval (Seber's variance)'
    """
    combined_by = estimate.details.get("combined_by") or {}
    if isinstance(combined_by, dict) and combined_by.get("method") == LOGNORMAL_SIMULATION:
        return SIMULATED_SUM
    return KINDS[estimate.method]


def make_estimator(
    method: str, settings: Settings | None = None, progress: Progress | None = None
) -> Estimator:
    """The estimator for ``method`` (a name in :data:`METHODS`) with ``settings``.

    Example:
        >>> make_estimator("chapman").method
        'chapman'
    """
    if method not in METHODS:
        raise EstimationError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    return METHODS[method](settings or Settings(), progress)


def fit(
    method: str,
    captures: CaptureHistories,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Estimate:
    """Fit ``method`` on one table; its Estimate carries the table's dependence warnings.

    A list compiled from the others gives an interval of almost no width; the warnings say so
    (and any interval under one person wide is warned), whatever the method.
    """
    result = make_estimator(method, settings, progress).fit(captures).result_
    table = dependence_warnings(captures)
    added = table + interval_warnings(result, table)
    if not added:
        return result
    return replace(result, warnings=(*added, *result.warnings))


def settings_of(estimate: Estimate) -> Settings:
    """The Settings that produced a stored Estimate."""
    stored = estimate.settings
    seed = estimate.seed if estimate.seed is not None else 0
    if estimate.method in LCMCR_METHODS:
        return Settings(
            seed=seed,
            chains=stored["n_chains"],
            burn_in=stored["burn_in"],
            samples=stored["n_samples"],
            thin=stored["thin"],
            classes=stored["n_classes"],
            a=stored["a"],
            b=stored["b"],
            replicates=stored.get("replicates", Settings.replicates),
        )
    if estimate.method == "loglinear":
        return Settings(criterion=stored["criterion"], max_order=stored["max_order"])
    if estimate.method == "dga":
        prior = stored.get("prior_n", "1/N")
        return Settings(
            seed=seed,
            delta=stored["delta"],
            dga_max_missing=stored.get("max_missing"),
            dga_prior=None if prior == "1/N" else (float(prior[0]), float(prior[1])),
        )
    return Settings(seed=seed)


def reproduce(estimate: Estimate, captures: CaptureHistories) -> Estimate:
    """Re-run a stored Estimate on its input; the same seed and settings give the same numbers.

    Raises:
        EstimationError: when ``captures`` is not the table the Estimate was computed from.
    """
    if captures.sha256() != estimate.input_sha256:
        raise EstimationError(
            f"{captures.source}: this table's hash {captures.sha256()[:12]}… differs from the "
            f"stored input {estimate.input_sha256[:12]}…; it is not the same capture table"
        )
    return fit(estimate.method, captures, settings_of(estimate))
