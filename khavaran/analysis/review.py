"""The reviewer's side: uncertain pairs first, each shown with both rows' original fields.

Decisions name the two records, not the run's pair, and every later run applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction

from khavaran.analysis.actions import decide_pair
from khavaran.analysis.columns import FIELDS
from khavaran.analysis.errors import ReviewError
from khavaran.analysis.models import LinkageRun, LinkDecision, LinkPair, ListRecord
from khavaran.engines.linkage import REVIEW_BITS, review_queue


@dataclass(frozen=True)
class ReviewItem:
    pair: LinkPair
    distance: float
    decision: str | None

    @property
    def linked(self) -> bool:
        return self.pair.probability >= self.pair.run.threshold


def queue_for(
    run: LinkageRun, *, bits: float = REVIEW_BITS, decided: bool = False
) -> list[ReviewItem]:
    """Pairs of a run within ``bits`` of match weight of its threshold, nearest first; undecided
    ones unless ``decided``."""
    pairs = {
        p.pk: p
        for p in LinkPair.objects.filter(run=run).select_related(
            "run", "record_l__victim_list", "record_r__victim_list"
        )
    }
    if not pairs:
        return []
    frame = pd.DataFrame(
        [(p.pk, p.record_l.uid, p.record_r.uid, p.probability) for p in pairs.values()],
        columns=["pair", "uid_l", "uid_r", "match_probability"],
    )
    decisions = _decisions()
    items = []
    for row in review_queue(frame, run.threshold, bits).itertuples():
        pair = pairs[int(row.pair)]
        decision = decisions.get((pair.record_l_id, pair.record_r_id))
        if decided or decision is None:
            items.append(ReviewItem(pair, float(row.distance), decision))
    return items


def _decisions() -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for d in LinkDecision.objects.all():
        found[(d.record_l_id, d.record_r_id)] = d.decision
        found[(d.record_r_id, d.record_l_id)] = d.decision
    return found


def side_by_side(pair: LinkPair) -> list[tuple[str, str, str]]:
    """(label, left, right) rows: each mapped field's original cell, then the other columns."""
    left, right = pair.record_l, pair.record_r
    rows = [
        (field, _cell(left, field), _cell(right, field))
        for field in FIELDS
        if _cell(left, field) or _cell(right, field)
    ]
    for record, side in ((left, 1), (right, 2)):
        mapped = set(record.victim_list.mapping.values())
        for header, value in record.original.items():
            if header not in mapped and value.strip():
                rows.append((header, value, "") if side == 1 else (header, "", value))
    return rows


def _cell(record: ListRecord, field: str) -> str:
    column = record.victim_list.mapping.get(field)
    return str(record.original.get(column, "")) if column else ""


def item_json(item: ReviewItem) -> dict[str, Any]:
    """A review item as the `--json` line."""
    pair = item.pair
    return {
        "pair": pair.pk,
        "left": pair.record_l.uid,
        "right": pair.record_r.uid,
        "probability": round(pair.probability, 6),
        "linked": item.linked,
        "decision": item.decision,
        "left_fields": pair.record_l.original,
        "right_fields": pair.record_r.original,
    }


def decide(pair_ids: Sequence[int], decision: str, *, actor: str, reason: str = "") -> int:
    """Confirm or split pairs by id (of any run).

    Raises:
        ReviewError: a pair id that does not exist; nothing is decided then.
    """
    pairs = {
        p.pk: p
        for p in LinkPair.objects.filter(pk__in=pair_ids).select_related(
            "record_l__victim_list", "record_r__victim_list"
        )
    }
    missing = sorted(set(pair_ids) - pairs.keys())
    if missing:
        raise ReviewError(f"no pair {missing[0]}; list them with: khavaran link review --list")
    with transaction.atomic():
        for pair_id in pair_ids:
            pair = pairs[pair_id]
            decide_pair(pair.record_l, pair.record_r, decision, actor=actor, reason=reason)
    return len(pair_ids)
