"""The documented count: unique victims of a run, per list, and the overlaps between lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from khavaran.analysis.linkage_runs import clusters_frame
from khavaran.analysis.models import LinkageRun

# Lists a cluster's membership fits in as bits of one int64.
MAX_BIT_LISTS = 62


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
