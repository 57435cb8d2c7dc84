"""Linkage accuracy against known truth: pairwise and B-cubed precision, recall and F1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Scores:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _pairs(counts: pd.Series) -> float:
    values = counts.to_numpy(dtype=np.float64)
    return float((values * (values - 1) / 2).sum())


def pairwise_scores(predicted: Sequence[Any], truth: Sequence[Any]) -> Scores:
    """Share of predicted same-person pairs that are true, and of true pairs found.

    Args:
        predicted: cluster label of each record.
        truth: true person of each record, in the same order.

    Returns:
        Scores; precision (recall) is 1.0 when no pair is predicted (exists).

    Example:
        >>> pairwise_scores([1, 1, 2], [1, 1, 1]).recall
        0.3333333333333333
    """
    frame = pd.DataFrame({"p": list(predicted), "t": list(truth)})
    correct = _pairs(frame.groupby(["p", "t"]).size())
    predicted_pairs = _pairs(frame.groupby("p").size())
    true_pairs = _pairs(frame.groupby("t").size())
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return Scores(precision, recall, _f1(precision, recall))


def bcubed_scores(predicted: Sequence[Any], truth: Sequence[Any]) -> Scores:
    """B-cubed: per record, the share of its cluster that is truly it, and of it in its cluster.

    Args:
        predicted: cluster label of each record.
        truth: true person of each record, in the same order.

    Returns:
        Scores averaged over records; leaving every record alone scores precision 1.0.

    Example:
        >>> bcubed_scores([1, 2, 3], [1, 1, 2]).precision
        1.0
    """
    frame = pd.DataFrame({"p": list(predicted), "t": list(truth)})
    both = frame.groupby(["p", "t"])["p"].transform("size")
    in_cluster = frame.groupby("p")["p"].transform("size")
    in_truth = frame.groupby("t")["t"].transform("size")
    precision = float((both / in_cluster).mean())
    recall = float((both / in_truth).mean())
    return Scores(precision, recall, _f1(precision, recall))
