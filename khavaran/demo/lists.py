"""Synthetic victim lists for the demo, so the lists, review and estimates pages have content.

The people on them are invented by the linkage engine's simulator (names drawn from national name
frequencies, each list with its own script, transliteration habits, typos and gaps): no real
person is named. The lists are imported, linked and estimated as a user would do it, through
the same actions as `khavaran lists import`, `khavaran link` and `khavaran estimate --run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from khavaran.analysis.actions import import_list
from khavaran.analysis.estimates import Inputs, run_confidentiality, run_tables, store_results
from khavaran.analysis.linkage_runs import RunOptions, run_linkage
from khavaran.analysis.lists_import import ImportOptions
from khavaran.engines.estimation import Settings, estimate
from khavaran.engines.linkage import simulate_lists
from khavaran.engines.linkage.simulate import DEFAULT_LISTS

# Three of the simulator's list styles: a tribunal register and a families' list in Persian
# script, a memorial's list in Latin letters; three lists are what the estimators need.
STYLES = ("tribunal_fa", "families_fa", "memorial_en")
RECORDS = 600
SEED = 1367
# Fast on three lists; LCMCR's sampler would keep the demo waiting.
METHODS = ("loglinear", "dga")
PREFIX = "synthetic-"


@dataclass(frozen=True)
class DemoLists:
    lists: tuple[str, ...]
    records: int
    victims: int
    estimates: tuple[int, ...]


def load_demo_lists(folder: Path, *, actor: str) -> DemoLists:
    """Write the synthetic lists as CSV files in ``folder``, import, link and estimate them."""
    styles = tuple(s for s in DEFAULT_LISTS if s.name in STYLES)
    simulated = simulate_lists(RECORDS, lists=styles, random_state=SEED)
    names = []
    for style_name, rows in simulated.records.groupby("list_name", sort=True):
        columns = [
            c for c in rows.columns if c not in ("record_id", "list_name") and rows[c].notna().any()
        ]
        path = folder / f"{PREFIX}{style_name}.csv"
        rows[columns].to_csv(path, index=False, encoding="utf-8")
        name = f"{PREFIX}{style_name}"
        options = ImportOptions(
            name=name,
            actor=actor,
            origin="Invented by Khavaran's list simulator for the demo: no real person.",
            overrides={column: column for column in columns},
        )
        import_list(path, options)
        names.append(name)
    run = run_linkage(RunOptions(random_state=0), actor=actor)
    tables = run_tables(run)
    settings = Settings(seed=SEED)
    results = [estimate(tables, method, settings) for method in METHODS]
    inputs = Inputs(tables, settings, run=run, confidentiality=run_confidentiality(run))
    stored = store_results(results, inputs, actor=actor)
    return DemoLists(
        tuple(names),
        len(simulated.records),
        int(run.summary.get("n_clusters", 0)),
        tuple(e.pk for e in stored),
    )
