"""Pairs inside a would-be cluster that the model scores as two different people.

Connected components chain: A links to B and B to C, so A and C share a cluster even when
their fathers' names and birth years disagree. This module scores every pair inside each
component of three or more records (most were never blocked together) with the trained model,
so clustering can keep apart the records it is confident are different people.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from splink import Linker, block_on

from .backends import SPLINK_LOG_LEVEL

COMPONENT = "component_"
# Components larger than this are chains through namesakes, not one person listed many times
# (six lists and their duplicates give a person a dozen records at most); their weakest
# links are dropped before any pair inside them is scored, which bounds that scoring.
MAX_COMPONENT = 200
_STRICTER = (0.9, 0.99, 0.999, 0.9999)


def _component_sizes(uids: pd.Series, pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    index = pd.Series(np.arange(len(uids)), index=uids.to_numpy())
    left = index[pairs["uid_l"]].to_numpy()
    right = index[pairs["uid_r"]].to_numpy()
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(len(uids), len(uids)))
    _count, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    return labels, sizes[labels[left]]


def prune_chains(uids: pd.Series, pairs: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Drop the weakest links inside oversized components, raising the bar step by step.

    Args:
        uids: every record's uid.
        pairs: scored pairs (``uid_l``, ``uid_r``, ``match_probability``).
        threshold: the linking threshold.

    Returns:
        The pairs at or above ``threshold``, less those below a stricter bar inside
        components of more than MAX_COMPONENT records.
    """
    kept = pairs[pairs["match_probability"] >= threshold]
    for bar in (b for b in _STRICTER if b > threshold):
        _labels, edge_sizes = _component_sizes(uids, kept)
        oversized = edge_sizes > MAX_COMPONENT
        if not oversized.any():
            break
        kept = kept[~oversized | (kept["match_probability"] >= bar).to_numpy()]
    return kept


def _tf_columns(model: dict[str, Any]) -> set[str]:
    return {
        str(level["tf_adjustment_column"])
        for comparison in model["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }


def _candidates(table: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    # A pair of records is an edge already; only components of three or more can conflict.
    # Components still oversized after prune_chains are left unscored, to bound the cost.
    sizes = pd.Series(labels).map(pd.Series(labels).value_counts()).to_numpy()
    chosen = (sizes >= 3) & (sizes <= MAX_COMPONENT)
    members = table[chosen].copy()
    members[COMPONENT] = labels[chosen]
    return members


def within_component_scores(
    linker: Linker, table: pd.DataFrame, labels: np.ndarray
) -> pd.DataFrame:
    """Score every pair of records that share a component, with the trained model.

    Args:
        linker: the fitted Splink linker (its backend, parameters and term frequencies).
        table: the prepared records, in the order of ``labels``.
        labels: a component label per record.

    Returns:
        ``uid_l``, ``uid_r``, ``match_probability`` for pairs in components of three or more.
    """
    members = _candidates(table, labels)
    if members.empty:
        return pd.DataFrame({"uid_l": [], "uid_r": [], "match_probability": []})
    model = linker.misc.save_model_to_json()
    model["blocking_rules_to_generate_predictions"] = [block_on(COMPONENT)]
    db_api = linker._db_api
    scorer = Linker(db_api.register(members), model, log_level=SPLINK_LOG_LEVEL)
    # Term frequencies of the whole input, not of the few records in big components.
    for column in _tf_columns(model):
        tf_table = linker.table_management.compute_tf_table(column)
        scorer.table_management.register_term_frequency_lookup(tf_table, column)
    scored = scorer.inference.predict(warning_mode="never")
    frame: pd.DataFrame = scored.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return frame[["uid_l", "uid_r", "match_probability"]]
