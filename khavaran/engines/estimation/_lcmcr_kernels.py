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
(heaviest first, found one at a time rather than by sorting) by binomials and places the last few
people one by one; :func:`_binomial` is an inversion where the mean is small and Hörmann's BTRD
(:func:`_btrd`) otherwise, cheaper than numba's BTPE. The λ and stick updates draw their Beta and
gamma variates with :func:`_beta` and :func:`_gamma`, written out and inlined: numba's own cost
half as much again when not inlined, or when the shape is known only at run time. Every variate
is exact in distribution (tests compare each with scipy's).
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
# Means below this are drawn by inversion, above by BTRD (valid from 10; inversion costs a step
# per unit of mean, BTRD about the same whatever the mean).
SMALL_MEAN = 15.0
LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
# log k! − ((k + ½) log(k + 1) − (k + 1) + ½ log 2π) for small k, where Stirling's series is poor.
STIRLING_TABLE = np.array(
    [
        math.lgamma(k + 1.0) - (k + 0.5) * math.log(k + 1.0) + (k + 1.0) - LOG_SQRT_2PI
        for k in range(10)
    ]
)
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


@njit(cache=True, inline="always")
def _binomial(rng: np.random.Generator, n: int, p: float) -> int:  # pragma: no cover - compiled
    """Binomial(n, p) for 0 < p < 1: inversion (BINV) for a small mean, BTRD otherwise.

    The inversion computes (1 − p)^n once and steps with one division per outcome, instead of
    numba's per-call checks, power and square root. Not recursive (p > 1/2 draws the failures),
    so it can be inlined into :func:`_allocate`.
    """
    flip = p > 0.5
    if flip:
        p = 1.0 - p
    if n * p >= SMALL_MEAN:
        x = _btrd(rng, n, p)
    else:
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
                break
    return n - x if flip else x


@njit(cache=True)
def _stirling_tail(k: int) -> float:  # pragma: no cover - compiled
    """log k! − ((k + ½) log(k + 1) − (k + 1) + ½ log 2π): a table, then the Stirling series."""
    if k < STIRLING_TABLE.size:
        return float(STIRLING_TABLE[k])
    x = 1.0 / (k + 1.0)
    x2 = x * x
    # The next term, 1/(1188 (k + 1)^9), is below 1e-12 from k = 10.
    return x * (1.0 / 12.0 - x2 * (1.0 / 360.0 - x2 * (1.0 / 1260.0 - x2 / 1680.0)))


@njit(cache=True, inline="always")
def _btrd(rng: np.random.Generator, n: int, p: float) -> int:  # pragma: no cover - compiled
    """Binomial(n, p) for p ≤ 1/2 and n p ≥ 10 by Hörmann's BTRD (transformed rejection with
    decomposition, ACM TOMS 1993, algorithm BTRD): about 80% of draws take one uniform and no
    logarithm; the rest are accepted or rejected exactly against f(k)/f(m), by a product of
    ratios where k is near the mode m, else by logarithms with Stirling's series.
    """
    q = 1.0 - p
    m = int((n + 1) * p)
    r = p / q
    nr = (n + 1) * r
    npq = n * p * q
    spq = math.sqrt(npq)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    alpha = (2.83 + 5.1 / b) * spq
    vr = 0.92 - 4.2 / b
    urvr = 0.86 * vr
    while True:
        v = rng.random()
        if v <= urvr:  # the central box: accepted at once, and always inside 0..n
            u = v / vr - 0.43
            return int((2.0 * a / (0.5 - abs(u)) + b) * u + c)
        if v >= vr:
            u = rng.random() - 0.5
        else:  # the two thin strips beside the box
            u = v / vr - 0.93
            u = math.copysign(0.5, u) - u
            v = rng.random() * vr
        us = 0.5 - abs(u)
        if us <= 0.0:  # u = −1/2 exactly: the hat's edge, where its density is 0
            continue
        kf = (2.0 * a / us + b) * u + c
        if not (0.0 <= kf < n + 1.0):
            continue
        k = int(kf)
        v = v * alpha / (a / (us * us) + b)
        km = abs(k - m)
        if km <= 15:  # f(k)/f(m) as a product of successive ratios (n + 1 − i)/i · p/q
            f = 1.0
            if m < k:
                for i in range(m + 1, k + 1):
                    f *= nr / i - r
            elif m > k:
                for i in range(k + 1, m + 1):
                    v *= nr / i - r
            if v <= f:
                return k
            continue
        v = math.log(v)
        rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5)
        t = -km * km / (2.0 * npq)
        if v < t - rho:
            return k
        if v > t + rho:
            continue
        nm = n - m + 1
        h = (m + 0.5) * math.log((m + 1) / (r * nm)) + _stirling_tail(m) + _stirling_tail(n - m)
        nk = n - k + 1
        bound = h + (n + 1) * math.log(nm / nk) + (k + 0.5) * math.log(nk * r / (k + 1))
        if v <= bound - _stirling_tail(k) - _stirling_tail(n - k):
            return k


