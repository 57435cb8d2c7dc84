"""Frozen, JSON-serializable results of an estimation: what was estimated, how, and how well."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from khavaran import __version__

JsonValue = Any


def finite_or_null(value: Any) -> Any:
    """``value`` with every float that is not finite (inf, nan) replaced by None, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite_or_null(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_null(v) for v in value]
    return value


def _diagnostics(data: dict[str, Any]) -> Diagnostics:
    """Diagnostics read back from JSON (an R-hat of one chain was written as null)."""
    fields: dict[str, Any] = {k: math.nan if v is None else v for k, v in data.items()}
    fields["chain_medians"] = tuple(_number(m, math.nan) for m in data["chain_medians"])
    return Diagnostics(**fields)


def _number(value: Any, missing: float) -> float:
    """A number read back from JSON, where null stood for ``missing`` (inf or nan)."""
    return missing if value is None else float(value)


@dataclass(frozen=True)
class Diagnostics:
    """Convergence diagnostics of a sampler, across chains.

    Attributes:
        rhat: rank-normalized split R-hat of the total (1.0 is ideal; > 1.1 is a warning).
        ess_bulk: effective sample size of the bulk of the posterior of the total.
        ess_tail: effective sample size of its tails (what the 95% interval rests on).
        n_chains: number of independent chains.
        n_draws: kept draws per chain.
        chain_medians: the median of the total in each chain, to see seed dependence.
        seconds: wall time of the sampling.
        iterations_per_second: Gibbs iterations per second, all chains together.
    """

    rhat: float
    ess_bulk: float
    ess_tail: float
    n_chains: int
    n_draws: int
    chain_medians: tuple[float, ...]
    seconds: float
    iterations_per_second: float


@dataclass(frozen=True)
class Estimate:
    """The estimated total of one population (or stratum) by one method.

    Attributes:
        method: "chapman", "loglinear", "dga" or "lcmcr".
        total: the estimate of the total (posterior median or MLE), documented plus undocumented.
        interval: 95% interval of the total.
        observed: the documented count (people seen on at least one list).
        lists: the list names used.
        input_sha256: SHA-256 of the canonical capture table.
        settings: every setting the method used.
        seed: the seed of the random generator (None for methods without randomness).
        version: Khavaran's version.
        draws: posterior draws of the total per chain (Bayesian methods), else empty.
        diagnostics: sampler diagnostics (LCMCR), else None.
        details: method-specific figures (chosen model, BIC, posterior mode...).
        warnings: plain-language warnings; an estimate with warnings must not be quoted alone.
        stratum: the stratum's label, or None.

    Example:
        >>> est = Estimate.from_json(text)  # doctest: +SKIP
        >>> est.total, est.interval  # doctest: +SKIP
        (10390.0, (8875.0, 14210.0))
    """

    method: str
    total: float
    interval: tuple[float, float]
    observed: int
    lists: tuple[str, ...]
    input_sha256: str
    settings: dict[str, JsonValue]
    seed: int | None
    version: str = __version__
    draws: tuple[tuple[int, ...], ...] = ()
    diagnostics: Diagnostics | None = None
    details: dict[str, JsonValue] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    stratum: str | None = None

    @property
    def undocumented(self) -> float:
        """Estimated number of people on no list."""
        return self.total - self.observed

    def all_draws(self) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Every draw of the total, chains concatenated."""
        return np.array([d for chain in self.draws for d in chain], dtype=np.int64)

    def to_dict(self) -> dict[str, JsonValue]:
        """Plain-JSON dictionary of every field."""
        return asdict(self)

    def to_json(self, *, draws: bool = True) -> str:
        """JSON text; ``draws=False`` leaves the posterior draws out (for short reports).

        A number that is not finite is null: an unbounded end of the interval, the R-hat of a
        single chain. JSON has no Infinity or NaN, and strict readers refuse them.
        """
        data = self.to_dict()
        if not draws:
            data["draws"] = []
        return json.dumps(finite_or_null(data), sort_keys=True, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Estimate:
        """Rebuild an Estimate from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict[str, JsonValue]) -> Estimate:
        """Rebuild an Estimate from :meth:`to_dict` output."""
        diag = data.get("diagnostics")
        low, high = data["interval"]
        return cls(
            method=data["method"],
            # Written as null only when no model bounds it (log-linear's "no finite estimate").
            total=_number(data["total"], math.inf),
            interval=(_number(low, 0.0), _number(high, math.inf)),
            observed=int(data["observed"]),
            lists=tuple(data["lists"]),
            input_sha256=data["input_sha256"],
            settings=dict(data["settings"]),
            seed=data["seed"],
            version=data["version"],
            draws=tuple(tuple(int(v) for v in chain) for chain in data.get("draws", [])),
            diagnostics=None if diag is None else _diagnostics(diag),
            details=dict(data.get("details", {})),
            warnings=tuple(data.get("warnings", [])),
            stratum=data.get("stratum"),
        )


@dataclass(frozen=True)
class StratifiedEstimate:
    """Estimates per stratum and their combination into one total.

    Attributes:
        method: the method used in every stratum.
        combined: the total over all strata (draws summed across strata for Bayesian methods).
        strata: one Estimate per stratum, in label order.
        refused: strata left out, with the reason (too sparse for the method).
    """

    method: str
    combined: Estimate
    strata: tuple[Estimate, ...]
    refused: dict[str, str] = field(default_factory=dict)

    def to_json(self, *, draws: bool = True) -> str:
        """JSON text of the combination, every stratum and the refusals."""
        combined = json.loads(self.combined.to_json(draws=draws))
        strata = [json.loads(s.to_json(draws=draws)) for s in self.strata]
        payload = {"method": self.method, "combined": combined, "strata": strata}
        payload["refused"] = self.refused
        return json.dumps(payload, sort_keys=True, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> StratifiedEstimate:
        """Rebuild a StratifiedEstimate from :meth:`to_json` output."""
        data = json.loads(text)
        return cls(
            method=data["method"],
            combined=Estimate.from_dict(data["combined"]),
            strata=tuple(Estimate.from_dict(s) for s in data["strata"]),
            refused=dict(data["refused"]),
        )
