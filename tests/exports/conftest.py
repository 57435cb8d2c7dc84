"""Export tests run on the shipped example case, in a fresh data dir, as each kind of reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from khavaran.cli.main import cli
from tests.case_cast import excerpt, raisi  # noqa: F401  (fixtures)

CASE = Path(__file__).resolve().parents[2] / "khavaran" / "demo" / "case" / "case.json"
# A sentence only the confidential witness testimony contains.
TESTIMONY_PHRASE = "The soil in one corner had been dug and filled in again"
TESTIMONY_WORDS = ("Witness A", "part of a shirt", "Invented sample testimony")


@pytest.fixture
def case(data_dir: Path, settings: object) -> None:
    """The shipped example case, imported into the test database."""
    from khavaran.evidence.actions import _store_at
    from khavaran.ingest.case_facts import import_facts

    settings.DATA_DIR = data_dir  # type: ignore[attr-defined]
    _store_at.cache_clear()
    import_facts(CASE, actor="test")


@pytest.fixture
def khavaran(data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run a `khavaran` command in-process; returns Click's result (stdout apart from stderr)."""
    # boot() exports the data dir into the environment; keep that inside this test.
    monkeypatch.setenv("KHAVARAN_DATA_DIR", str(data_dir))
    monkeypatch.delenv("KHAVARAN_USER", raising=False)
    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["--data-dir", str(data_dir), *args])

    run.data_dir = data_dir  # type: ignore[attr-defined]
    return run


@pytest.fixture
def user_with_role(settings: object):  # type: ignore[no-untyped-def]
    """Create an account with a role, for `--as NAME`."""
    from khavaran.accounts.actions import create_user

    # A real password hash costs a quarter of a second; these tests are not about passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]

    def make(name: str, role: str) -> str:
        create_user(name, role=role, password="a long enough passphrase 1988", actor="test")
        return name

    return make
