"""The ORM side of estimation: capture tables from a linkage run, estimates stored and re-run.

An Estimate row keeps the capture table(s) it estimated, the engine's settings and seed, and the
result without its draws (their SHA-256 instead). Reproducing re-runs the method on the stored
table and compares every figure; for a linkage run it first rebuilds the table from the run and
says whether the input itself has changed since.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from django.db import transaction

from khavaran.analysis.actions import record_estimate
from khavaran.analysis.linkage_runs import captures_for_run
from khavaran.analysis.models import Estimate, LinkageRun, VictimList
from khavaran.audit.build import build_of
from khavaran.engines.estimation import (
    CaptureHistories,
    HowReached,
    Settings,
    StratifiedEstimate,
    estimate,
)
from khavaran.engines.estimation import Estimate as EngineEstimate
from khavaran.engines.estimation import how_reached as engine_how_reached
from khavaran.evidence.storage import file_sha256
from khavaran.json_safe import json_safe
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, most_protected

Tables = Mapping[str | None, CaptureHistories]
Result = EngineEstimate | StratifiedEstimate
# Wall-clock figures and the package version change between runs without changing the estimate.
UNCOMPARED = frozenset({"seconds", "iterations_per_second", "version"})
# Floats equal to this relative precision count as the same (BLAS may differ in the last bits).
REL_TOL = 1e-9
# A deterministic method's figures within this relative difference are the same estimate,
# computed by fitting code whose floating-point steps have changed since it was stored (the
# batched GLM of 2026-11-27 moved a 4-list log-linear total by 5e-7). A sampler's are not: the
# same seed gives the same draws, or the estimate is not reproduced.
NUMERICAL_TOL = 1e-6
DETERMINISTIC = frozenset({"loglinear", "chapman", "dga"})
# Details results keep since some estimates were stored: their absence is not a difference.
ADDED_SINCE = frozenset(
    {
        "runners_up",
        "combined_by",
        "ends_monte_carlo_error",
        "saturated_weight",
        "unbounded_models",
    }
)


# What each method's estimate depends on, of the settings stored with it (`Settings` holds
# every method's): a log-linear estimate shown with LCMCR's chains misleads its reader.
METHOD_SETTINGS = {
    "lcmcr": ("chains", "burn_in", "samples", "thin", "classes", "a", "b"),
    "lcmcr-calibrated": ("chains", "burn_in", "samples", "thin", "classes", "a", "b", "replicates"),
    "dga": ("delta", "dga_max_missing", "dga_prior"),
    "loglinear": ("criterion", "max_order"),
    "chapman": (),
}
# Shown on their own (the seed) or not at all (how many processes: how fast, not what).
NOT_METHOD_SETTINGS = frozenset({"seed", "n_jobs"})


def method_settings(method: str, settings: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The stored settings that made an estimate by ``method``, in METHOD_SETTINGS' order (all
    of them, in their stored order, for a method not listed there), without the seed and n_jobs.

    Example:
        >>> method_settings("loglinear", {"seed": 0, "chains": 4, "criterion": "bic"})
        [('criterion', 'bic')]
    """
    wanted = METHOD_SETTINGS.get(method)
    if wanted is not None:
        # In the method's own order: PostgreSQL's jsonb keeps keys in an order of its own.
        return [(name, settings[name]) for name in wanted if name in settings]
    return [(name, value) for name, value in settings.items() if name not in NOT_METHOD_SETTINGS]


@dataclass(frozen=True)
class Inputs:
    """What was estimated and how: the tables, where they came from, the settings.

    Attributes:
        tables: ``{None: table}`` or one table per stratum, as the engine takes them.
        settings: the engine's settings (seed included).
        strata: the stratum columns of a CSV.
        skip_sparse: whether sparse strata were left out.
        run: the linkage run the table came from, if any.
        captures_name, captures_sha256: the CSV's file name and the SHA-256 of its bytes.
        confidentiality: who may read the estimate.
        with_draws: keep the posterior draws in the stored result (else only their hash).
    """

    tables: Tables
    settings: Settings
    strata: tuple[str, ...] = ()
    skip_sparse: bool = False
    run: LinkageRun | None = None
    captures_name: str = ""
    captures_sha256: str = ""
    confidentiality: str = "restricted"
    with_draws: bool = False


