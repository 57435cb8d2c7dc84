"""Multiple systems estimation: the total number of people from how several lists overlap.

Plain Python (numpy, scipy, numba); never imports Django or the rest of Khavaran, so it runs on
a statistician's laptop on a CSV. Methods: Chapman (two lists), log-linear models chosen by
BIC/AIC with profile-likelihood intervals (R's Rcapture), Bayesian model averaging over
decomposable graphs (R's dga), and the Bayesian non-parametric latent class model (R's LCMCR).

Example:
    >>> from khavaran.engines.estimation import read_captures, estimate
    >>> result = estimate(read_captures("kosovo.csv"), "lcmcr")  # doctest: +SKIP
    >>> result.total, result.interval, result.warnings  # doctest: +SKIP
"""

from khavaran.engines.estimation.calibrated_lcmcr import CalibratedLCMCR
from khavaran.engines.estimation.captures import CaptureHistories, read_captures
from khavaran.engines.estimation.chapman import Chapman
from khavaran.engines.estimation.dga import DecomposableGraphAveraging
from khavaran.engines.estimation.errors import (
    CaptureDataError,
    EstimationError,
    MethodNotApplicableError,
    SparseStratumError,
)
from khavaran.engines.estimation.explanation import HowReached, how_reached
from khavaran.engines.estimation.lcmcr import LatentClassMSE
from khavaran.engines.estimation.loglinear import LogLinear
from khavaran.engines.estimation.registry import METHODS, Settings, make_estimator, reproduce
from khavaran.engines.estimation.results import Diagnostics, Estimate, StratifiedEstimate
from khavaran.engines.estimation.strata import estimate

__all__ = [
    "METHODS",
    "CalibratedLCMCR",
    "CaptureDataError",
    "CaptureHistories",
    "Chapman",
    "DecomposableGraphAveraging",
    "Diagnostics",
    "Estimate",
    "EstimationError",
    "HowReached",
    "LatentClassMSE",
    "LogLinear",
    "MethodNotApplicableError",
    "Settings",
    "SparseStratumError",
    "StratifiedEstimate",
    "estimate",
    "how_reached",
    "make_estimator",
    "read_captures",
    "reproduce",
]
