"""The documented count: unique victims of a run, per list, and the overlaps between lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from khavaran.analysis.access import lists_visible_to
from khavaran.analysis.errors import ListError
from khavaran.analysis.linkage_runs import clusters_frame
from khavaran.analysis.models import LinkageRun, RunCluster, VictimList
from khavaran.analysis.review import queue_size
from khavaran.engines.linkage import capture_histories

# The engine's key for places: strata are compared as linkage compares places, so Tehran,
# Teheran and تهران are one stratum, not one per script or spelling.
from khavaran.engines.linkage.records import place_keys
from khavaran.text.calendars import MONTH_NAMES
from khavaran.text.dates import (
    Calendar,
    FuzzyDate,
    InvalidFuzzyDateError,
    gregorian_to_solar_hijri,
)

# Lists a cluster's membership fits in as bits of one int64.
MAX_BIT_LISTS = 62
# Normalized fields that can stratify a run's capture histories: places and groups, each a
# short list of values (names are not strata).
PLACE_STRATA: tuple[str, ...] = ("city", "prison", "affiliation")
# Strata by when victims were killed, read from the records' death dates (`death_date_range`):
# the year or the month, Gregorian or Solar Hijri ("_sh", as dates are marked "1367 SH").
# Named like the list field `birth_year`: what of the death date the stratum keeps.
DATE_STRATA: dict[str, tuple[Calendar, bool]] = {
    "death_year": (Calendar.GREGORIAN, False),
    "death_month": (Calendar.GREGORIAN, True),
    "death_year_sh": (Calendar.SOLAR_HIJRI, False),
    "death_month_sh": (Calendar.SOLAR_HIJRI, True),
}
STRATUM_FIELDS: tuple[str, ...] = (*PLACE_STRATA, *DATE_STRATA)
# The stratum of victims none of whose records gives the field, as `khavaran estimate` asks;
# for a date stratum, also those whose dates allow more than one stratum, or none.
UNKNOWN_STRATUM = "unknown"


@dataclass(frozen=True)
class ListCount:
    name: str
    records: int
    victims: int
    only_here: int


@dataclass(frozen=True)
class DocumentedCount:
    """What a run documents: ``victims`` unique people over ``records`` rows.

    ``overlaps`` maps each combination of lists (sorted names) to the victims named on exactly
    those lists.
    """

    run_id: int
    records: int
    victims: int
    lists: list[ListCount]
    overlaps: dict[tuple[str, ...], int]

    def to_json(self) -> dict[str, object]:
        return {
            "run": self.run_id,
            "records": self.records,
            "victims": self.victims,
            "lists": [vars(c) for c in self.lists],
            "overlaps": [{"lists": list(k), "victims": v} for k, v in self.overlaps.items()],
        }


def documented_count(run: LinkageRun, *, only: Collection[str] | None = None) -> DocumentedCount:
    """Unique victims, records and overlaps of a run; with `only`, over those lists alone (a
    victim is then a cluster with at least one row on them, and overlaps are between them)."""
    frame = clusters_frame(run)
    names = [name for name in run.lists if only is None or name in only]
    if only is not None and len(names) < len(run.lists):
        frame = frame[frame["list_name"].isin(names)]
    memberships = _memberships(frame)
    overlaps = Counter(memberships)
    lists = [
        ListCount(
            name,
            int((frame["list_name"] == name).sum()),
            sum(n for combo, n in overlaps.items() if name in combo),
            overlaps.get((name,), 0),
        )
        for name in names
    ]
    ordered = dict(sorted(overlaps.items(), key=lambda kv: (-kv[1], kv[0])))
    return DocumentedCount(run.pk, len(frame), len(memberships), lists, ordered)


def undecided_pairs(run: LinkageRun, *, only: Collection[str] | None = None) -> int:
    """How many pairs of the run's review queue no reviewer has decided (with `only`, pairs
    both of whose records are on those lists): the count is provisional until they are.

    Deciding one mostly moves the count by one victim or none (a confirmation joins two
    clusters, a split parts one; either may cut another link, see engines.linkage.cuts), so
    the count may move by about this many.
    """
    lists = (
        None
        if only is None
        else list(VictimList.objects.filter(name__in=only).values_list("pk", flat=True))
    )
    return queue_size(run, lists=lists)


def lists_not_in_run(run: LinkageRun, user: Any) -> list[str]:
    """The lists ``user`` may read that ``run`` does not count (imported after it), sorted."""
    readable = lists_visible_to(user).values_list("name", flat=True)
    return sorted(set(readable) - set(run.lists))


@dataclass(frozen=True)
class StratifiedCaptures:
    """A run's capture histories per stratum of one field.

    ``table`` has one 0/1 column per list, the field's column and ``count``; ``unknown``
    victims have no record that gives a value (stratum "unknown"); ``disagreeing`` victims have
    records that give different values: of a place or group, each is in the one most of them
    give; of a date, in "unknown", as are the ``spanning`` victims, whose dates allow more than
    one stratum ("summer 1988" for months).
    """

    table: pd.DataFrame
    disagreeing: int
    unknown: int
    spanning: int = 0


def stratified_captures(run: LinkageRun, field: str) -> StratifiedCaptures:
    """The capture histories of ``run`` with a stratum column ``field`` (e.g. city).

    Of a date stratum (``DATE_STRATA``: death_month, …), a victim's stratum is the one every
    dated record of theirs allows, else "unknown" (``date_strata``). Of a place or group, it
    is the value most of their records give, spellings compared as the
    linkage compares places (Tehran = Teheran = تهران, آبادان = ابادان) and written as most
    records of the run write it in their list's cell (آبادان keeps its آ: the normalized value
    folds it to ا); records without a value do not count, a tie goes to the spelling that sorts
    first, and a victim with no value at all is in the stratum "unknown".

    Raises:
        ListError: a field that cannot stratify, or a list named like the stratum column.
    """
    if field not in STRATUM_FIELDS:
        raise ListError(f"cannot stratify by '{field}'; choose one of {', '.join(STRATUM_FIELDS)}")
    if field in run.lists:
        raise ListError(
            f"linkage run {run.pk} has a list named '{field}', the stratum column's name"
        )
    frame = clusters_frame(run)
    if field in DATE_STRATA:
        calendar, by_month = DATE_STRATA[field]
        strata, counts = date_strata(frame, _death_ranges(run), calendar, by_month)
        unknown, disagreeing, spanning = counts
    else:
        strata, disagreeing = _place_strata(run, frame, field)
        unknown, spanning = 0, 0
    frame["stratum"] = frame["cluster_id"].map(strata).astype(object).fillna(UNKNOWN_STRATUM)
    parts = [
        capture_histories(group, lists=run.lists).assign(**{field: stratum})
        for stratum, group in frame.groupby("stratum", sort=True)
    ]
    table = pd.concat(parts, ignore_index=True)[[*run.lists, field, "count"]]
    if field not in DATE_STRATA:
        unknown = frame.loc[frame["stratum"] == UNKNOWN_STRATUM, "cluster_id"].nunique()
    return StratifiedCaptures(table, disagreeing, int(unknown), spanning)


def _place_strata(run: LinkageRun, frame: pd.DataFrame, field: str) -> tuple[pd.Series, int]:
    values = dict(
        RunCluster.objects.filter(run=run).values_list("record_id", f"record__normalized__{field}")
    )
    frame = frame.assign(value=frame["record"].map(values))
    frame["written"] = frame["record"].map(written_values(run, field))
    return _cluster_strata(frame)


def _death_ranges(run: LinkageRun) -> dict[int, Any]:
    """Each record's death date as the import read it (a FuzzyDate's JSON), by record id."""
    rows = RunCluster.objects.filter(run=run).values_list(
        "record_id", "record__normalized__death_date_range"
    )
    return {record: found for record, found in rows if found}


def date_strata(
    frame: pd.DataFrame, ranges: dict[int, Any], calendar: Calendar, by_month: bool
) -> tuple[pd.Series, tuple[int, int, int]]:
    """Each cluster's stratum of time, and how many clusters have none (no date, dates that
    disagree, dates that span strata).

    A record's date allows the strata its earliest and latest days fall in and those between;
    a cluster is in the one stratum every record with a date allows ("1988" and "Mordad 1367"
    and "1367/05/10" agree on 1988-08), else in "unknown": records whose dates allow no common
    stratum disagree, and a common span of several strata ("summer 1988" by month, Mordad 1367
    by Gregorian month) cannot be put in one without guessing.

    Returns:
        The label of each placed cluster (``1988``, ``1988-08``, ``1367``, ``1367-05``), and
        the counts (no date, disagreeing, spanning) of the clusters left in "unknown".
    """
    spans = frame["record"].map(_span_reader(ranges, calendar, by_month)).dropna()
    given = pd.DataFrame(
        {
            "cluster_id": frame.loc[spans.index, "cluster_id"],
            "first": [s[0] for s in spans],
            "last": [s[1] for s in spans],
        }
    )
    common = given.groupby("cluster_id").agg(first=("first", "max"), last=("last", "min"))
    placed = common[common["first"] == common["last"]]
    labels = pd.Series(
        [_stratum_label(int(n), by_month) for n in placed["first"]], placed.index, dtype=object
    )
    disagreeing = int((common["first"] > common["last"]).sum())
    spanning = int((common["first"] < common["last"]).sum())
    no_date = frame["cluster_id"].nunique() - len(common)
    return labels, (no_date, disagreeing, spanning)


def _span_reader(
    ranges: dict[int, Any], calendar: Calendar, by_month: bool
) -> dict[int, tuple[int, int]]:
    """Each dated record's first and last stratum, numbered (year, or year * 12 + month - 1).
    Read once per distinct stored range: a list's dates repeat ("1367", "مرداد ۱۳۶۷")."""
    seen: dict[tuple[str, str], tuple[int, int] | None] = {}
    spans: dict[int, tuple[int, int]] = {}
    for record, stored in ranges.items():
        key = (str(stored.get("earliest")), str(stored.get("latest")))
        if key not in seen:
            seen[key] = _span(stored, calendar, by_month)
        span = seen[key]
        if span is not None:
            spans[record] = span
    return spans


