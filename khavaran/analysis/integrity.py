"""Lists, linkage and estimates in the form the audit log records them, for `verify`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from khavaran.analysis.audit_states import digest, estimate_state, run_digests
from khavaran.analysis.models import (
    Estimate,
    LinkageRun,
    LinkDecision,
    LinkPair,
    ListRecord,
    RunCluster,
    VictimList,
)
from khavaran.analysis.rows import column_names
from khavaran.audit.models import AuditEvent
from khavaran.audit.replay import Audited, Drift


def _rows_digest(victim_list: VictimList) -> str:
    """The digest the import logged, of the rows as stored. PostgreSQL's jsonb does not keep
    a row's key order, so each row's cells are put back in the order of the list's columns."""
    records = ListRecord.objects.filter(victim_list=victim_list).order_by("row_number")
    rows: list[list[Any]] = []
    for number, original in records.values_list("row_number", "original"):
        order = column_names(victim_list.headers, len(original))
        cells = {name: original[name] for name in order if name in original}
        rows.append([number, {**cells, **original}])
    return digest(rows)


def _victim_list(victim_list: VictimList) -> dict[str, Any]:
    return {
        "name": victim_list.name,
        "source": victim_list.source_id,
        "mapping": victim_list.mapping,
        "rows": victim_list.row_count,
        "rows_sha256": _rows_digest(victim_list),
    }


def _run(run: LinkageRun) -> dict[str, Any]:
    pairs = LinkPair.objects.filter(run=run).values_list(
        "record_l_id", "record_r_id", "probability", "weight"
    )
    clusters = RunCluster.objects.filter(run=run).values_list("record_id", "cluster_id")
    return {
        "parameters": run.parameters,
        "input_hash": run.input_hash,
        "n_pairs": run.pairs.count(),
        "n_clusters": run.summary.get("n_clusters"),
        **run_digests(pairs, clusters),
    }


ANALYSIS = (
    Audited("analysis.VictimList", _victim_list, rows=lambda: VictimList.objects.order_by("pk")),
    Audited("analysis.ColumnMapping", lambda m: m.fields),
    Audited("analysis.LinkageRun", _run, rows=lambda: LinkageRun.objects.order_by("pk")),
    Audited(
        "analysis.LinkDecision",
        lambda d: {"records": [d.record_l.uid, d.record_r.uid], "decision": d.decision},
        rows=lambda: LinkDecision.objects.select_related(
            "record_l__victim_list", "record_r__victim_list"
        ).order_by("pk"),
    ),
    Audited("analysis.Estimate", estimate_state, rows=lambda: Estimate.objects.order_by("pk")),
)


def linked_victims() -> Iterator[Drift]:
    """Each list record pointing at another victim than the log's link events say."""
    logged: dict[str, str] = {}
    links = AuditEvent.objects.filter(model="records.Person", action="link").order_by("seq")
    for person, after in links.values_list("object_id", "after").iterator():
        for uid in (after or {}).get("list_records", []):
            logged[uid] = person
    records = ListRecord.objects.select_related("victim_list").only(
        "row_number", "person_id", "victim_list__name"
    )
    for record in records.iterator(chunk_size=2000):
        now = str(record.person_id) if record.person_id is not None else None
        if now != logged.get(record.uid):
            said = f"person {logged[record.uid]}" if record.uid in logged else "no one"
            yield Drift(
                "analysis.ListRecord",
                record.uid,
                f"changed outside Khavaran: linked to {f'person {now}' if now else 'no one'}, "
                f"where the audit log links it to {said}",
            )
