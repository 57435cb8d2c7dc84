"""The latent class model (LCMCR): reference figures, known truth, diagnostics, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import gammaln

from khavaran.engines.estimation import (
    CaptureHistories,
    Estimate,
    LatentClassMSE,
    SparseStratumError,
    reproduce,
)
from khavaran.engines.estimation.lcmcr import convergence_warnings
from khavaran.engines.estimation.results import Diagnostics
from khavaran.engines.estimation.simulate import heterogeneous_scenario, simulate

SHORT = {"burn_in": 5_000, "n_samples": 1_000, "thin": 20, "n_chains": 2}


def test_it_lands_on_lcmcrs_kosovo_figures(kosovo: CaptureHistories) -> None:
    # Kosovo's total mixes slowly (ESS under 10 with SHORT): thin by 50 so the median is stable.
    settings = {**SHORT, "burn_in": 10_000, "thin": 50}
    est = LatentClassMSE(random_state=11, **settings).fit(kosovo).result_
    # R's LCMCR: median 10,418–10,598 by seed (±2%), ends ≈ 8,840–9,245 and 13,620–14,786 (±10%).
    assert 10_418 * 0.98 <= est.total <= 10_598 * 1.02
    assert 8_840 * 0.9 <= est.interval[0] <= 9_245 * 1.1
    assert 13_620 * 0.9 <= est.interval[1] <= 14_786 * 1.1


def test_it_lands_on_lcmcrs_spina_bifida_figures(spina_bifida: CaptureHistories) -> None:
    est = LatentClassMSE(random_state=5, **SHORT).fit(spina_bifida).result_
    assert est.total == pytest.approx(734, rel=0.02)
    assert est.interval[0] == pytest.approx(686, rel=0.1)
    assert est.interval[1] == pytest.approx(821, rel=0.1)


def test_it_reproduces_the_same_draws_from_the_stored_seed(spina_bifida: CaptureHistories) -> None:
    first = LatentClassMSE(random_state=7, **SHORT).fit(spina_bifida).result_
    stored = Estimate.from_json(first.to_json())
    again = reproduce(stored, spina_bifida)
    assert again.draws == first.draws
    assert (again.total, again.interval) == (first.total, first.interval)


def test_running_chains_in_parallel_does_not_change_the_draws(
    spina_bifida: CaptureHistories,
) -> None:
    serial = LatentClassMSE(random_state=3, n_jobs=1, **SHORT).fit(spina_bifida).result_
    parallel = LatentClassMSE(random_state=3, n_jobs=2, **SHORT).fit(spina_bifida).result_
    assert serial.draws == parallel.draws


def test_a_different_seed_gives_different_draws(spina_bifida: CaptureHistories) -> None:
    one = LatentClassMSE(random_state=1, **SHORT).fit(spina_bifida).result_
    two = LatentClassMSE(random_state=2, **SHORT).fit(spina_bifida).result_
    assert one.draws != two.draws


def test_it_records_settings_seed_hash_and_diagnostics(spina_bifida: CaptureHistories) -> None:
    est = LatentClassMSE(random_state=9, **SHORT).fit(spina_bifida).result_
    assert est.seed == 9
    assert est.settings["n_chains"] == 2 and est.settings["n_classes"] == 7
    assert est.input_sha256 == spina_bifida.sha256()
    assert est.diagnostics is not None
    assert len(est.draws) == 2 and len(est.draws[0]) == 1_000
    assert est.diagnostics.rhat < 1.1


def test_with_one_class_it_draws_the_exact_posterior_of_the_total() -> None:
    # One class is model M_t: with Beta(1, 1) list probabilities and p(N) ∝ 1/N the posterior
    # is p(N | data) ∝ C(N, n) / N · Π_j B(n_j + 1, N − n_j + 1), computable on a grid. This
    # checks the unseen count's negative-binomial draw and the λ updates end to end.
    caps = simulate(400, [1.0], [[0.3, 0.4, 0.25]], 3).captures
    n, sizes = caps.n_observed, np.array(list(caps.list_sizes().values()))
    grid = np.arange(n, 40 * n)
    log_post = gammaln(grid) - gammaln(grid - n + 1)
    log_post += (gammaln(grid[:, None] - sizes + 1) - gammaln(grid[:, None] + 2)).sum(axis=1)
    probs = np.exp(log_post - log_post.max())
    probs /= probs.sum()
    mean = float((grid * probs).sum())
    sd = float(np.sqrt(((grid - mean) ** 2 * probs).sum()))
    settings = {"burn_in": 1_000, "n_samples": 50_000, "thin": 2, "n_chains": 2}
    est = LatentClassMSE(n_classes=1, random_state=4, **settings).fit(caps).result_
    assert est.diagnostics is not None
    monte_carlo_error = sd / np.sqrt(est.diagnostics.ess_bulk)
    # Tight enough to tell the 1/N prior from a flat one (posterior means 1.3 apart here).
    assert 4 * monte_carlo_error < 1.0
    assert abs(est.all_draws().mean() - mean) < 4 * monte_carlo_error


def test_it_agrees_with_a_plain_numpy_sampler_on_a_two_class_population() -> None:
    # An independent, person-free implementation of the same Gibbs sampler (R's update order,
    # numpy's generator) must give the same posterior; it found no bug in the kernel.
    pop = heterogeneous_scenario(1_000, 4, 19)
    data = pop.captures.nonzero()
    reference = _plain_sampler(data.patterns, data.counts, n_classes=3, iterations=8_000, seed=1)
    settings = {"burn_in": 2_000, "n_samples": 8_000, "thin": 2, "n_chains": 2}
    est = LatentClassMSE(n_classes=3, random_state=2, **settings).fit(data).result_
    drawn = np.quantile(est.all_draws(), [0.25, 0.5, 0.75])
    assert drawn == pytest.approx(np.quantile(reference, [0.25, 0.5, 0.75]), rel=0.02)


def _plain_sampler(
    patterns: np.ndarray, counts: np.ndarray, n_classes: int, iterations: int, seed: int
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = counts.sum()
    lam = np.full((patterns.shape[1], n_classes), 0.3) + rng.uniform(0, 0.2, n_classes)
    nu, alpha, unseen_by_class, totals = np.full(n_classes, 1 / n_classes), 1.0, 0, []
    for it in range(iterations + 1_000):
        logp = np.log(nu) + patterns @ np.log(lam) + (1 - patterns) @ np.log1p(-lam)
        probs = np.exp(logp - logp.max(axis=1, keepdims=True))
        z = np.array([rng.multinomial(c, p / p.sum()) for c, p in zip(counts, probs, strict=True)])
        members = z.sum(axis=0) + unseen_by_class
        on = patterns.T @ z
        lam = rng.beta(1 + on, 1 + members - on)
        later = members[::-1].cumsum()[::-1][1:]
        # As in the kernel: keeps log(1 − V) finite when a weight reaches 1 in floating point.
        sticks = np.minimum(rng.beta(1 + members[:-1], alpha + later), 1 - 1e-12)
        nu = np.append(sticks, 1.0) * np.concatenate([[1.0], np.cumprod(1 - sticks)])
        off = nu * np.prod(1 - lam, axis=0)
        unseen = rng.negative_binomial(n, 1 - off.sum())
        unseen_by_class = rng.multinomial(unseen, off / off.sum())
        alpha = rng.gamma(0.25 + n_classes - 1, 1 / (0.25 - np.log1p(-sticks).sum()))
        if it >= 1_000:
            totals.append(n + unseen)
    return np.array(totals)


@pytest.mark.slow
def test_its_intervals_cover_a_known_total_in_simulations() -> None:
    # Small fixed-seed version of the coverage benchmark (benchmarks/estimation.py).
    runs, covered = 20, 0
    for seed in range(runs):
        pop = heterogeneous_scenario(2_000, 6, seed)
        settings = {"burn_in": 2_000, "n_samples": 500, "thin": 10, "n_chains": 2}
        est = LatentClassMSE(random_state=seed, **settings).fit(pop.captures).result_
        covered += est.interval[0] <= pop.total <= est.interval[1]
    # 95% nominal; P(covered ≤ 16 | 20, 0.95) ≈ 1.6%.
    assert covered >= 17


def test_it_refuses_a_table_with_an_empty_list() -> None:
    counts = {(1, 0, 0, 0): 5, (0, 1, 0, 0): 3, (0, 0, 1, 0): 4, (1, 1, 0, 0): 2}
    table = CaptureHistories.from_counts(["A", "B", "C", "D"], counts, stratum="year=1988")
    with pytest.raises(SparseStratumError, match=r"stratum year=1988.*list 'D' has no records"):
        LatentClassMSE().fit(table)


def test_it_says_when_chains_disagree() -> None:
    diag = Diagnostics(
        rhat=1.4,
        ess_bulk=35.0,
        ess_tail=20.0,
        n_chains=3,
        n_draws=1000,
        chain_medians=(50_727.0, 67_115.0, 143_857.0),
        seconds=1.0,
        iterations_per_second=1.0,
    )
    text = " ".join(convergence_warnings(diag))
    assert "did not converge: R-hat 1.400 > 1.1" in text
    assert "only 20 effective samples" in text
    assert "depends on the seed" in text


def diagnostics(**changes: object) -> Diagnostics:
    """Diagnostics of four chains that agree and mix well; ``changes`` spoil one figure."""
    values: dict[str, object] = {
        "rhat": 1.004,
        "ess_bulk": 900.0,
        "ess_tail": 800.0,
        "n_chains": 4,
        "n_draws": 2_000,
        "chain_medians": (10_400.0, 10_420.0, 10_390.0, 10_410.0),
        "seconds": 1.0,
        "iterations_per_second": 1.0,
    }
    return Diagnostics(**{**values, **changes})  # type: ignore[arg-type]


def test_chains_that_agree_and_mix_well_give_no_warning() -> None:
    assert convergence_warnings(diagnostics()) == ()


def test_an_rhat_between_1_01_and_1_1_says_the_total_is_not_yet_fit_to_report() -> None:
    # Vehtari et al. (2021): quote only below 1.01. UK slavery with the defaults gives 1.051.
    (warning,) = convergence_warnings(diagnostics(rhat=1.051))
    assert warning.startswith("the chains have not converged enough to report: R-hat 1.051 > 1.01")
    assert "run longer (--samples/--thin)" in warning
    assert "did not converge" not in warning


def test_an_rhat_just_over_1_1_says_the_chains_did_not_converge() -> None:
    (warning,) = convergence_warnings(diagnostics(rhat=1.1004))
    assert warning.startswith("the chains did not converge: R-hat 1.100 > 1.1 across 4 chains")


def test_one_chain_says_convergence_was_not_checked(spina_bifida: CaptureHistories) -> None:
    settings = {"burn_in": 200, "n_samples": 200, "thin": 2, "n_chains": 1}
    est = LatentClassMSE(random_state=1, **settings).fit(spina_bifida).result_
    assert np.isnan(est.diagnostics.rhat)
    assert (
        "convergence was not checked: one chain gives no R-hat; run 2 or more (--chains)"
        in est.warnings
    )


def test_an_rhat_that_could_not_be_computed_is_not_taken_for_convergence() -> None:
    (warning,) = convergence_warnings(diagnostics(rhat=float("nan")))
    assert warning.startswith("convergence was not checked: R-hat could not be computed")


def test_too_few_draws_for_an_effective_sample_size_is_said_in_words(
    spina_bifida: CaptureHistories,
) -> None:
    settings = {"burn_in": 0, "n_samples": 4, "thin": 1, "n_chains": 2}
    est = LatentClassMSE(random_state=1, **settings).fit(spina_bifida).result_
    text = " ".join(est.warnings)
    assert "too few draws to estimate the effective sample size (4 per chain" in text
    assert "nan" not in text


def test_draws_that_never_vary_are_said_to_leave_no_effective_sample_size() -> None:
    warnings = convergence_warnings(diagnostics(ess_bulk=float("nan"), ess_tail=float("nan")))
    assert any("effective sample size could not be estimated" in w for w in warnings)
    assert not any("nan" in w for w in warnings)


@pytest.mark.slow
def test_it_flags_seed_dependence_on_uk_slavery(uk_slavery: CaptureHistories) -> None:
    # R's LCMCR moves by seed here (20,193–22,899); short chains must say so, not hide it.
    est = LatentClassMSE(random_state=1, **SHORT).fit(uk_slavery).result_
    assert est.warnings, "LCMCR gave a confident number on UK slavery with short chains"
    assert np.isfinite(est.total)


@pytest.mark.parametrize(
    ("people", "weights"),
    [
        (1, [0.2, 0.5, 0.0, 0.3]),
        (5, [1e-3, 0.6, 0.0, 0.3, 0.099]),
        (8, [0.25, 0.25, 0.25, 0.25]),
        (9, [0.7, 0.0, 0.2, 1e-4, 0.0999]),
        (40, [3e-5, 0.05, 0.5, 0.2, 0.25, 0.0]),
        (1_000, [0.1, 0.6, 0.05, 0.2, 0.05, 1e-6, 0.0, 0.0]),
    ],
)
def test_the_kernels_multinomial_has_the_multinomial_distribution(
    people: int, weights: list[float]
) -> None:
    # The sampler's per-pattern allocation (binomials heaviest first, the last few one by one)
    # must be an exact multinomial draw: check each class's mean and variance, and that empty
    # classes stay empty, over many draws (z-scores, all classes: a 5-sigma band).
    from khavaran.engines.estimation import _lcmcr_kernels as kernels

    w = np.array(weights) * 7.3  # unnormalized
    probs = w / w.sum()
    rng = np.random.default_rng(12)
    n_classes, draws = w.size, 20_000
    order = np.empty(n_classes, dtype=np.int64)
    out, sums = np.empty(n_classes, dtype=np.int64), np.zeros((draws, n_classes))
    for i in range(draws):
        kernels._allocate(rng, people, w, order, out)
        sums[i] = out
    assert (sums.sum(axis=1) == people).all()
    assert (sums[:, probs == 0] == 0).all()
    mean, var = people * probs, people * probs * (1 - probs)
    live = probs > 0
    z = (sums.mean(axis=0)[live] - mean[live]) / np.sqrt(var[live] / draws)
    assert np.abs(z).max() < 5
    big = var > 1
    if big.any():
        # Variance of the sample variance ≈ 2 var² / draws for a near-normal count.
        zv = (sums.var(axis=0)[big] - var[big]) / (var[big] * np.sqrt(2 / draws))
        assert np.abs(zv).max() < 5


@pytest.mark.parametrize(("n", "p"), [(3, 0.01), (25, 0.3), (90, 0.2), (200, 0.12), (50, 0.9)])
def test_the_kernels_binomial_has_the_binomial_distribution(n: int, p: float) -> None:
    from scipy.stats import binom, chisquare

    from khavaran.engines.estimation import _lcmcr_kernels as kernels

    rng = np.random.default_rng(5)
    draws = np.array([kernels._binomial(rng, n, p) for _ in range(40_000)])
    support = np.arange(n + 1)
    expected = binom.pmf(support, n, p) * draws.size
    observed = np.bincount(draws, minlength=n + 1)
    keep = expected >= 5  # pool the sparse tails into one cell
    obs = np.append(observed[keep], observed[~keep].sum())
    exp = np.append(expected[keep], expected[~keep].sum())
    if exp[-1] < 5:
        obs, exp = obs[:-1], exp[:-1] * obs[:-1].sum() / exp[:-1].sum()
    assert chisquare(obs, exp).pvalue > 1e-4


def test_the_kernels_multinomial_gives_everyone_to_a_class_that_dwarfs_the_rest() -> None:
    from khavaran.engines.estimation import _lcmcr_kernels as kernels

    w = np.array([0.0, 1e-300, 1.0, 0.0])
    order = np.empty(4, dtype=np.int64)
    out = np.empty(4, dtype=np.int64)
    kernels._allocate(np.random.default_rng(1), 50_000, w, order, out)
    assert out.tolist() == [0, 0, 50_000, 0]


@pytest.mark.parametrize(("members", "beta"), [(0, 0.2), (5, 0.3), (1_000, 0.05), (50, 3.0)])
def test_the_stick_update_draws_log_one_minus_v_exactly_even_where_v_rounds_to_one(
    members: int, beta: float
) -> None:
    # α's update needs log(1 − V) for V ~ Beta(1 + members, beta). With a small beta, 1 − V is
    # often below 1e-16 (V rounds to 1): capping V there put a floor under α that simulation-based
    # calibration caught. 1 − V ~ Beta(beta, 1 + members): compare with scipy's, in log space.
    from numba import njit
    from scipy.stats import beta as beta_distribution
    from scipy.stats import ks_2samp

    from khavaran.engines.estimation import _lcmcr_kernels as kernels

    @njit
    def draws(rng: np.random.Generator, n: int) -> np.ndarray:  # pragma: no cover - compiled
        out = np.empty(n)
        for i in range(n):
            out[i] = kernels._log_off(rng, members, beta)
        return out

    ours = draws(np.random.default_rng(3), 40_000)
    exact = np.log(beta_distribution(beta, 1 + members).rvs(size=40_000, random_state=4))
    assert np.isfinite(ours).all()
    assert ks_2samp(ours, exact).pvalue > 1e-3
    if beta < 0.1:
        assert np.mean(ours < np.log(1e-16)) > 0.1  # the case the cap got wrong is common here


@pytest.mark.parametrize(
    ("n", "p"),
    [(20, 0.5), (60, 0.3), (151, 0.1), (1_000, 0.37), (5_000, 0.002), (100_000, 0.5)],
)
def test_the_kernels_btrd_has_the_binomial_distribution(n: int, p: float) -> None:
    # Hörmann's BTRD (means from 10): the box, the strips, the product of ratios near the mode
    # and, where n p q is large, the squeeze and the Stirling-series bound all take part.
    from numba import njit
    from scipy.stats import binom, chisquare

    from khavaran.engines.estimation import _lcmcr_kernels as kernels

    @njit
    def draws(rng: np.random.Generator, size: int) -> np.ndarray:  # pragma: no cover - compiled
        out = np.empty(size, dtype=np.int64)
        for i in range(size):
            out[i] = kernels._btrd(rng, n, p)
        return out

    drawn = draws(np.random.default_rng(8), 200_000)
    assert drawn.min() >= 0 and drawn.max() <= n
    support = np.arange(n + 1)
    expected = binom.pmf(support, n, p) * drawn.size
    observed = np.bincount(drawn, minlength=n + 1)
    keep = expected >= 5  # pool the sparse tails into one cell
    obs = np.append(observed[keep], observed[~keep].sum())
    exp = np.append(expected[keep], drawn.size - expected[keep].sum())
    if exp[-1] < 5:
        obs, exp = obs[:-1], exp[:-1] * obs[:-1].sum() / exp[:-1].sum()
    assert chisquare(obs, exp).pvalue > 1e-4


@pytest.mark.parametrize(
    ("a", "b"),
    [(1.0, 50.0), (30.0, 1.0), (1.0, 1.0), (2.0, 7.0), (1.5, 400.0), (4_000.0, 3.0), (0.5, 3.5)],
)
def test_the_kernels_beta_has_the_beta_distribution(a: float, b: float) -> None:
    # The λ update's Beta(a_λ + on list, b_λ + off list): a uniform power where a shape is 1,
    # two Marsaglia–Tsang gamma draws otherwise, numpy's method for a shape below 1.
    from numba import njit
    from scipy.stats import beta as beta_distribution
    from scipy.stats import kstest

    from khavaran.engines.estimation import _lcmcr_kernels as kernels

    @njit
    def draws(rng: np.random.Generator, size: int) -> np.ndarray:  # pragma: no cover - compiled
        out = np.empty(size)
        for i in range(size):
            out[i] = kernels._beta(rng, a, b)
        return out

    drawn = draws(np.random.default_rng(6), 50_000)
    assert ((drawn >= 0) & (drawn <= 1)).all()
    assert kstest(drawn, beta_distribution(a, b).cdf).pvalue > 1e-3


@pytest.mark.parametrize("shape", [1.0, 1.7, 9.25, 4_427.0, 0.3, 0.05])
def test_the_kernels_gamma_has_the_gamma_distribution(shape: float) -> None:
    # Marsaglia–Tsang from shape 1 (α's, the unseen's and the sticks' gamma draws), numpy's
    # method below 1 (α + n_{>k} for the last classes when α is small).
    from numba import njit
    from scipy.stats import gamma, kstest

    from khavaran.engines.estimation import _lcmcr_kernels as kernels

    @njit
    def draws(rng: np.random.Generator, size: int) -> np.ndarray:  # pragma: no cover - compiled
        out = np.empty(size)
        for i in range(size):
            out[i] = kernels._any_gamma(rng, shape)
        return out

    drawn = draws(np.random.default_rng(7), 50_000)
    assert kstest(drawn, gamma(shape).cdf).pvalue > 1e-3
    # The mean, to a 5-sigma band (the variance of a Gamma(shape) is shape).
    assert abs(drawn.mean() - shape) < 5 * np.sqrt(shape / drawn.size)
