"""Batched Poisson fits: bounded memory, and the same fits whatever the batch size."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import numpy as np
import pytest

from khavaran.engines.estimation.captures import all_patterns
from khavaran.engines.estimation.errors import EstimationError
from khavaran.engines.estimation.glm import batch_rows, fit_poisson_batch
from khavaran.engines.estimation.loglinear import (
    all_terms,
    design_matrix,
    hierarchical_models,
    model_masks,
)
from khavaran.engines.estimation.simulate import simulate

MB = 2**20


def eight_lists() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    probs = [[0.3, 0.25, 0.2, 0.35, 0.3, 0.2, 0.25, 0.3]]
    captures = simulate(3000, [1.0], probs, 4).captures
    terms = all_terms(8, 2)
    design = design_matrix(all_patterns(8)[1:], terms)
    pairs = [t for t in terms if len(t) == 2]
    masks = model_masks([(pair,) for pair in pairs], terms, 8)
    return design, captures.full_table()[1:].astype(np.float64), masks


def peak_bytes(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_batches_are_sized_by_memory() -> None:
    assert batch_rows(cells=32_767, columns=17, max_bytes=128 * MB) == 30
    assert batch_rows(cells=32_767, columns=121, max_bytes=1 * MB) == 1


def test_a_small_memory_cap_splits_the_batch_and_gives_the_same_fits() -> None:
    design, counts, masks = eight_lists()
    whole = fit_poisson_batch(design, counts, masks)
    split = fit_poisson_batch(design, counts, masks, max_bytes=255 * 17 * 8 * 2)
    assert split.deviance == pytest.approx(whole.deviance, rel=1e-9, abs=1e-9)
    assert split.coefficients == pytest.approx(whole.coefficients, rel=1e-7, abs=1e-9)
    assert split.fitted == pytest.approx(whole.fitted, rel=1e-9, abs=1e-9)


def test_a_small_memory_cap_bounds_the_memory_used() -> None:
    design, counts, masks = eight_lists()
    # 28 models × 255 cells × 10 columns: about 0.6 MB per working array in one batch.
    whole = peak_bytes(lambda: fit_poisson_batch(design, counts, masks))
    capped = peak_bytes(lambda: fit_poisson_batch(design, counts, masks, max_bytes=40_000))
    assert capped < whole / 4


def test_models_of_different_sizes_in_one_batch_fit_as_they_do_alone() -> None:
    # Each model is fitted on its own columns, padded to the widest model of its batch.
    design, counts, masks = eight_lists()
    full = np.ones_like(masks[:1])
    together = fit_poisson_batch(design, counts, np.vstack([masks[:1], full]))
    for row, mask in enumerate((masks[:1], full)):
        alone = fit_poisson_batch(design, counts, mask)
        assert together.deviance[row] == pytest.approx(alone.deviance[0], rel=1e-9, abs=1e-9)
        assert np.count_nonzero(together.coefficients[row]) == mask.sum()


def test_too_many_hierarchical_models_are_refused_before_they_are_listed() -> None:
    # Seven lists have 2^21 pair models: listing them all took 440 MB before the refusal
    # (fifteen lists, 2^105, ran out of memory).
    def refuse() -> None:
        with pytest.raises(EstimationError, match="more than 40,000 hierarchical models"):
            hierarchical_models(7, 2)

    assert peak_bytes(refuse) < 30 * MB
