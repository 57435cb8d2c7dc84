"""The ORM side of the linkage engine: ListRecords in, a stored LinkageRun out.

Reviewer decisions are read from LinkDecision on every run and given to the engine as
must-link / cannot-link pairs, so a confirmed split never re-merges whatever the scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from khavaran.analysis.actions import RunData, record_linkage_run
from khavaran.analysis.errors import ListError, ReviewError
from khavaran.analysis.models import Decision, LinkageRun, LinkDecision, ListRecord, RunCluster
from khavaran.engines.linkage import (
    DEFAULT_THRESHOLD,
    DecisionError,
    LinkageModel,
    capture_histories,
)

# The engine's record columns that a ListRecord's normalized fields fill.
ENGINE_FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "full_name",
    "father_name",
    "birth_year",
    "city",
    "prison",
    "death_date",
)


# A date field's stored range (khavaran.text.dates.FuzzyDate) -> the engine's day columns.
RANGE_FIELDS: dict[str, tuple[str, str]] = {
    "birth_year": ("birth_earliest", "birth_latest"),
    "death_date": ("death_earliest", "death_latest"),
}


@dataclass(frozen=True)
class RunOptions:
    threshold: float = DEFAULT_THRESHOLD
    backend: str = "duckdb"
    random_state: int = 0


def records_frame(records: Iterable[ListRecord]) -> pd.DataFrame:
    """The engine's input: one row per record, ``record_id`` is the row number.

    Dates go with the days the import read them as (``*_range``), so the engine links on the
    same reading of a date as the import accepted, whatever its format.
    """
    rows = [
        {"record_id": str(r.row_number), "list_name": r.victim_list.name}
        | {field: r.normalized.get(field) for field in ENGINE_FIELDS}
        | _date_bounds(r.normalized)
        for r in records
    ]
    columns = ["record_id", "list_name", *ENGINE_FIELDS, *_bound_columns()]
    return pd.DataFrame(rows, columns=columns)


def _bound_columns() -> list[str]:
    return [column for pair in RANGE_FIELDS.values() for column in pair]


def _date_bounds(normalized: dict[str, Any]) -> dict[str, str | None]:
    bounds: dict[str, str | None] = {}
    for field, (first, last) in RANGE_FIELDS.items():
        stored = normalized.get(f"{field}_range") or {}
        bounds[first], bounds[last] = stored.get("earliest"), stored.get("latest")
    return bounds


def decisions_as_uids() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Every stored decision as engine uid pairs: (must_link, cannot_link)."""
    must: list[tuple[str, str]] = []
    cannot: list[tuple[str, str]] = []
    decisions = LinkDecision.objects.select_related(
        "record_l__victim_list", "record_r__victim_list"
    )
    for decision in decisions:
        pair = (decision.record_l.uid, decision.record_r.uid)
        (must if decision.decision == Decision.CONFIRM else cannot).append(pair)
    return must, cannot


def run_linkage(options: RunOptions, *, actor: str) -> LinkageRun:
    """Link every imported list and store the run.

    Raises:
        ListError: no lists imported yet.
        ReviewError: the stored decisions contradict each other.
    """
    records = list(ListRecord.objects.select_related("victim_list").order_by("pk"))
    if len({r.victim_list_id for r in records}) < 1:
        raise ListError("no lists imported yet; import one with: khavaran lists import FILE")
    by_uid = {r.uid: r.pk for r in records}
    model = LinkageModel(
        threshold=options.threshold, backend=options.backend, random_state=options.random_state
    ).fit(records_frame(records))
    must, cannot = decisions_as_uids()
    try:
        result = model.cluster(must_link=must, cannot_link=cannot)
    except DecisionError as error:
        raise ReviewError(f"the review decisions conflict: {error}") from None
    summary: dict[str, Any] = json.loads(result.summary.to_json())
    pairs = [
        (
            by_uid[row.uid_l],
            by_uid[row.uid_r],
            float(row.match_probability),
            None if pd.isna(row.match_weight) else float(row.match_weight),
        )
        for row in result.pairs.itertuples()
    ]
    clusters = [
        (by_uid[uid], str(c))
        for uid, c in zip(result.clusters["uid"], result.clusters["cluster_id"], strict=True)
    ]
    lists = sorted({r.victim_list.name for r in records})
    data = RunData(summary["parameters"], summary["input_hash"], summary, lists, pairs, clusters)
    return record_linkage_run(data, actor=actor)


def latest_run() -> LinkageRun:
    """The most recent run.

    Raises:
        ListError: no run yet.
    """
    run = LinkageRun.objects.order_by("-pk").first()
    if run is None:
        raise ListError("no linkage run yet; run: khavaran link")
    return run


def clusters_frame(run: LinkageRun) -> pd.DataFrame:
    """``record``, ``uid``, ``list_name``, ``row_number``, ``cluster_id`` for a stored run."""
    rows = RunCluster.objects.filter(run=run).values_list(
        "record_id", "record__victim_list__name", "record__row_number", "cluster_id"
    )
    frame = pd.DataFrame(list(rows), columns=["record", "list_name", "row_number", "cluster_id"])
    frame["uid"] = frame["list_name"] + ":" + frame["row_number"].astype(str)
    return frame


def captures_for_run(run_id: int) -> pd.DataFrame:
    """The capture histories of a stored run: one 0/1 column per list and ``count``.

    Example:
        >>> captures_for_run(3).columns.tolist()  # doctest: +SKIP
        ['families', 'memorial', 'count']

    Raises:
        LinkageRun.DoesNotExist: no run with that id.
    """
    run = LinkageRun.objects.get(pk=run_id)
    return capture_histories(clusters_frame(run), lists=run.lists)
