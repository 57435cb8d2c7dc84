"""Shared fixtures of the estimation engine's tests: the published capture-history sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.engines.estimation import CaptureHistories, read_captures

MSE_DATA = Path("/work/shared/data/mse")


def published(name: str) -> CaptureHistories:
    path = MSE_DATA / f"{name}.csv"
    if not path.is_file():
        pytest.skip(f"{path} is not available on this machine")
    return read_captures(path)[None]


@pytest.fixture(scope="session")
def kosovo() -> CaptureHistories:
    return published("kosovo")


@pytest.fixture(scope="session")
def spina_bifida() -> CaptureHistories:
    return published("spina-bifida")


@pytest.fixture(scope="session")
def uk_slavery() -> CaptureHistories:
    return published("uk-slavery")
