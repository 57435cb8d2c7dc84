"""The documented count: unique victims of a run, per list, and the overlaps between lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from khavaran.analysis.linkage_runs import clusters_frame
from khavaran.analysis.models import LinkageRun


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
    memberships = frame.groupby("cluster_id")["list_name"].agg(lambda s: tuple(sorted(set(s))))
    overlaps = Counter(memberships.tolist())
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
