"""Numba kernels of the LCMCR Gibbs sampler (Manrique-Vallier 2016).

People with the same capture pattern are exchangeable, so the sampler allocates a whole pattern's
count across latent classes with one multinomial draw instead of one draw per person: an
iteration costs O(patterns × classes × lists seen), whatever the number of people. The unseen
(all-zero pattern) are drawn and allocated the same way, in aggregate.

Each iteration is, in this order (any order of exact conditionals is a valid Gibbs sampler):
classes of the observed | λ, π; the unseen count n0 | λ, π (negative binomial: N has the prior
1/N) and their classes; λ_jk | classes ~ Beta(a_λ + on list, b_λ + off list) (LCMCR's prior
a_λ = b_λ = 1, the default); the stick-breaking weights V_k | classes ~ Beta(1 + n_k,
α + n_{>k}); α | V ~ Gamma(a + K − 1, b − Σ log(1 − V_k)).

The state lives in arrays the caller owns (lam, v, scalars); each call runs a block of iterations
so the caller can report progress between blocks. Random numbers come from a numpy ``Generator``
(PCG64) the caller passes, one per chain: about twice as fast per uniform in numba as the legacy
``np.random`` functions, and the chain's stream is its own, so chains may run in threads
(``sweep`` releases the GIL).

Most of an iteration is the per-pattern multinomials. :func:`_allocate` draws the first classes
(heaviest first) by binomials and places the last few people one by one; :func:`_binomial` is an
inversion without numba's per-call overhead where the mean is small.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Keeps λ and 1 − λ positive when a Beta draw rounds to 0 or 1 (a prior below Beta(1, 1), such
# as Jeffreys', puts mass there; the clamp moves about 1e-6 of it).
LAMBDA_EDGE = 1e-12
# Keeps the weights of later classes above 0 when a stick-breaking weight reaches 1 in floating
# point. Only the weights: α's update uses log(1 − V) itself, since capping it there bounded α's
# rate and put a floor near 0.04 under α (simulation-based calibration found it).
V_MAX = 1.0 - 1e-12
# Within this of 1, log(1 − V) is drawn in log space (log1p(−V) has lost most of its digits).
NEAR_ONE = 1e-6
# Below this, a class's product of (1 − λ) may lose precision: use logarithms that iteration.
TINY = 1e-290
# Every flag except "no NaN/inf": the underflow checks below rely on NaN and inf behaving.
FAST = {"nsz", "arcp", "contract", "afn", "reassoc"}
# Means below this are drawn by inversion, above by BTPE (numpy's and numba's threshold).
SMALL_MEAN = 30.0
# At most this many people of a pattern are placed one by one rather than by binomials.
FEW = 8


@njit(cache=True)
def _set_bits(patterns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """The lists each pattern is on, as CSR offsets and list indices (most people are on few)."""
    n_patterns, n_lists = patterns.shape
    starts = np.zeros(n_patterns + 1, dtype=np.int64)
    lists = np.empty(int(patterns.sum()), dtype=np.int64)
    t = 0
    for p in range(n_patterns):
        for j in range(n_lists):
            if patterns[p, j] == 1:
                lists[t] = j
                t += 1
        starts[p + 1] = t
    return starts, lists


@njit(cache=True)
def _binomial(rng: np.random.Generator, n: int, p: float) -> int:  # pragma: no cover - compiled
    """Binomial(n, p) for 0 < p < 1: inversion (BINV) for a small mean, numba's BTPE otherwise.

    The inversion computes (1 − p)^n once and steps with one division per outcome, instead of
    numba's per-call checks, power and square root; BTPE is kept where the mean is large.
    """
    if p > 0.5:
        return n - _binomial(rng, n, 1.0 - p)
    mean = n * p
    if mean >= SMALL_MEAN:
        return int(rng.binomial(n, p))
    q = 1.0 - p
    s = p / q
    a = (n + 1) * s
    # (1 − p)^n ≥ e^(−2 ln 2 · SMALL_MEAN) for p ≤ 1/2: never underflows.
    first = math.exp(n * math.log1p(-p))
    while True:
        u = rng.random()
        r = first
        x = 0
        while u > r:
            u -= r
            x += 1
            if x > n:
                break
            r *= a / x - s
        if x <= n:
            return x


@njit(cache=True)
def _allocate(
    rng: np.random.Generator,
    people: int,
    weights: np.ndarray,
    order: np.ndarray,
    tail: np.ndarray,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Multinomial draw of ``people`` over classes with unnormalized ``weights`` into ``out``.

    A few people (at most ``FEW``) are placed one by one, a uniform each, trying the heaviest
    class first. More are split by conditional binomials over the classes in decreasing weight
    until only a few are left, who are then placed one by one among the remaining classes
    (heaviest first, so the search usually stops at once). ``order`` and ``tail`` are scratch.
    """
    n_classes = weights.size
    out[:] = 0
    if people == 0:
        return
    if people <= FEW:
        top, total = 0, 0.0
        for k in range(n_classes):
            total += weights[k]
            if weights[k] > weights[top]:
                top = k
        for _ in range(people):
            u = rng.random() * total - weights[top]
            chosen = top
            if u > 0.0:
                for k in range(n_classes):
                    if k == top or weights[k] <= 0.0:
                        continue
                    chosen = k
                    u -= weights[k]
                    if u <= 0.0:
                        break
            out[chosen] += 1
        return
    # Insertion sort of the class indices by decreasing weight (K is small).
    for k in range(n_classes):
        w = weights[k]
        i = k
        while i > 0 and weights[order[i - 1]] < w:
            order[i] = order[i - 1]
            i -= 1
        order[i] = k
    # tail[i]: the weight of classes order[i:], summed from the lightest so nothing cancels.
    acc = 0.0
    for i in range(n_classes - 1, -1, -1):
        acc += weights[order[i]]
        tail[i] = acc
    i = 0
    while people > FEW and i < n_classes - 1:
        k = order[i]
        share = weights[k] / tail[i]
        if share >= 1.0:  # the lighter classes are empty or negligible next to this one
            out[k] += people
            return
        drawn = _binomial(rng, people, share) if share > 0.0 else 0
        out[k] += drawn
        people -= drawn
        i += 1
    if people == 0:
        return
    total = tail[i]
    if not total > 0.0 or i == n_classes - 1:
        out[order[i]] += people
        return
    for _ in range(people):
        u = rng.random() * total
        j = i
        while j < n_classes - 1:
            u -= weights[order[j]]
            if u <= 0.0:
                break
            j += 1
        # Past the last class only by rounding: the last class with weight takes the person.
        while weights[order[j]] <= 0.0 and j > i:
            j -= 1
        out[order[j]] += 1