@njit(cache=True, inline="always")
def _allocate(
    rng: np.random.Generator,
    people: int,
    weights: np.ndarray,
    order: np.ndarray,
    out: np.ndarray,
) -> None:  # pragma: no cover - compiled
    """Multinomial draw of ``people`` over classes with unnormalized ``weights`` into ``out``.

    Classes are taken heaviest first: each step brings the heaviest class left to the front
    and draws its count by a binomial given the people left and the weight left, until only a
    few (at most ``FEW``) people are left; they are then placed one by one, a uniform each,
    trying the heaviest class left first. Finding the heaviest at each step, rather than
    sorting all classes, costs less: most people are placed after two or three classes. The
    weight left is summed afresh each step (positive terms: nothing cancels). ``order`` is
    scratch.
    """
    n_classes = weights.size
    for k in range(n_classes):
        out[k] = 0
        order[k] = k
    if people == 0:
        return
    i = 0
    while True:
        # The heaviest class of order[i:] to position i; the weight of order[i:].
        best, top, left = i, weights[order[i]], 0.0
        for j in range(i, n_classes):
            w = weights[order[j]]
            left += w
            if w > top:
                best, top = j, w
        k = order[best]
        order[best] = order[i]
        order[i] = k
        if people <= FEW or i == n_classes - 1:
            break
        share = top / left
        if share >= 1.0:  # the lighter classes are empty or negligible next to this one
            out[k] += people
            return
        drawn = _binomial(rng, people, share)
        out[k] += drawn
        people -= drawn
        i += 1
        if people == 0:
            return
    if i == n_classes - 1 or not left > top:
        out[order[i]] += people
        return
    for _ in range(people):
        u = rng.random() * left - top
        j = i
        # Past the last class only by rounding: the last class with weight takes the person.
        while u > 0.0 and j < n_classes - 1:
            j += 1
            u -= weights[order[j]]
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


@njit(cache=True, inline="always")
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
    drawn = _gamma(rng, 1.0 + members)
    v = drawn / (drawn + _any_gamma(rng, beta))
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


@njit(cache=True, inline="always")
def _gamma(rng: np.random.Generator, shape: float) -> float:  # pragma: no cover - compiled
    """Gamma(shape, 1), shape ≥ 1, by Marsaglia and Tsang's method (numpy's for shape > 1).

    Written out, and inlined, because numba's ``standard_gamma`` costs half as much again when
    called with a shape known only at run time.
    """
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = rng.standard_normal()
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = rng.random()
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v


@njit(cache=True, inline="always")
def _any_gamma(rng: np.random.Generator, shape: float) -> float:  # pragma: no cover - compiled
    """Gamma(shape, 1) for any shape > 0: numpy's method below 1."""
    if shape >= 1.0:
        return _gamma(rng, shape)
    return float(rng.standard_gamma(shape))


@njit(cache=True, inline="always")
def _beta(rng: np.random.Generator, a: float, b: float) -> float:  # pragma: no cover - compiled
    """Beta(a, b): 1 − U^(1/b) or U^(1/a) where a shape is 1, else G_a / (G_a + G_b).

    A shape below 1 (a prior below Beta(1, 1)) goes to numpy's method, which guards against
    both gamma draws underflowing.
    """
    if a == 1.0:
        return -math.expm1(math.log(rng.random()) / b)
    if b == 1.0:
        return math.exp(math.log(rng.random()) / a)
    if a < 1.0 or b < 1.0:
        return float(rng.beta(a, b))
    ga = _gamma(rng, a)
    return ga / (ga + _gamma(rng, b))


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
                drawn = _beta(rng, prior_a + yes, prior_b + in_class[k] - yes)
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
    state[0] = _any_gamma(rng, a + n_classes - 1) / (b - log_rest)


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
            _allocate(rng, counts[p], weights, order, alloc)
            for k in range(n_classes):
                if alloc[k] > 0:
                    in_class[k] += alloc[k]
                    for t in range(on.size):
                        on_list[on[t], k] += alloc[k]
        n0 = _draw_unseen(rng, n_seen, lam, pi, base, safe, weights, order, alloc)
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
        n0 = rng.poisson(_any_gamma(rng, n_seen) * (p0 / (1.0 - p0)))
    _allocate(rng, n0, weights, order, alloc)
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