@dataclass(frozen=True)
class Reproduction:
    """The outcome of re-running a stored estimate.

    Attributes:
        estimate: the stored Estimate.
        result: the new engine result.
        differences: one line per figure that differs beyond 9 significant digits ("total:
            10418.0 → 10420.0"); empty when the numbers are identical.
        reworded: one line per warning that reads differently now: the program's words
            changed (a new caveat, a clearer sentence), not the estimate.
        input_changed: why the estimate's input no longer gives the stored table, else "".
        largest: the largest relative difference among them (inf when something other than a
            number differs, a draw's hash or a model's name; 0 when none differs).
    """

    estimate: Estimate
    result: Result
    differences: tuple[str, ...]
    input_changed: str = ""
    largest: float = 0.0
    reworded: tuple[str, ...] = ()

    @property
    def identical(self) -> bool:
        return not self.differences

    @property
    def within_tolerance(self) -> bool:
        """Not identical, but a deterministic method's every figure within NUMERICAL_TOL."""
        return (
            bool(self.differences)
            and self.estimate.method in DETERMINISTIC
            and self.largest <= NUMERICAL_TOL
        )

    @property
    def reproduced(self) -> bool:
        return self.identical or self.within_tolerance


def run_tables(run: LinkageRun) -> dict[str | None, CaptureHistories]:
    """The capture table of a stored linkage run, as the engine takes it."""
    frame = captures_for_run(run.pk)
    lists = [c for c in frame.columns if c != "count"]
    counts = {
        tuple(int(v) for v in row[:-1]): int(row[-1])
        for row in frame[[*lists, "count"]].itertuples(index=False)
    }
    return {None: CaptureHistories.from_counts(lists, counts, source=f"linkage run {run.pk}")}


def run_confidentiality(run: LinkageRun) -> str:
    """The most protected level among the run's lists (a list gone since: confidential)."""
    found = dict(
        VictimList.objects.filter(name__in=run.lists).values_list("name", "source__confidentiality")
    )
    if len(found) < len(set(run.lists)):
        return CONFIDENTIALITY_ORDER[-1]
    return max(found.values(), key=CONFIDENTIALITY_ORDER.index, default=CONFIDENTIALITY_ORDER[-1])


def store_results(results: Sequence[Result], inputs: Inputs, *, actor: str) -> list[Estimate]:
    """Store one Estimate per method's result, all or none."""
    with transaction.atomic():
        if not results:
            return []
        # Read once for every method's result: the level the lists ask for, and the run's
        # undecided pairs (a review-band query).
        level, raised = stored_level(inputs.confidentiality, _overall(results[0]).lists)
        caveats = linkage_caveats(inputs.run) if inputs.run is not None else []
        extra = {"confidentiality": level, "warnings": caveats + raised}
        return [
            record_estimate(_with_extra(estimate_fields(r, inputs), extra), actor=actor)
            for r in results
        ]


def estimate_fields(result: Result, inputs: Inputs) -> dict[str, Any]:
    """The Estimate row's fields for one engine result."""
    overall = _overall(result)
    return {
        "method": result.method,
        "linkage_run": inputs.run,
        "captures_name": inputs.captures_name,
        "captures_sha256": inputs.captures_sha256,
        "input_sha256": overall.input_sha256,
        "captures": tables_to_json(inputs.tables),
        "lists": list(overall.lists),
        "strata": list(inputs.strata),
        "settings": json_safe(asdict(inputs.settings)),
        "skip_sparse": inputs.skip_sparse,
        "seed": overall.seed,
        "version": stored_version(overall.version),
        "result": json_safe(json.loads(result.to_json(draws=inputs.with_draws))),
        "draws_sha256": draws_sha256(result),
        "total": overall.total,
        "interval_low": overall.interval[0],
        "interval_high": overall.interval[1],
        "observed": overall.observed,
        "warnings": result_warnings(result),
        "confidentiality": inputs.confidentiality,
    }