@njit(cache=True, fastmath=FAST)
def _class_terms(
    lam: np.ndarray, pi: np.ndarray, base: np.ndarray, odds: np.ndarray
) -> bool:  # pragma: no cover - compiled
    """base_k = π_k Π_j (1 − λ_jk) (the unseen's weights) and odds_jk = λ_jk / (1 − λ_jk).

    Returns:
        False when some Π_j (1 − λ_jk) is too small for products to be exact.
    """
    n_lists, n_classes = lam.shape
    safe = True
    for k in range(n_classes):
        off = 1.0
        for j in range(n_lists):
            off *= 1.0 - lam[j, k]
            odds[j, k] = lam[j, k] / (1.0 - lam[j, k])
        safe = safe and off > TINY
        base[k] = pi[k] * off
    return safe


@njit(cache=True, fastmath=FAST)
def _pattern_weights(
    on: np.ndarray, base: np.ndarray, odds: np.ndarray, out: np.ndarray
) -> float:  # pragma: no cover - compiled
    """Class weights of one pattern, the base times the odds of the lists it is on; their sum."""
    total = 0.0
    for k in range(base.size):
        w = base[k]
        for t in range(on.size):
            w *= odds[on[t], k]
        out[k] = w
        total += w
    return total


@njit(cache=True)
def _log_weights(
    on: np.ndarray, lam: np.ndarray, pi: np.ndarray, out: np.ndarray
) -> None:  # pragma: no cover - compiled
    """Class weights in log space, scaled so the largest is 1 (when products underflow)."""
    n_lists, n_classes = lam.shape
    for k in range(n_classes):
        acc = math.log(max(pi[k], 1e-300))
        for j in range(n_lists):
            acc += math.log(max(1.0 - lam[j, k], 1e-300))
        for t in range(on.size):
            j = on[t]
            acc += math.log(max(lam[j, k], 1e-300)) - math.log(max(1.0 - lam[j, k], 1e-300))
        out[k] = acc
    top = out.max()
    for k in range(n_classes):
        out[k] = math.exp(out[k] - top)


