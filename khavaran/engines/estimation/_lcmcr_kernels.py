"""Numba kernels of the LCMCR Gibbs sampler (Manrique-Vallier 2016).

People with the same capture pattern are exchangeable, so the sampler allocates a whole pattern's
count across latent classes with one multinomial draw instead of one draw per person: an
iteration costs O(patterns × classes × lists), whatever the number of people.

The state lives in arrays the caller owns (lam, v, scalars); each call runs a block of iterations
so the caller can report progress between blocks. Random numbers come from numba's generator,
seeded per chain with :func:`seed`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Keeps log(1 − v) finite when a stick-breaking weight reaches 1 in floating point.
V_MAX = 1.0 - 1e-12


@njit(cache=True)
def seed(value: int) -> None:  # pragma: no cover - compiled
    """Seed numba's generator for the calling thread."""
    np.random.seed(value)


@njit(cache=True)
def _multinomial(
    total: int, weights: np.ndarray, order: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover - compiled
    """Draw counts of ``total`` over categories with (unnormalized) ``weights`` into ``out``.

    Categories are visited in ``order`` (heaviest first) so the draws stop early; the last few
    people are placed one by one, cheaper than binomial draws.
    """
    out[:] = 0
    remaining_weight = weights.sum()
    remaining = total
    for i in range(order.size):
        k = order[i]
        if remaining == 0 or remaining_weight <= 0.0:
            break
        if remaining <= 3:
            for _ in range(remaining):
                u = np.random.random() * remaining_weight
                chosen = order[order.size - 1]
                for r in range(i, order.size):
                    u -= weights[order[r]]
                    if u <= 0.0:
                        chosen = order[r]
                        break
                out[chosen] += 1
            remaining = 0
            break
        share = weights[k] / remaining_weight
        draw = np.random.binomial(remaining, share) if share < 1.0 else remaining
        out[k] = draw
        remaining -= draw
        remaining_weight -= weights[k]
    if remaining > 0:
        out[order[order.size - 1]] += remaining


@njit(cache=True)
def _beta_one(members: int, beta: float) -> float:  # pragma: no cover - compiled
    """Beta(1 + members, beta); closed form 1 − U^(1/beta) when the class is empty."""
    if members == 0:
        return float(1.0 - np.random.random() ** (1.0 / beta))
    return float(np.random.beta(1.0 + members, beta))


@njit(cache=True)
def _class_weights(
    pattern: np.ndarray, lam: np.ndarray, pi: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover
    n_lists, n_classes = lam.shape
    for k in range(n_classes):
        w = pi[k]
        for j in range(n_lists):
            w *= lam[j, k] if pattern[j] == 1 else 1.0 - lam[j, k]
        out[k] = w
    if out.sum() <= 0.0:
        # Products underflowed: redo in log space.
        for k in range(n_classes):
            acc = math.log(max(pi[k], 1e-300))
            for j in range(n_lists):
                p = lam[j, k] if pattern[j] == 1 else 1.0 - lam[j, k]
                acc += math.log(max(p, 1e-300))
            out[k] = acc
        top = out.max()
        for k in range(n_classes):
            out[k] = math.exp(out[k] - top)


@njit(cache=True)
def sweep(
    patterns: np.ndarray,
    counts: np.ndarray,
    lam: np.ndarray,
    v: np.ndarray,
    state: np.ndarray,
    a: float,
    b: float,
    n_iterations: int,
    thin: int,
    record: np.ndarray,
    record_offset: int,
) -> int:  # pragma: no cover - compiled
    """Run ``n_iterations`` Gibbs iterations in place.

    Args:
        patterns: (P, J) int64 0/1 observed patterns.
        counts: (P,) int64 counts.
        lam: (J, K) probability of being on list j in class k (updated in place).
        v: (K,) stick-breaking weights, v[K-1] = 1 (updated in place).
        state: float64 [alpha, n0, iteration counter] (updated in place).
        a, b: Gamma(a, b) prior of the stick-breaking concentration alpha.
        n_iterations: iterations to run.
        thin: record the total every ``thin`` iterations (0: record nothing).
        record: int64 output for the recorded totals.
        record_offset: index in ``record`` of the next recorded total.

    Returns:
        The next free index in ``record``.
    """
    n_patterns, n_lists = patterns.shape
    n_classes = v.size
    n_seen = counts.sum()
    pi = np.empty(n_classes)
    weights = np.empty(n_classes)
    alloc = np.empty(n_classes, dtype=np.int64)
    in_class = np.empty(n_classes, dtype=np.int64)
    on_list = np.empty((n_lists, n_classes), dtype=np.int64)
    zero = np.zeros(n_lists, dtype=np.int64)
    for _ in range(n_iterations):
        alpha = state[0]
        rest = 1.0
        for k in range(n_classes):
            pi[k] = v[k] * rest
            rest *= 1.0 - v[k]
        order = np.argsort(-pi)
        in_class[:] = 0
        on_list[:, :] = 0
        for p in range(n_patterns):
            if counts[p] == 0:
                continue
            _class_weights(patterns[p], lam, pi, weights)
            _multinomial(counts[p], weights, order, alloc)
            for k in range(n_classes):
                in_class[k] += alloc[k]
                for j in range(n_lists):
                    if patterns[p, j] == 1:
                        on_list[j, k] += alloc[k]
        # The unseen: with a 1/N prior on N, n0 | rest ~ NegBin(n, 1 − p0), a gamma–Poisson mix.
        _class_weights(zero, lam, pi, weights)
        p0 = min(weights.sum(), 1.0 - 1e-15)
        rate = np.random.gamma(n_seen, p0 / (1.0 - p0))
        n0 = np.random.poisson(rate)
        _multinomial(n0, weights, order, alloc)
        for k in range(n_classes):
            in_class[k] += alloc[k]
        for j in range(n_lists):
            for k in range(n_classes):
                yes = on_list[j, k]
                # An empty class's Beta(1, 1) is a uniform: much cheaper than two gamma draws.
                if in_class[k] == 0:
                    lam[j, k] = np.random.random()
                else:
                    lam[j, k] = np.random.beta(1.0 + yes, 1.0 + in_class[k] - yes)
        later = in_class.sum()
        log_rest = 0.0
        for k in range(n_classes - 1):
            later -= in_class[k]
            v[k] = min(_beta_one(in_class[k], alpha + later), V_MAX)
            log_rest += math.log(1.0 - v[k])
        v[n_classes - 1] = 1.0
        state[0] = np.random.gamma(a + n_classes - 1, 1.0 / (b - log_rest))
        state[1] = n0
        state[2] += 1
        if thin > 0 and int(state[2]) % thin == 0:
            record[record_offset] = n_seen + n0
            record_offset += 1
    return record_offset