def stored_version(version: str) -> str:
    """The version an estimate is stored with: the engine's and the build's commit
    ("0.1.0+g1a2b3c4"; `audit.build`), since two builds of one version can fit differently
    (estimates stored before the build was kept have the version alone)."""
    return f"{version}+{build_of()}"


def _with_extra(fields: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """An estimate's fields at the level it is stored at, its warnings followed by those of
    its inputs."""
    return fields | {
        "confidentiality": extra["confidentiality"],
        "warnings": fields["warnings"] + extra["warnings"],
    }


def linkage_caveats(run: LinkageRun) -> list[str]:
    """What the estimate of a run takes on trust: the pairs near the threshold no one has
    decided yet count as the run linked them, and deciding them can move the total by more
    than its interval (each confirmed or split pair changes an overlap)."""
    from khavaran.analysis.review import queue_size

    waiting = queue_size(run)
    if not waiting:
        return []
    pairs = "pair" if waiting == 1 else "pairs"
    return [
        f"linkage run {run.pk} has {waiting} undecided {pairs} in the review band: the "
        "estimate counts them as the run linked them, and deciding them can move it by more "
        "than its interval; review them (khavaran link review) before a final figure"
    ]


def stored_level(asked: str, lists: Sequence[str]) -> tuple[str, list[str]]:
    """The level an estimate is stored at: the one asked for, raised to that of every stored
    victim list its table names (a capture table exported from a run that counts a
    confidential list tells that list's name and every overlap), and why, if it was raised."""
    levels = dict(
        VictimList.objects.filter(name__in=lists).values_list("name", "source__confidentiality")
    )
    level = most_protected([asked, *levels.values()])
    if level == asked:
        return asked, []
    above = sorted(name for name, each in levels.items() if each == level)
    return level, [
        f"stored as {level}, not {asked}: its table names the {level} list(s) " + ", ".join(above)
    ]


def result_warnings(result: Result) -> list[str]:
    """The result's warnings, and the strata it refused as too sparse."""
    warnings = list(_overall(result).warnings)
    if isinstance(result, StratifiedEstimate):
        warnings += [f"stratum refused: {reason}" for reason in result.refused.values()]
    return warnings


def draws_sha256(result: Result) -> str:
    """SHA-256 of every posterior draw (combined and per stratum); "" without draws."""
    parts = [_overall(result).draws]
    if isinstance(result, StratifiedEstimate):
        parts += [s.draws for s in result.strata]
    if not any(parts):
        return ""
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def tables_to_json(tables: Tables) -> list[dict[str, Any]]:
    return [
        {
            "stratum": key,
            "source": table.source,
            "lists": list(table.lists),
            "patterns": table.patterns.tolist(),
            "counts": table.counts.tolist(),
        }
        for key, table in tables.items()
    ]


def tables_from_json(data: Sequence[Mapping[str, Any]]) -> dict[str | None, CaptureHistories]:
    return {
        item["stratum"]: CaptureHistories.from_counts(
            item["lists"],
            {tuple(p): int(c) for p, c in zip(item["patterns"], item["counts"], strict=True)},
            source=item["source"],
            stratum=item["stratum"],
        )
        for item in data
    }


def settings_from_json(data: Mapping[str, Any]) -> Settings:
    """The Settings stored with an estimate (settings added since take their defaults)."""
    names = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in names}
    if values.get("dga_prior") is not None:
        values["dga_prior"] = tuple(values["dga_prior"])
    return Settings(**values)


def reproduce(stored: Estimate, progress: Callable[[int], None] | None = None) -> Reproduction:
    """Re-run a stored estimate with its stored table, settings and seed; compare every figure.

    Args:
        stored: the Estimate to re-run.
        progress: given the number of sampler iterations done (LCMCR).

    Returns:
        A Reproduction: ``identical`` when every figure and draw is the same.

    Raises:
        EstimationError: the engine refuses the stored table (it did not when it was stored).

    Example:
        >>> reproduce(Estimate.objects.get(pk=3)).identical  # doctest: +SKIP
        True
    """
    tables = tables_from_json(stored.captures)
    settings = settings_from_json(stored.settings)
    result = estimate(
        tables, stored.method, settings, skip_sparse=stored.skip_sparse, progress=progress
    )
    found = differences(comparable(stored.result, stored.draws_sha256), comparable_of(result))
    # A warning added or reworded since is said apart: the figures are what is reproduced.
    worded = [d for d in found if _is_warning(d.path)]
    figures = [d for d in found if not _is_warning(d.path)]
    return Reproduction(
        stored,
        result,
        tuple(d.line for d in figures),
        input_changed(stored, tables),
        largest=max((d.relative for d in figures), default=0.0),
        reworded=tuple(d.line for d in worded),
    )