@njit(cache=True)
def _log_off(
    rng: np.random.Generator, members: int, beta: float
) -> float:  # pragma: no cover - compiled
    """log(1 − V) for V ~ Beta(1 + members, beta), exact even where V rounds to 1.

    An empty class has 1 − V = U^(1/beta). Otherwise V is drawn as usual; where it lies within
    NEAR_ONE of 1, log(1 − V) is redrawn in log space from its distribution given that event
    (1 − V = G_b / (G_a + G_b), log G_b = log G(beta + 1) + log U / beta), by rejection: that
    costs one draw per entry on average, since it is entered as often as the event happens.
    """
    if members == 0:
        return math.log(max(rng.random(), 1e-300)) / beta
    v = rng.beta(1.0 + members, beta)
    if v < 1.0 - NEAR_ONE:
        return math.log1p(-v)
    while True:
        u = max(rng.random(), 1e-300)
        log_b = math.log(rng.standard_gamma(beta + 1.0)) + math.log(u) / beta
        log_a = math.log(rng.standard_gamma(1.0 + members))
        top = max(log_a, log_b)
        log_off = log_b - top - math.log(math.exp(log_a - top) + math.exp(log_b - top))
        if log_off <= math.log(NEAR_ONE):
            return log_off


@njit(cache=True)
def _update_lambda(
    rng: np.random.Generator,
    lam: np.ndarray,
    on_list: np.ndarray,
    in_class: np.ndarray,
    prior_a: float,
    prior_b: float,
) -> None:  # pragma: no cover
    n_lists, n_classes = lam.shape
    uniform = prior_a == 1.0 and prior_b == 1.0
    for k in range(n_classes):
        for j in range(n_lists):
            # An empty class's Beta(1, 1) is a uniform: much cheaper than two gamma draws.
            if in_class[k] == 0 and uniform:
                lam[j, k] = rng.random()
            else:
                yes = on_list[j, k]
                drawn = rng.beta(prior_a + yes, prior_b + in_class[k] - yes)
                lam[j, k] = min(max(drawn, LAMBDA_EDGE), 1.0 - LAMBDA_EDGE)


@njit(cache=True)
def _update_sticks(
    rng: np.random.Generator,
    v: np.ndarray,
    in_class: np.ndarray,
    state: np.ndarray,
    a: float,
    b: float,
) -> None:  # pragma: no cover
    n_classes = v.size
    alpha = state[0]
    later = in_class.sum()
    log_rest = 0.0
    for k in range(n_classes - 1):
        later -= in_class[k]
        log_off = _log_off(rng, in_class[k], alpha + later)
        v[k] = min(-math.expm1(log_off), V_MAX)
        # α's update takes the exact log(1 − V_k): the cap on V_k would put a floor under α.
        log_rest += log_off
    v[n_classes - 1] = 1.0
    state[0] = rng.gamma(a + n_classes - 1, 1.0 / (b - log_rest))


