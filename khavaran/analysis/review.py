"""The reviewer's side: uncertain pairs first, each shown with both rows' original fields.

Decisions name the two records, not the run's pair, and every later run applies them. The
links a run's decisions cut (see khavaran.engines.linkage.cuts) come first, whatever their
probability: a confirmation that breaks a link scored 0.999 needs a person as much as a pair
scored 0.5 does, and their clusters wait for that person before they become victims.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import QuerySet

from khavaran.analysis.actions import decide_pair
from khavaran.analysis.columns import DATE_FIELDS, FIELDS
from khavaran.analysis.errors import ReviewError
from khavaran.analysis.models import LinkageRun, LinkDecision, LinkPair, ListRecord, RunCluster
from khavaran.engines.linkage import REVIEW_BITS, band_distance, band_limits, review_queue
from khavaran.text.dates import format_gregorian, format_solar_hijri, parse_fuzzy_date


@dataclass(frozen=True)
class ReviewItem:
    """A pair to review; ``linked``: the run put its two records in one cluster; ``cut``:
    the run's record of why its decisions cut this link (a stored CutLink), if they did."""

    pair: LinkPair
    distance: float
    decision: str | None
    linked: bool
    cut: Mapping[str, Any] | None = None


def review_item(pair: LinkPair, distance: float, decision: str | None) -> ReviewItem:
    """One pair's review item, with whether its run linked it and why its decisions cut it."""
    cut = _stored_cuts(pair.run).get((pair.record_l.uid, pair.record_r.uid))
    return ReviewItem(pair, distance, decision, pair.pk in linked_pairs([pair]), cut)


def linked_pairs(pairs: Sequence[LinkPair]) -> set[int]:
    """Ids of the pairs whose two records their run put in one cluster.

    Not the same as a probability over the threshold: a link above it can be cut to keep one
    record per list in a cluster, and two clusters that are each other's only candidate are
    joined through a link below it (`join_sole_candidates`).
    """
    records = {r for p in pairs for r in (p.record_l_id, p.record_r_id)}
    runs = {p.run_id for p in pairs}
    cluster_of = {
        (run, record): cluster
        for run, record, cluster in RunCluster.objects.filter(
            run__in=runs, record__in=records
        ).values_list("run", "record", "cluster_id")
    }
    return {
        p.pk
        for p in pairs
        if (p.run_id, p.record_l_id) in cluster_of
        and cluster_of[(p.run_id, p.record_l_id)] == cluster_of.get((p.run_id, p.record_r_id))
    }


def queue_page(
    run: LinkageRun,
    *,
    bits: float = REVIEW_BITS,
    decided: bool = False,
    lists: Collection[int] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[ReviewItem], int]:
    """Pairs of a run within ``bits`` of match weight of its threshold, nearest first.

    Args:
        run: the linkage run.
        bits: the band either side of the threshold (the engine's review band by default).
        decided: include pairs already confirmed or split.
        lists: only pairs both of whose records are on these lists (ids), when given.
        offset, limit: the page of the queue to return (all of it without a limit).

    Returns:
        The page's items (only their pairs are read in full) and the queue's whole length.
    """
    band = _band(run, bits, decided, lists)
    page = band.iloc[offset : None if limit is None else offset + limit]
    pairs = LinkPair.objects.filter(pk__in=page["pair"].tolist()).select_related(
        "run", "record_l__victim_list", "record_r__victim_list"
    )
    by_pk = {p.pk: p for p in pairs}
    linked = linked_pairs(list(by_pk.values()))
    items = [
        ReviewItem(
            by_pk[int(row.pair)],
            float(row.distance),
            row.decision,
            int(row.pair) in linked,
            row.cut,
        )
        for row in page.itertuples()
        if int(row.pair) in by_pk  # a run deleted meanwhile leaves its pairs out
    ]
    return items, len(band)


def queue_size(
    run: LinkageRun,
    *,
    bits: float = REVIEW_BITS,
    decided: bool = False,
    lists: Collection[int] | None = None,
) -> int:
    """How many pairs `queue_page` holds in all."""
    return len(_band(run, bits, decided, lists))


def records_to_review(run: LinkageRun, *, bits: float = REVIEW_BITS) -> set[int]:
    """Ids of the records in an undecided pair of the review band or in an undecided link the
    run's decisions cut: their clusters wait."""
    band = _band(run, bits, False, None)
    return set(band["uid_l"].tolist()) | set(band["uid_r"].tolist())


def distance(pair: LinkPair) -> float:
    """How far a pair's match weight lies from its run's threshold, in bits."""
    return float(band_distance(pair.probability, pair.run.threshold))