def _span(stored: Any, calendar: Calendar, by_month: bool) -> tuple[int, int] | None:
    try:
        found = FuzzyDate.from_json(stored)
    except (InvalidFuzzyDateError, TypeError):
        # A damaged stored range counts as no date, as the import could not have written it.
        return None
    return _number(found.earliest, calendar, by_month), _number(found.latest, calendar, by_month)


def _number(day: date, calendar: Calendar, by_month: bool) -> int:
    if calendar is Calendar.SOLAR_HIJRI:
        year, month, _ = gregorian_to_solar_hijri(day)
    else:
        year, month = day.year, day.month
    return year * 12 + month - 1 if by_month else year


def _stratum_label(number: int, by_month: bool) -> str:
    """``1988`` or ``1988-08`` (``1367-05`` for Mordad 1367): sorts as time runs, in files."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}" if by_month else f"{number:04d}"


def stratum_words(field: str, label: str) -> str:
    """A stratum of time in words for the screen: "1367-05" of death_month_sh is "Mordad 1367",
    "1988-08" of death_month is "August 1988"; other labels as they are."""
    if field not in DATE_STRATA or not DATE_STRATA[field][1] or label == UNKNOWN_STRATUM:
        return label
    year, month = label.split("-")
    return f"{MONTH_NAMES[DATE_STRATA[field][0]]['en'][int(month) - 1]} {int(year)}"


def written_values(run: LinkageRun, field: str) -> dict[int, str]:
    """Each record's cell for ``field`` as its list wrote it (runs of space as one), by record
    id; a record whose list maps no column to ``field`` has none."""
    columns = {
        name: mapping.get(field)
        for name, mapping in VictimList.objects.filter(name__in=run.lists).values_list(
            "name", "mapping"
        )
    }
    rows = RunCluster.objects.filter(run=run).values_list(
        "record_id", "record__victim_list__name", "record__original"
    )
    written = {}
    for record, name, original in rows:
        cell = (original or {}).get(columns.get(name) or "")
        if isinstance(cell, str) and cell.strip():
            written[record] = " ".join(cell.split())
    return written


def _cluster_strata(frame: pd.DataFrame) -> tuple[pd.Series, int]:
    """Each cluster's stratum (clusters without a value left out) and how many disagree.

    Grouped by the place key of the normalized value; labelled by the spelling most records
    of the key write (the normalized value where a record's cell is not found).
    """
    given = frame[frame["value"].notna() & (frame["value"] != "")].copy()
    given["key"] = place_keys(given["value"].astype(str))
    given = given[given["key"].notna()]
    given["spelling"] = given["written"].where(given["written"].notna(), given["value"])
    spellings = given.groupby(["key", "spelling"]).size().rename("n").reset_index()
    spellings = spellings.sort_values(["key", "n", "spelling"], ascending=[True, False, True])
    labels = spellings.drop_duplicates("key").set_index("key")["spelling"]
    given["label"] = given["key"].map(labels)
    votes = given.groupby(["cluster_id", "label"]).size().rename("n").reset_index()
    votes = votes.sort_values(["cluster_id", "n", "label"], ascending=[True, False, True])
    disagreeing = int((votes.groupby("cluster_id").size() > 1).sum())
    return votes.drop_duplicates("cluster_id").set_index("cluster_id")["label"], disagreeing


def _memberships(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The sorted names of the lists each cluster has a row on, one entry per cluster.

    A bit per list and one vectorized sum per cluster: a Python function per cluster took two
    seconds at 100,000 records, on every view of the lists page.
    """
    names = sorted(set(frame["list_name"]))
    if len(names) > MAX_BIT_LISTS:
        groups = frame.groupby("cluster_id")["list_name"]
        return list(groups.agg(lambda s: tuple(sorted(set(s)))))
    bits = frame["list_name"].map({name: 1 << i for i, name in enumerate(names)})
    clusters, ids = pd.factorize(frame["cluster_id"])
    masks = np.zeros(len(ids), dtype=np.int64)
    np.bitwise_or.at(masks, clusters, bits.to_numpy(dtype=np.int64))
    found = masks.tolist()
    decoded = {
        mask: tuple(name for i, name in enumerate(names) if mask >> i & 1) for mask in set(found)
    }
    return [decoded[mask] for mask in found]


def write_upset_chart(count: DocumentedCount, path: Path) -> None:
    """An UpSet chart of the overlaps (PNG, SVG or PDF by the file's extension).

    Bars above give the victims on exactly each combination of lists; the dots below say
    which lists a combination holds. Drawn with matplotlib directly: upsetplot 0.9 fails
    under pandas 3's copy-on-write.
    """
    # Imported here: matplotlib is slow to import and only the chart needs it.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    combos, sizes = list(count.overlaps), list(count.overlaps.values())
    names = [c.name for c in count.lists]
    figure, (bars, dots) = plt.subplots(
        2,
        1,
        sharex=True,
        figsize=(max(5.0, 1.0 + 0.7 * len(combos)), 2.5 + 0.4 * len(names)),
        gridspec_kw={"height_ratios": [3, max(1, len(names)) * 0.6]},
    )
    positions = range(len(combos))
    drawn = bars.bar(positions, sizes, color="#333333")
    bars.bar_label(drawn)
    # Room above the tallest bar for its label under the title.
    bars.set_ylim(0, max(sizes, default=1) * 1.15)
    bars.set_ylabel("victims")
    bars.set_title(f"Documented victims: {count.victims} (linkage run {count.run_id})")
    for x, combo in zip(positions, combos, strict=True):
        ys = [y for y, name in enumerate(names) if name in combo]
        dots.scatter([x] * len(names), range(len(names)), color="#dddddd", s=60)
        dots.scatter([x] * len(ys), ys, color="#333333", s=60)
        if len(ys) > 1:
            dots.plot([x, x], [min(ys), max(ys)], color="#333333")
    dots.set_yticks(range(len(names)), [f"{c.name} ({c.victims})" for c in count.lists])
    dots.set_xticks([])
    dots.invert_yaxis()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
