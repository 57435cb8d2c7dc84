"""The estimator contract shared by every method (scikit-learn's: parameters, fit, learned_)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Self

from khavaran.engines.estimation.captures import CaptureHistories
from khavaran.engines.estimation.errors import EstimationError
from khavaran.engines.estimation.results import Estimate


class NotFittedError(EstimationError):
    """``result_`` was read before ``fit``."""


class Estimator(ABC):
    """Base of the estimation methods.

    ``__init__`` stores parameters only; ``fit(captures)`` computes and stores ``result_``, a
    frozen :class:`Estimate`; ``random_state`` seeds any randomness.
    """

    method: str = ""
    _result: Estimate | None = None

    @abstractmethod
    def fit(self, captures: CaptureHistories) -> Self:
        """Estimate the total from ``captures`` and store it in ``result_``."""

    @property
    def result_(self) -> Estimate:
        """The Estimate computed by :meth:`fit`."""
        if self._result is None:
            raise NotFittedError(
                f"{type(self).__name__}: call fit(captures) before reading result_"
            )
        return self._result

    def get_params(self) -> dict[str, Any]:
        """The estimator's parameters, as given to ``__init__``."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}