def _band(
    run: LinkageRun, bits: float, decided: bool, lists: Collection[int] | None
) -> pd.DataFrame:
    """The run's cut links, then the band's pairs in queue order, from ids and probabilities.

    The database narrows to the band's probability range (a run may hold hundreds of thousands
    of scored pairs); the engine's `review_queue` then decides membership and order exactly,
    with record ids breaking ties. The links the run's decisions cut go first, strongest
    first, whatever their distance from the threshold.
    """
    low, high = band_limits(run.threshold, bits)
    rows = LinkPair.objects.filter(
        run=run, probability__gte=low * (1 - 1e-9), probability__lte=min(1.0, high * (1 + 1e-9))
    )
    if lists is not None:
        rows = rows.filter(
            record_l__victim_list_id__in=list(lists), record_r__victim_list_id__in=list(lists)
        )
    values = rows.values_list("pk", "record_l_id", "record_r_id", "probability")
    # The records' ids stand in for the engine's uids: unique, and no join to build them.
    frame = pd.DataFrame(list(values), columns=["pair", "uid_l", "uid_r", "match_probability"])
    cuts = _cut_pairs(run, lists)
    band = review_queue(frame, run.threshold, bits)
    band = band[~band["pair"].isin(cuts["pair"])].assign(cut=None)
    queue = pd.concat([cuts, band], ignore_index=True) if len(cuts) else band
    decisions = _decisions()
    # Of type object, so an undecided pair's decision stays None: a list of words and Nones
    # becomes a string column, where None reads back as NaN (invalid in JSON).
    queue["decision"] = pd.Series(
        [
            decisions.get((int(left), int(right)))
            for left, right in zip(queue["uid_l"], queue["uid_r"], strict=True)
        ],
        index=queue.index,
        dtype=object,
    )
    if not decided:
        queue = queue[queue["decision"].isna()]
    return queue.reset_index(drop=True)


def _stored_cuts(run: LinkageRun) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The run's cut links by their records' uids, as its summary stores them."""
    stored = run.summary.get("cut_links") or []
    return {(cut["uid_l"], cut["uid_r"]): cut for cut in stored}


def _cut_pairs(run: LinkageRun, lists: Collection[int] | None) -> pd.DataFrame:
    """The run's pairs that its decisions cut, in the queue's columns, strongest first."""
    columns = ["pair", "uid_l", "uid_r", "match_probability", "distance", "cut"]
    cuts = _stored_cuts(run)
    if not cuts:
        return pd.DataFrame(columns=columns)
    ids = _record_ids({uid for pair in cuts for uid in pair})
    # A record deleted since the run (its list removed) takes its cut link with it.
    wanted = {
        (ids[left], ids[right]): cut
        for (left, right), cut in cuts.items()
        if left in ids and right in ids
    }
    rows = LinkPair.objects.filter(run=run, record_l_id__in=[left for left, _ in wanted])
    if lists is not None:
        rows = rows.filter(
            record_l__victim_list_id__in=list(lists), record_r__victim_list_id__in=list(lists)
        )
    found = [
        (pk, left, right, p, float(band_distance(p, run.threshold)), wanted[(left, right)])
        for pk, left, right, p in rows.values_list(
            "pk", "record_l_id", "record_r_id", "probability"
        )
        if (left, right) in wanted
    ]
    frame = pd.DataFrame(found, columns=columns)
    return frame.sort_values(
        ["match_probability", "uid_l", "uid_r"], ascending=[False, True, True], kind="stable"
    )


def _record_ids(uids: Collection[str]) -> dict[str, int]:
    """Record ids by engine uid (``list_name:row_number``)."""
    names = {uid.rsplit(":", 1)[0] for uid in uids}
    rows = {int(uid.rsplit(":", 1)[1]) for uid in uids}
    found = ListRecord.objects.filter(victim_list__name__in=names, row_number__in=rows)
    return {
        f"{name}:{row}": pk
        for pk, name, row in found.values_list("pk", "victim_list__name", "row_number")
        if f"{name}:{row}" in uids
    }


def cut_reason(cut: Mapping[str, Any], readable: Collection[str] | None = None) -> str:
    """Why a run's decisions cut a link, in a line.

    Args:
        cut: the stored CutLink.
        readable: names of the lists the reader may read (every list when None); a reason
            that would name a record of another list says only that decisions cut the link.

    Example:
        >>> cut_reason({"apart_l": "a:1", "apart_r": "b:2", "apart_probability": None,
        ...             "confirmed": [["a:1", "c:3"]]})
        'cut by review decisions: a:1 and b:2 were split by a reviewer; confirmed: a:1 ~ c:3'
    """
    left, right = cut.get("apart_l"), cut.get("apart_r")
    confirmed = [tuple(pair) for pair in cut.get("confirmed", ())]
    named = [uid for uid in (left, right, *(u for pair in confirmed for u in pair)) if uid]
    hidden = readable is not None and any(uid.rsplit(":", 1)[0] not in readable for uid in named)
    if left is None or right is None or hidden:
        return "cut by review decisions"
    p = cut.get("apart_probability")
    apart = (
        f"{left} and {right} were split by a reviewer"
        if p is None
        else f"the model scores {left} and {right} as different people (p={p:.3f})"
    )
    shown = "; ".join(f"{a} ~ {b}" for a, b in confirmed[:3])
    more = f" and {len(confirmed) - 3} more" if len(confirmed) > 3 else ""
    return f"cut by review decisions: {apart}" + (f"; confirmed: {shown}{more}" if shown else "")


def _decisions() -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for d in LinkDecision.objects.all():
        found[(d.record_l_id, d.record_r_id)] = d.decision
        found[(d.record_r_id, d.record_l_id)] = d.decision
    return found


def side_by_side(pair: LinkPair) -> list[tuple[str, str, str]]:
    """(label, left, right) rows: each mapped field's original cell, then the other columns.

    A column the linkage does not use is one row under its header, each record's cell in its
    own column: two rows of one header, each with a side empty, read as a record missing it.
    """
    left, right = pair.record_l, pair.record_r
    rows = [
        (field, _cell(left, field), _cell(right, field))
        for field in FIELDS
        if _cell(left, field) or _cell(right, field)
    ]
    others_l, others_r = _unmapped(left), _unmapped(right)
    for header in dict.fromkeys([*others_l, *others_r]):
        rows.append((header, others_l.get(header, ""), others_r.get(header, "")))
    return rows


def _cell(record: ListRecord, field: str) -> str:
    column = record.victim_list.mapping.get(field)
    return str(record.original.get(column, "")) if column else ""


def _unmapped(record: ListRecord) -> dict[str, str]:
    """The record's non-empty cells in columns its list maps to no field, by header."""
    mapped = set(record.victim_list.mapping.values())
    return {
        header: str(value)
        for header, value in record.original.items()
        if header not in mapped and str(value).strip()
    }


