"""The merged export: every list record with the victim it documents."""

from __future__ import annotations

from typing import Any

from khavaran.analysis.access import records_visible_to
from khavaran.analysis.columns import FIELDS
from khavaran.analysis.models import LinkageRun, RunCluster

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
    """Rows ordered by victim, then list and row; ``victim_id`` numbers the run's clusters
    from 1 in cluster order, so it is stable for a stored run."""
    cluster_of = dict(RunCluster.objects.filter(run=run).values_list("record_id", "cluster_id"))
    victim_ids = {c: i for i, c in enumerate(sorted(set(cluster_of.values())), start=1)}
    rows = []
    for record in records_visible_to(user).filter(pk__in=cluster_of.keys()):
        fields = record.normalized
        cluster = cluster_of[record.pk]
        rows.append(
            {
                "victim_id": victim_ids[cluster],
                "list_name": record.victim_list.name,
                "row_number": record.row_number,
                "cluster_id": cluster,
                "person_id": record.person_id or "",
            }
            | {field: fields.get(field, "") for field in FIELDS}
            | _range(fields, "birth_year", "birth")
            | _range(fields, "death_date", "death")
        )
    return sorted(rows, key=lambda r: (r["victim_id"], r["list_name"], r["row_number"]))


def _range(fields: dict[str, Any], field: str, prefix: str) -> dict[str, str]:
    parsed = fields.get(f"{field}_range") or {}
    return {
        f"{prefix}_earliest": parsed.get("earliest", ""),
        f"{prefix}_latest": parsed.get("latest", ""),
    }
