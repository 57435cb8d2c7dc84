"""End-to-end tests run the real `khavaran` command in subprocesses, each on its own data dir
and, when the suite runs on PostgreSQL, its own freshly created database."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.processes import isolated_env

KHAVARAN = [sys.executable, "-m", "khavaran.cli"]


@pytest.fixture
def make_env(tmp_path: Path) -> Iterator[Callable[[str], dict[str, str]]]:
    with ExitStack() as stack:
        yield lambda name: stack.enter_context(isolated_env(tmp_path / name))


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*KHAVARAN, *args], env=env, capture_output=True, text=True, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"khavaran {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result
