"""Where the linkage model loses B-cubed F1: missed true pairs and false merges, by cause.

    .venv/bin/python benchmarks/linkage_diagnostics.py --records 10000

Scores every blocked pair (no probability cut), then sorts the true pairs into: blocked and
linked, blocked but scored below the threshold, never blocked; and for each missed pair which
fields the two records share. False merges are split into direct (a wrong pair above the
threshold) and chained (clusters joined through others). Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khavaran.engines.linkage import LinkageModel, bcubed_scores, simulate_lists  # noqa: E402

_FIELDS = ("father_key", "birth_lo", "city_key", "prison_key", "death_lo")


def _true_pairs(uids: pd.Series, truth: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame({"uid": uids.to_numpy(), "victim": truth})
    pairs = frame.merge(frame, on="victim", suffixes=("_l", "_r"))
    return pairs[pairs["uid_l"] < pairs["uid_r"]][["uid_l", "uid_r"]]


def _shared(table: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    left = table.loc[pairs["uid_l"]].reset_index(drop=True)
    right = table.loc[pairs["uid_r"]].reset_index(drop=True)
    out = pd.DataFrame(index=left.index)
    for column in ("given_key", "family_key", *_FIELDS):
        out[f"{column}_both"] = left[column].notna() & right[column].notna()
        out[f"{column}_same"] = out[f"{column}_both"] & (left[column] == right[column])
    out["n_shared_fields"] = sum(out[f"{c}_both"] for c in _FIELDS)
    out["lists"] = left["list_name"] + "~" + right["list_name"]
    return out


def _missed(
    table: pd.DataFrame, truth_pairs: pd.DataFrame, scored: pd.DataFrame, threshold: float
) -> dict[str, Any]:
    merged = truth_pairs.merge(scored, on=["uid_l", "uid_r"], how="left")
    blocked = merged["match_probability"].notna()
    below = blocked & (merged["match_probability"] < threshold)
    report: dict[str, Any] = {
        "true_pairs": len(merged),
        "not_blocked": int((~blocked).sum()),
        "blocked_below_threshold": int(below.sum()),
    }
    for name, mask in (("not_blocked", ~blocked), ("below", below)):
        info = _shared(table, merged[mask].reset_index(drop=True))
        report[f"{name}_given_same"] = float(info["given_key_same"].mean())
        report[f"{name}_family_same"] = float(info["family_key_same"].mean())
        report[f"{name}_shared_fields"] = dict(Counter(info["n_shared_fields"].tolist()))
        report[f"{name}_lists"] = dict(Counter(info["lists"].tolist()).most_common(8))
    return report


def _cluster_errors(
    truth_pairs: pd.DataFrame,
    scored: pd.DataFrame,
    cluster: pd.Series,
    victim: pd.Series,
    threshold: float,
) -> dict[str, int]:
    # Pairs judged on the final clusters: a true pair below the threshold may still be joined
    # through others, and a pair above it may have been cut as a conflict.
    probability = scored.set_index(["uid_l", "uid_r"])["match_probability"]
    same = cluster[truth_pairs["uid_l"]].to_numpy() == cluster[truth_pairs["uid_r"]].to_numpy()
    apart = truth_pairs[~same]
    p = probability.reindex(pd.MultiIndex.from_frame(apart)).to_numpy()
    frame = pd.DataFrame({"uid": cluster.index, "c": cluster.to_numpy(), "v": victim.to_numpy()})
    together = frame.merge(frame, on="c", suffixes=("_l", "_r"))
    wrong = together[(together["uid_l"] < together["uid_r"]) & (together["v_l"] != together["v_r"])]
    q = probability.reindex(pd.MultiIndex.from_frame(wrong[["uid_l", "uid_r"]])).to_numpy()
    return {
        "true_pairs_apart": len(apart),
        "apart_not_blocked": int(np.isnan(p).sum()),
        "apart_below_threshold": int((p < threshold).sum()),
        "apart_cut_as_conflict": int((p >= threshold).sum()),
        "false_pairs_together": len(wrong),
        "together_direct_edge": int((q >= threshold).sum()),
        "together_through_chain": int(len(wrong) - (q >= threshold).sum()),
    }


def _examples(
    table: pd.DataFrame, records: pd.DataFrame, pairs: pd.DataFrame, n: int
) -> list[list[str]]:
    raw = records.set_index(table.index)
    cols = ["given_name", "family_name", "full_name", "father_name", "birth_year", "city"]
    rows = []
    for _, pair in pairs.head(n).iterrows():
        rows.append(
            [" / ".join(str(raw.at[pair[s], c]) for c in cols) for s in ("uid_l", "uid_r")]
            + [str(pair.get("match_probability"))]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--threshold", type=float, default=LinkageModel().threshold)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sim = simulate_lists(args.records, random_state=args.seed)
    model = LinkageModel(threshold=args.threshold, random_state=args.seed, min_pair_probability=0.0)
    model.fit(sim.records)
    scored = model.predict()
    table = model.prepared_.table.set_index("uid", drop=False)
    truth = sim.victim_id.to_numpy()
    truth_pairs = _true_pairs(table["uid"], truth)
    result = model.cluster()
    predicted = result.clusters["cluster_id"].to_numpy()
    victim = pd.Series(truth, index=table.index)
    scored["true"] = victim[scored["uid_l"]].to_numpy() == victim[scored["uid_r"]].to_numpy()
    wrong_edges = scored[~scored["true"] & (scored["match_probability"] >= args.threshold)]
    report = {
        "records": len(table),
        "bcubed": vars(bcubed_scores(predicted, truth)),
        "scored_pairs": len(scored),
        "missed": _missed(table, truth_pairs, scored, args.threshold),
        "false_edges": len(wrong_edges),
        "false_edge_lists": dict(
            Counter(
                (
                    table.loc[wrong_edges["uid_l"], "list_name"].to_numpy()
                    + "~"
                    + table.loc[wrong_edges["uid_r"], "list_name"].to_numpy()
                ).tolist()
            ).most_common(8)
        ),
        "prior": result.summary.probability_two_random_records_match,
        "clusters": _cluster_errors(
            truth_pairs,
            scored,
            result.clusters.set_index("uid")["cluster_id"],
            victim,
            args.threshold,
        ),
    }
    if args.examples:
        merged = truth_pairs.merge(scored, on=["uid_l", "uid_r"], how="left")
        report["examples_not_blocked"] = _examples(
            table,
            model.prepared_.records,
            merged[merged["match_probability"].isna()],
            args.examples,
        )
        below = merged[merged["match_probability"] < args.threshold]
        report["examples_below"] = _examples(table, model.prepared_.records, below, args.examples)
        report["examples_false"] = _examples(
            table, model.prepared_.records, wrong_edges, args.examples
        )
    print(json.dumps(report, indent=1, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
