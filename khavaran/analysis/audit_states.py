"""What the audit log records of lists, linkage runs and estimates, computed the same way by
the writes in ``actions`` and by `verify`, which compares the rows with it.

Light on purpose: `verify` runs nightly from cron on small servers and imports this, not
``actions`` (which pulls in list reading and the linkage engine: pandas, splink, duckdb).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khavaran.analysis.models import Estimate


def digest(value: Any) -> str:
    """The SHA-256 of a value's JSON, as the audit log records a list's rows."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()


def run_digests(
    pairs: Iterable[tuple[int, int, float, float | None]], clusters: Iterable[tuple[int, str]]
) -> dict[str, str]:
    """Digests of a run's scored pairs and of each record's cluster, as the audit log keeps
    them: `verify` recomputes them from the rows, so a cluster moved behind the log shows."""
    return {
        "pairs_sha256": digest(
            sorted(
                [left, right, float(p), None if w is None else float(w)]
                for left, right, p, w in pairs
            )
        ),
        "clusters_sha256": digest(sorted([record, str(cluster)] for record, cluster in clusters)),
    }


def estimate_state(estimate: Estimate) -> dict[str, Any]:
    """What the audit log records of an estimate, and what `verify` compares its row with."""
    return {
        "method": estimate.method,
        "input": estimate.input_label,
        "input_sha256": estimate.input_sha256,
        "settings": estimate.settings,
        "seed": estimate.seed,
        "version": estimate.version,
        "total": estimate.total,
        "interval": [estimate.interval_low, estimate.interval_high],
        "observed": estimate.observed,
        "warnings": estimate.warnings,
        "confidentiality": estimate.confidentiality,
    }
