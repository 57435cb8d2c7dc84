"""The merged export: every list record with the victim it documents."""

from __future__ import annotations

from typing import Any

from khavaran.analysis.access import lists_visible_to, records_visible_to
from khavaran.analysis.columns import FIELDS
from khavaran.analysis.models import LinkageRun, ListRecord, RunCluster
from khavaran.records.access import people_visible_to

MERGED_COLUMNS: list[str] = [
    "victim_id",
    "list_name",
    "row_number",
    "cluster_id",
    "person_id",
    *FIELDS,
    "birth_earliest",
    "birth_latest",
    "death_earliest",
    "death_latest",
]


def merged_rows(run: LinkageRun, user: Any) -> list[dict[str, Any]]:
    """Rows ordered by victim, then list and row: the records of the run that `user` may read.

    ``victim_id`` numbers the clusters shown from 1 in cluster order, so it is stable for a
    stored run and reader. A run's cluster id is its smallest record uid, which may be on a list
    the reader may not read: for such a reader a cluster is named by its smallest readable uid.
    """
    cluster_of = dict(RunCluster.objects.filter(run=run).values_list("record_id", "cluster_id"))
    records = list(records_visible_to(user).filter(pk__in=cluster_of.keys()))
    names = _cluster_names(run, user, records, cluster_of)
    people = _people_readable(user, run)
    victim_ids = {c: i for i, c in enumerate(sorted(set(names.values())), start=1)}
    rows = []
    for record in records:
        fields = record.normalized
        cluster = names[cluster_of[record.pk]]
        rows.append(
            {
                "victim_id": victim_ids[cluster],
                "list_name": record.victim_list.name,
                "row_number": record.row_number,
                "cluster_id": cluster,
                "person_id": record.person_id if record.person_id in people else "",
            }
            | {field: fields.get(field, "") for field in FIELDS}
            | _range(fields, "birth_year", "birth")
            | _range(fields, "death_date", "death")
        )
    return sorted(rows, key=lambda r: (r["victim_id"], r["list_name"], r["row_number"]))


def _cluster_names(
    run: LinkageRun, user: Any, records: list[ListRecord], cluster_of: dict[int, str]
) -> dict[str, str]:
    """Each shown cluster's id as this reader may see it (the stored one if they read all)."""
    readable = set(lists_visible_to(user).values_list("name", flat=True))
    if set(run.lists) <= readable:
        return {cluster_of[r.pk]: cluster_of[r.pk] for r in records}
    names: dict[str, str] = {}
    for record in sorted(records, key=lambda r: r.uid):
        names.setdefault(cluster_of[record.pk], record.uid)
    return names


def _people_readable(user: Any, run: LinkageRun) -> set[int]:
    """The victims of the run's records that `user` may read: a Person is as protected as the
    most protected list naming them, so the id of one on a hidden list reveals the overlap."""
    accepted = RunCluster.objects.filter(run=run).values("record__person_id")
    return set(people_visible_to(user).filter(pk__in=accepted).values_list("pk", flat=True))


def _range(fields: dict[str, Any], field: str, prefix: str) -> dict[str, str]:
    parsed = fields.get(f"{field}_range") or {}
    return {
        f"{prefix}_earliest": parsed.get("earliest", ""),
        f"{prefix}_latest": parsed.get("latest", ""),
    }
