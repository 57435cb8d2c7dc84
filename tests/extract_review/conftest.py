from __future__ import annotations

import pytest
from click.testing import CliRunner

from khavaran.cli.main import cli


@pytest.fixture
def khavaran(data_dir):
    """Run a `khavaran` command in-process; returns Click's result."""
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(cli, ["--data-dir", str(data_dir), *args], **kwargs)

    return run
