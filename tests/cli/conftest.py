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


@pytest.fixture
def account(settings):
    """Make an account with a role, for `--as NAME`; returns the name."""
    from khavaran.accounts.actions import create_user

    # A real password hash costs a quarter of a second; these tests are not about passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def make(name: str, role: str) -> str:
        create_user(name, role=role, password="a long enough passphrase 1988", actor="test")
        return name

    return make
