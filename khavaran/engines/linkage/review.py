"""The reviewer's queue: the pairs the model is least sure about, first.

The band around the threshold is measured in match weight (log2 of the odds), not in
probability: a pair at 0.85 against a threshold of 0.5 is as uncertain as one at 0.98 against
0.9, and a band of ±0.05 in probability that suits one threshold hides such pairs at another.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

# Pairs whose odds lie within 2**3 = 8 times the threshold's are shown: at the default threshold
# of 0.5, every pair the model scores between 0.11 and 0.89.
REVIEW_BITS = 3.0

# Probabilities of exactly 0 or 1 (Splink rounds) get a finite, very large weight.
_EDGE = 1e-12


def match_weight(probability: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """log2 of the odds that a pair is one person.

    Example:
        >>> float(match_weight(0.5)), round(float(match_weight(0.8)), 9)
        (0.0, 2.0)
    """
    p = np.clip(np.asarray(probability, dtype=np.float64), _EDGE, 1.0 - _EDGE)
    return np.log2(p / (1.0 - p))


def band_distance(probability: npt.ArrayLike, threshold: float) -> npt.NDArray[np.float64]:
    """How far a match probability lies from the threshold, in bits of match weight."""
    return np.abs(match_weight(probability) - match_weight(threshold))


def band_limits(threshold: float, bits: float = REVIEW_BITS) -> tuple[float, float]:
    """The match probabilities at the band's two ends (the inverse of `match_weight`).

    Example:
        >>> band_limits(0.5, 3.0)
        (0.1111111111111111, 0.8888888888888888)
    """
    centre = float(match_weight(threshold))
    low, high = (1.0 / (1.0 + 2.0 ** -float(w)) for w in (centre - bits, centre + bits))
    return low, high


def review_queue(pairs: pd.DataFrame, threshold: float, bits: float = REVIEW_BITS) -> pd.DataFrame:
    """Pairs whose match weight lies within ``bits`` of the threshold's, closest first.

    Args:
        pairs: scored pairs with ``uid_l``, ``uid_r``, ``match_probability``.
        threshold: the clustering threshold (a match probability).
        bits: how far either side of the threshold's weight a pair may lie.

    Returns:
        The pairs in the band with a ``distance`` column (in bits), ordered by distance, then
        uids.

    Example:
        >>> pairs = pd.DataFrame({"uid_l": ["a", "b", "c"], "uid_r": ["d", "e", "f"],
        ...                       "match_probability": [0.999, 0.85, 0.3]})
        >>> review_queue(pairs, 0.5)["uid_l"].tolist()
        ['c', 'b']
    """
    distance = pd.Series(
        band_distance(pairs["match_probability"].to_numpy(), threshold), index=pairs.index
    )
    queue = pairs.assign(distance=distance)[distance <= bits]
    return queue.sort_values(["distance", "uid_l", "uid_r"], kind="stable").reset_index(drop=True)
