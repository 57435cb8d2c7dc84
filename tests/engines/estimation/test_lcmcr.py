"""The latent class model (LCMCR): reference figures, known truth, diagnostics, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from khavaran.engines.estimation import (
    CaptureHistories,
    Estimate,
    LatentClassMSE,
    SparseStratumError,
    reproduce,
)
from khavaran.engines.estimation.lcmcr import convergence_warnings
from khavaran.engines.estimation.results import Diagnostics
from khavaran.engines.estimation.simulate import heterogeneous_scenario

SHORT = {"burn_in": 5_000, "n_samples": 1_000, "thin": 20, "n_chains": 2}


def test_it_lands_on_lcmcrs_kosovo_figures(kosovo: CaptureHistories) -> None:
    est = LatentClassMSE(random_state=11, **SHORT).fit(kosovo).result_
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
    assert "did not converge: R-hat 1.40" in text
    assert "only 20 effective samples" in text
    assert "depends on the seed" in text


@pytest.mark.slow
def test_it_flags_seed_dependence_on_uk_slavery(uk_slavery: CaptureHistories) -> None:
    # R's LCMCR moves by seed here (20,193–22,899); short chains must say so, not hide it.
    est = LatentClassMSE(random_state=1, **SHORT).fit(uk_slavery).result_
    assert est.warnings, "LCMCR gave a confident number on UK slavery with short chains"
    assert np.isfinite(est.total)
