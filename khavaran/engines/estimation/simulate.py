"""Simulated populations with known totals, for tests and benchmarks of the estimators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from khavaran.engines.estimation.captures import CaptureHistories, all_patterns


@dataclass(frozen=True)
class Population:
    """A simulated population: its true total and the capture histories of those seen."""

    total: int
    captures: CaptureHistories


def simulate(
    total: int,
    class_weights: npt.ArrayLike,
    capture_probs: npt.ArrayLike,
    random_state: int | np.random.Generator,
) -> Population:
    """Draw a population from a latent class model and record who each list caught.

    People of different classes have different chances of being on each list
    (heterogeneity); that makes lists dependent in the population as a whole.

    Args:
        total: the true number of people N.
        class_weights: (C,) share of each class.
        capture_probs: (C, J) chance of being on list j for a member of class c.
        random_state: seed or generator.

    Returns:
        The Population, lists named L1..LJ.

    Example:
        >>> pop = simulate(1000, [0.6, 0.4], [[0.1, 0.2, 0.1], [0.5, 0.4, 0.6]], 0)
        >>> pop.captures.n_observed < 1000
        True
    """
    rng = np.random.default_rng(random_state)
    weights = np.asarray(class_weights, dtype=np.float64)
    probs = np.asarray(capture_probs, dtype=np.float64)
    n_lists = probs.shape[1]
    members = rng.multinomial(total, weights / weights.sum())
    table = np.zeros(2**n_lists, dtype=np.int64)
    bits = 2 ** np.arange(n_lists - 1, -1, -1)
    for size, p in zip(members, probs, strict=True):
        caught = rng.random((int(size), n_lists)) < p
        table += np.bincount(caught.astype(np.int64) @ bits, minlength=2**n_lists)
    patterns = all_patterns(n_lists)
    counts = {tuple(int(v) for v in patterns[i]): int(table[i]) for i in range(1, table.size)}
    seen = {k: v for k, v in counts.items() if v > 0}
    names = [f"L{j + 1}" for j in range(n_lists)]
    return Population(total, CaptureHistories.from_counts(names, seen, "<simulated>"))


def heterogeneous_scenario(
    total: int,
    n_lists: int,
    random_state: int | np.random.Generator,
    low: tuple[float, float] = (0.1, 0.35),
    high: tuple[float, float] = (0.35, 0.7),
    low_share: float = 0.6,
) -> Population:
    """Two classes: a larger hard-to-reach one and a smaller visible one.

    Each class's list probabilities are drawn uniformly in ``low`` and ``high``; people differ
    in how visible they are, so the lists are positively dependent in the population, which
    biases independence models down.

    Args:
        total: true N.
        n_lists: J.
        random_state: seed or generator.
        low, high: ranges of the list probabilities of the two classes.
        low_share: share of the hard-to-reach class.

    Returns:
        The Population.
    """
    rng = np.random.default_rng(random_state)
    probs = np.vstack([rng.uniform(*low, n_lists), rng.uniform(*high, n_lists)])
    return simulate(total, [low_share, 1.0 - low_share], probs, rng)


def latent_class_scenario(
    total: int,
    n_lists: int,
    shares: tuple[float, ...],
    ranges: tuple[tuple[float, float], ...],
    random_state: int | np.random.Generator,
    referral: float = 0.0,
) -> Population:
    """A latent class population, optionally with list 2 taking referrals from list 1.

    Class c's list probabilities are drawn uniformly in ``ranges[c]``. With ``referral`` r, a
    person on list 1 who was not on list 2 is added to list 2 with probability r: a direct
    dependence between two lists, on top of the heterogeneity. Within a class such a pair is
    still a mixture of two independent pairs, so the population stays a latent class one, with
    twice the classes: LCMCR's model can represent it.

    Args:
        total: true N.
        n_lists: J (at least 2 when ``referral`` > 0).
        shares: share of each class.
        ranges: (low, high) of each class's list probabilities.
        random_state: seed or generator.
        referral: chance that list 1 refers someone to list 2.

    Returns:
        The Population.
    """
    rng = np.random.default_rng(random_state)
    probs = np.vstack([rng.uniform(low, high, n_lists) for low, high in ranges])
    if referral == 0.0:
        return simulate(total, shares, probs, rng)
    # Split each class on list 1: members on it are on list 2 with p2 + (1 − p2) r.
    split_shares, split_probs = [], []
    for share, p in zip(shares, probs, strict=True):
        on_first, off_first = p.copy(), p.copy()
        on_first[0], off_first[0] = 1.0, 0.0
        on_first[1] = p[1] + (1.0 - p[1]) * referral
        split_shares += [share * p[0], share * (1.0 - p[0])]
        split_probs += [on_first, off_first]
    return simulate(total, split_shares, np.vstack(split_probs), rng)