@njit(cache=True, nogil=True)
def sweep(
    rng: np.random.Generator,
    patterns: np.ndarray,
    counts: np.ndarray,
    lam: np.ndarray,
    v: np.ndarray,
    state: np.ndarray,
    a: float,
    b: float,
    lambda_a: float,
    lambda_b: float,
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
        lambda_a, lambda_b: Beta prior of every λ_jk (LCMCR: 1, 1).
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
    starts, lists = _set_bits(patterns)
    pi = np.empty(n_classes)
    base = np.empty(n_classes)
    odds = np.empty((n_lists, n_classes))
    weights = np.empty(n_classes)
    alloc = np.empty(n_classes, dtype=np.int64)
    order = np.empty(n_classes, dtype=np.int64)
    tail = np.empty(n_classes)
    in_class = np.empty(n_classes, dtype=np.int64)
    on_list = np.empty((n_lists, n_classes), dtype=np.int64)
    for _ in range(n_iterations):
        rest = 1.0
        for k in range(n_classes):
            pi[k] = v[k] * rest
            rest *= 1.0 - v[k]
        safe = _class_terms(lam, pi, base, odds)
        in_class[:] = 0
        on_list[:, :] = 0
        for p in range(n_patterns):
            if counts[p] == 0:
                continue
            on = lists[starts[p] : starts[p + 1]]
            total = _pattern_weights(on, base, odds, weights) if safe else 0.0
            if not (total > 0.0 and total < math.inf):
                _log_weights(on, lam, pi, weights)
            _allocate(rng, counts[p], weights, order, tail, alloc)
            for k in range(n_classes):
                if alloc[k] > 0:
                    in_class[k] += alloc[k]
                    for t in range(on.size):
                        on_list[on[t], k] += alloc[k]
        n0 = _draw_unseen(rng, n_seen, lam, pi, base, safe, weights, order, tail, alloc)
        for k in range(n_classes):
            in_class[k] += alloc[k]
        _update_lambda(rng, lam, on_list, in_class, lambda_a, lambda_b)
        _update_sticks(rng, v, in_class, state, a, b)
        state[1] = n0
        state[2] += 1
        if thin > 0 and int(state[2]) % thin == 0:
            record[record_offset] = n_seen + n0
            record_offset += 1
    return record_offset


@njit(cache=True)
def _draw_unseen(
    rng: np.random.Generator,
    n_seen: int,
    lam: np.ndarray,
    pi: np.ndarray,
    base: np.ndarray,
    safe: bool,
    weights: np.ndarray,
    order: np.ndarray,
    tail: np.ndarray,
    alloc: np.ndarray,
) -> int:  # pragma: no cover - compiled
    """n0 ~ NegBin(n, 1 − p0) (the 1/N prior), as a gamma–Poisson mix; their classes in ``alloc``.

    p0 = Σ_k π_k Π_j (1 − λ_jk), the chance of being on no list.
    """
    if safe:
        weights[:] = base
        p0 = weights.sum()
    else:
        p0 = _log_unseen(lam, pi, weights)
    p0 = min(p0, 1.0 - 1e-15)
    n0 = 0
    if p0 > 0.0:
        n0 = rng.poisson(rng.gamma(n_seen, p0 / (1.0 - p0)))
    _allocate(rng, n0, weights, order, tail, alloc)
    return int(n0)


@njit(cache=True)
def _log_unseen(lam: np.ndarray, pi: np.ndarray, out: np.ndarray) -> float:  # pragma: no cover
    """The unseen's class weights in log space, scaled so the largest is 1; returns p0."""
    n_lists, n_classes = lam.shape
    for k in range(n_classes):
        acc = math.log(max(pi[k], 1e-300))
        for j in range(n_lists):
            acc += math.log(max(1.0 - lam[j, k], 1e-300))
        out[k] = acc
    top = out.max()
    for k in range(n_classes):
        out[k] = math.exp(out[k] - top)
    return float(math.exp(top) * out.sum())