def date_read(field: str, value: str) -> str:
    """A date field's cell as read, Gregorian then Solar Hijri ("14 August 1988 (23 Mordad
    1367)"), as the web's review shows it to an English reader; "" when the field is not a
    date, the cell cannot be read, or the reading says nothing the cell does not.

    Example:
        >>> date_read("death_date", "۱۳۶۷/۵/۲۴")
        '15 August 1988 (24 Mordad 1367)'
    """
    if field not in DATE_FIELDS or not value.strip():
        return ""
    try:
        found = parse_fuzzy_date(value.strip())
    except ValueError:  # UnparseableDate, or a day the calendar lacks
        return ""
    gregorian, solar = format_gregorian(found), format_solar_hijri(found)
    words = gregorian if gregorian == solar else f"{gregorian} ({solar})"
    return "" if words == value.strip() else words


def item_json(item: ReviewItem, readable: Collection[str] | None = None) -> dict[str, Any]:
    """A review item as the `--json` line; ``cut`` names only records on ``readable`` lists."""
    pair = item.pair
    return {
        "pair": pair.pk,
        "left": pair.record_l.uid,
        "right": pair.record_r.uid,
        "probability": round(pair.probability, 6),
        "linked": item.linked,
        "decision": item.decision,
        "cut": None if item.cut is None else cut_reason(item.cut, readable),
        "left_fields": pair.record_l.original,
        "right_fields": pair.record_r.original,
    }


def decide(pair_ids: Sequence[int], decision: str, *, actor: str, reason: str = "") -> int:
    """Confirm or split pairs by id (of any run).

    Raises:
        ReviewError: a pair id that does not exist; nothing is decided then.
    """
    return decide_all({decision: pair_ids}, actor=actor, reason=reason)


def decide_all(
    chosen: Mapping[str, Sequence[int]],
    *,
    actor: str,
    reason: str = "",
    among: QuerySet[LinkPair] | None = None,
) -> int:
    """Record every decision (``{"confirm": [pair ids], "split": [...]}``), all or none.

    Args:
        chosen: pair ids (of any run) by decision.
        among: the pairs the decider may read (every pair when not given).

    Raises:
        ReviewError: a pair id that does not exist among them, or two records both confirmed
            and split (by one pair or by pairs of two runs); nothing is decided then.
    """
    wanted = {pk for ids in chosen.values() for pk in ids}
    found = (LinkPair.objects.all() if among is None else among).filter(pk__in=wanted)
    pairs = {
        p.pk: p for p in found.select_related("record_l__victim_list", "record_r__victim_list")
    }
    missing = sorted(wanted - pairs.keys())
    if missing:
        raise ReviewError(f"no pair {missing[0]}; list them with: khavaran link review --list")
    _refuse_contradictions({d: [pairs[pk] for pk in ids] for d, ids in chosen.items()})
    with transaction.atomic():
        for decision, ids in chosen.items():
            for pk in dict.fromkeys(ids):
                pair = pairs[pk]
                decide_pair(pair.record_l, pair.record_r, decision, actor=actor, reason=reason)
    return sum(len(dict.fromkeys(ids)) for ids in chosen.values())


def _refuse_contradictions(chosen: Mapping[str, Sequence[LinkPair]]) -> None:
    """Two records given two decisions, by one pair or by the pairs of two runs, stop all."""
    verdicts: dict[frozenset[int], str] = {}
    for decision, pairs in chosen.items():
        for pair in pairs:
            records = frozenset((pair.record_l_id, pair.record_r_id))
            if verdicts.setdefault(records, decision) != decision:
                raise ReviewError(
                    f"pair {pair.pk} ({pair.record_l.uid} ~ {pair.record_r.uid}) is both "
                    "confirmed and split; give one decision"
                )
