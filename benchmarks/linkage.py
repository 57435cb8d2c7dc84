"""Linkage benchmark: the Persian-aware model against a generic Splink configuration.

Both run on the same simulated lists (khavaran.engines.linkage.simulate), each in its own
process so that peak memory (max RSS, DuckDB included) belongs to one configuration.

    .venv/bin/python benchmarks/linkage.py --records 10000
    .venv/bin/python benchmarks/linkage.py --records 100000 --configs persian generic

Prints one JSON document: per configuration pairwise and B-cubed precision/recall/F1, wall
time (prepare, train, predict, cluster; not the simulation) and peak memory.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khavaran.engines.linkage import (  # noqa: E402
    LinkageModel,
    bcubed_scores,
    pairwise_scores,
    simulate_lists,
)
from khavaran.engines.linkage.clustering import cluster_records  # noqa: E402

# The generic configuration's cut, as first benchmarked; the Persian-aware model uses its own.
GENERIC_THRESHOLD = 0.9


def _generic_columns(records: pd.DataFrame) -> pd.DataFrame:
    # What a user without Persian knowledge writes: split a full name at its last space.
    frame = records.copy()
    full = frame["full_name"].fillna("")
    only_full = frame["given_name"].isna() & frame["family_name"].isna() & (full != "")
    frame.loc[only_full, "given_name"] = full[only_full].str.rsplit(" ", n=1).str[0]
    frame.loc[only_full, "family_name"] = full[only_full].str.rsplit(" ", n=1).str[-1]
    frame["uid"] = frame["list_name"] + ":" + frame["record_id"]
    columns = ["given_name", "family_name", "father_name", "birth_year", "city", "prison"]
    return frame[["uid", *columns, "death_date"]]


def run_generic(records: pd.DataFrame, threshold: float | None, seed: int) -> pd.Series:
    """Jaro-Winkler on raw names, blocking on name prefixes and birth year; EM, no labels."""
    threshold = GENERIC_THRESHOLD if threshold is None else threshold
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = _generic_columns(records)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="uid",
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name"),
            cl.JaroWinklerAtThresholds("family_name"),
            cl.JaroWinklerAtThresholds("father_name"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("city"),
            cl.ExactMatch("prison"),
            cl.ExactMatch("death_date"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("substr(given_name, 1, 2)", "substr(family_name, 1, 2)"),
            block_on("birth_year", "substr(family_name, 1, 2)"),
        ],
    )
    linker = Linker(DuckDBAPI().register(frame), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    sample = 2e6 if len(frame) > 200_000 else None
    for rule in (block_on("given_name", "family_name"), block_on("birth_year")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=sample
        )
    scored = linker.inference.predict(threshold_match_probability=threshold)
    pairs = scored.as_pandas_dataframe()[["uid_l", "uid_r", "match_probability"]]
    return cluster_records(frame["uid"], pairs, threshold)


def run_persian(records: pd.DataFrame, threshold: float | None, seed: int) -> pd.Series:
    """The engine's model, as ``khavaran link`` runs it (its own threshold unless given)."""
    model = LinkageModel(random_state=seed)
    if threshold is not None:
        model.threshold = threshold
    result = model.fit(records).cluster()
    return result.clusters.set_index("uid")["cluster_id"]


def child(config: str, data: Path, threshold: float | None, seed: int) -> dict[str, Any]:
    """Run one configuration on the stored lists; report accuracy, time and memory."""
    stored = pd.read_pickle(data)
    records, truth = stored.drop(columns="victim_id"), stored["victim_id"]
    start = time.perf_counter()
    runner = run_persian if config == "persian" else run_generic
    clusters = runner(records, threshold, seed)
    wall = time.perf_counter() - start
    uids = records["list_name"] + ":" + records["record_id"]
    predicted = clusters.reindex(uids).to_numpy()
    pairwise, bcubed = pairwise_scores(predicted, truth), bcubed_scores(predicted, truth)
    return {
        "config": config,
        "wall_seconds": round(wall, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "clusters": int(pd.Series(predicted).nunique()),
        "pairwise": {k: round(v, 4) for k, v in vars(pairwise).items()},
        "bcubed": {k: round(v, 4) for k, v in vars(bcubed).items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument(
        "--threshold", type=float, help="one cut for both (default: each configuration's own)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--configs", nargs="+", default=["persian", "generic"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data, args.threshold, args.seed)))
        return
    start = time.perf_counter()
    sim = simulate_lists(args.records, random_state=args.seed)
    simulate_seconds = time.perf_counter() - start
    truth = sim.victim_id.to_numpy()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "lists.pkl"
        sim.records.assign(victim_id=truth).to_pickle(data)
        for config in args.configs:
            command = [sys.executable, __file__, "--child", config, "--data", str(data)]
            command += ["--seed", str(args.seed)]
            if args.threshold is not None:
                command += ["--threshold", str(args.threshold)]
            # The child's stderr passes through, so a failed run says why.
            out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
    unlinked = bcubed_scores(range(len(truth)), truth)
    report = {
        "benchmark": "linkage",
        "records": len(sim.records),
        "lists": int(sim.records["list_name"].nunique()),
        "listed_victims": int(pd.Series(truth).nunique()),
        "threshold": args.threshold
        or {"persian": LinkageModel().threshold, "generic": GENERIC_THRESHOLD},
        "seed": args.seed,
        "simulate_seconds": round(simulate_seconds, 1),
        "unlinked_bcubed_f1": round(unlinked.f1, 4),
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "results": results,
    }
    print(json.dumps(report, indent=2))


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