def _is_warning(path: str) -> bool:
    return any(part.split("[")[0] == "warnings" for part in path.split("."))


def how_reached(stored: Estimate) -> HowReached:
    """How a stored estimate was reached: its strata, model, graphs, convergence and how its
    strata were combined, read from its stored result (`engines.estimation.explanation`)."""
    return engine_how_reached(stored.result or {})


def input_changed(stored: Estimate, tables: Tables) -> str:
    """Why the estimate's linkage run no longer gives the stored table, or ""."""
    if stored.linkage_run is None:
        return ""
    now = run_tables(stored.linkage_run)[None].sha256()
    was = next(iter(tables.values())).sha256()
    if now == was:
        return ""
    return (
        f"the input changed: {stored.input_label} now gives the capture table {now[:12]}…, "
        f"the estimate was made from {was[:12]}…; the stored table was re-run instead "
        f"(estimate anew with: khavaran estimate --run {stored.linkage_run_id})"
    )


def file_changed(stored: Estimate, path: Path) -> str:
    """Why the file at ``path`` is not the one the estimate was made from, or ""."""
    digest = file_sha256(path)
    if not stored.captures_sha256 or digest == stored.captures_sha256:
        return ""
    return (
        f"the input changed: {path} has SHA-256 {digest[:12]}…, the estimate was made from "
        f"{stored.captures_name} with {stored.captures_sha256[:12]}…; the stored table was re-run"
    )


def comparable_of(result: Result) -> dict[str, Any]:
    return comparable(json_safe(json.loads(result.to_json(draws=False))), draws_sha256(result))


def comparable(result: Mapping[str, Any], draws: str) -> dict[str, Any]:
    """A result's figures without timings and version, with the draws' hash."""
    return {**_strip(result), "draws_sha256": draws}


@dataclass(frozen=True)
class Difference:
    """A figure that differs between two comparable results: the line that says so and how
    far apart the two are, relative to the larger (inf unless both are numbers)."""

    line: str
    relative: float
    path: str = ""


def differences(before: Any, after: Any, path: str = "") -> list[Difference]:
    """Each figure that differs between two comparable results beyond 9 significant digits."""
    if isinstance(before, dict) and isinstance(after, dict):
        keys = sorted(set(before) | {k for k in after if k in before or k not in ADDED_SINCE})
        return [d for k in keys for d in differences(before.get(k), after.get(k), _join(path, k))]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            d
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for d in differences(b, a, f"{path}[{i}]")
        ]
    if _same(before, after):
        return []
    line = f"{path or 'result'}: {_short(before)} → {_short(after)}"
    return [Difference(line, _relative(before, after), path)]


def _relative(before: Any, after: Any) -> float:
    numbers = (int, float)
    if not isinstance(before, numbers) or not isinstance(after, numbers):
        return math.inf
    if isinstance(before, bool) or isinstance(after, bool):
        return math.inf
    scale = max(abs(before), abs(after))
    return abs(before - after) / scale if scale and math.isfinite(scale) else math.inf


# How a figure that is not finite was stored: as text before results wrote JSON null for it.
_NOT_FINITE = ("nan", "inf", "-inf")


def _same(before: Any, after: Any) -> bool:
    if (before is None and after in _NOT_FINITE) or (after is None and before in _NOT_FINITE):
        return True
    numbers = (int, float)
    if isinstance(before, numbers) and isinstance(after, numbers):
        return before == after or math.isclose(before, after, rel_tol=REL_TOL)
    return bool(before == after)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in UNCOMPARED and k != "draws"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _overall(result: Result) -> EngineEstimate:
    return result if isinstance(result, EngineEstimate) else result.combined
