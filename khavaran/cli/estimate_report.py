"""What `khavaran estimate` says beside its figures: what each figure and interval is, which strata
a total covers, where two methods disagree, and the JSON with its input and build."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khavaran.engines.estimation import CaptureHistories, Estimate, StratifiedEstimate

    Result = Estimate | StratifiedEstimate
    Tables = Mapping[str | None, CaptureHistories]

# A label longer than this would widen the table past a terminal: the strata are counted instead.
LABEL_WIDTH = 40


@dataclass(frozen=True)
class LeftOut:
    """A stratum a method refused, with how many it documents and why it was refused."""

    stratum: str
    documented: int
    reason: str


def overall(result: Result) -> Estimate:
    """The estimate of the whole table: the result itself, or its strata combined."""
    from khavaran.engines.estimation import Estimate

    return result if isinstance(result, Estimate) else result.combined


def left_out(result: Result, tables: Tables) -> list[LeftOut]:
    """The strata ``result`` leaves out, each with its documented count and the reason."""
    from khavaran.engines.estimation import StratifiedEstimate

    if not isinstance(result, StratifiedEstimate):
        return []
    documented = {str(key): table.n_observed for key, table in tables.items()}
    return [
        LeftOut(label, documented.get(label, 0), _reason(label, reason))
        for label, reason in sorted(result.refused.items())
    ]


def _reason(label: str, message: str) -> str:
    """Why a stratum was refused, without the file and stratum (said beside it) nor the advice
    to leave it out (it was)."""
    reason = message.split(f"(stratum {label}): ", 1)[-1]
    for advice in SKIP_ADVICE:
        reason = reason.replace(advice, "")
    return reason


# The end of strata.py's refusals, which --skip-sparse has followed.
SKIP_ADVICE = (
    "; merge strata, or leave it out with --skip-sparse",
    " (merge strata, or leave it out with --skip-sparse)",
)


def coverage_label(result: Result) -> str:
    """What a combined total covers: "all strata", or the strata estimated when some were
    left out (a partial sum labelled "all strata" read as the whole file's total)."""
    from khavaran.engines.estimation import StratifiedEstimate

    if not isinstance(result, StratifiedEstimate) or not result.refused:
        return "all strata"
    strata = [est.stratum or "" for est in result.strata]
    if not any(", " in label for label in strata):
        # One stratum column: its values say it ("north", not "province=north").
        strata = [label.split("=", 1)[-1] for label in strata]
    label = f"strata estimated ({', '.join(strata)})"
    if len(label) <= LABEL_WIDTH:
        return label
    return f"{len(strata)} of {len(strata) + len(result.refused)} strata estimated"


def left_out_lines(results: Sequence[Result], tables: Tables) -> list[str]:
    """One line per refused stratum, and what the total then covers, for each method."""
    lines = []
    for result in results:
        missing = left_out(result, tables)
        for item in missing:
            lines.append(
                f"{result.method}: left out: {item.stratum} ({item.documented:,} documented), "
                f"too sparse: {item.reason}"
            )
        if missing:
            covered = overall(result).observed
            lines.append(
                f"{result.method}: the total covers the {covered:,} documented in the strata "
                f"estimated, not the {covered + sum(i.documented for i in missing):,} documented "
                "in the file"
            )
    return lines


def kind_lines(results: Sequence[Result]) -> list[str]:
    """What each method's estimate and interval are, in a few words (the JSON says more)."""
    from khavaran.engines.estimation import StratifiedEstimate
    from khavaran.engines.estimation.registry import kind_of

    lines: list[str] = []
    for result in results:
        parts = [("", result)] if not isinstance(result, StratifiedEstimate) else []
        if isinstance(result, StratifiedEstimate):
            parts = [(", each stratum", result.strata[0]), (", strata combined", result.combined)]
        for where, est in parts:
            kind = kind_of(est)
            lines.append(f"{result.method}{where}: {kind.short}")
    return list(dict.fromkeys(lines))


def disagreements(results: Sequence[Result]) -> list[str]:
    """A line for each two methods whose 95% intervals of the total do not overlap."""
    from khavaran.engines.estimation.figures import interval_text

    lines = []
    for first, second in combinations([overall(r) for r in results], 2):
        a, b = sorted([first, second], key=lambda est: est.interval[0])
        if a.interval[1] < b.interval[0]:
            lines.append(
                f"the 95% intervals of {a.method} ({interval_text(a.interval)}) and {b.method} "
                f"({interval_text(b.interval)}) do not overlap: the methods disagree about how the "
                "lists depend on one another or how people differ in being listed; report both "
                "and the disagreement, not either figure alone"
            )
    return lines


def with_kinds(item: dict[str, Any], result: Result) -> dict[str, Any]:
    """A result's JSON with what its figures are (``estimate_kind``, ``interval_kind``) at its
    top level and in each estimate in it, and the strata it left out with their counts."""
    from khavaran.engines.estimation import StratifiedEstimate
    from khavaran.engines.estimation.registry import kind_of

    def describe(part: dict[str, Any], est: Estimate) -> None:
        kind = kind_of(est)
        part["estimate_kind"], part["interval_kind"] = kind.estimate, kind.interval

    describe(item, overall(result))
    if isinstance(result, StratifiedEstimate):
        describe(item["combined"], result.combined)
        for part, est in zip(item["strata"], result.strata, strict=True):
            describe(part, est)
    return item


def document(
    results: Sequence[Result],
    tables: Tables,
    ids: Sequence[int] | None,
    *,
    draws: bool,
    path: Path | None,
    run_id: int | None,
) -> dict[str, Any]:
    """The JSON of ``khavaran estimate --json``: the results as before (keys only added), with
    what each figure is, the strata left out, the input and the build that made them."""
    import json

    from khavaran import __version__
    from khavaran.audit.build import build_of

    payload = []
    for result, pk in zip(results, [*(ids or ()), *([None] * len(results))], strict=False):
        item = with_kinds(json.loads(result.to_json(draws=draws)), result)
        if pk is not None:
            item["estimate_id"] = pk
        if getattr(result, "refused", None):
            item["refused_strata"] = [vars(i) for i in left_out(result, tables)]
            item["covers"] = coverage_label(result)
        payload.append(item)
    return {
        "results": payload,
        "input": _input(path, run_id),
        "version": __version__,
        "build": f"{__version__}+{build_of()}",
        "disagreements": disagreements(results),
    }


def _input(path: Path | None, run_id: int | None) -> dict[str, Any]:
    from khavaran.evidence.storage import file_sha256

    if path is None:
        return {"linkage_run": run_id}
    return {"file": path.name, "file_sha256": file_sha256(path)}
