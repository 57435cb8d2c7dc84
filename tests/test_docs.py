"""Docs are checked: every command and every setting is documented."""

from __future__ import annotations

from pathlib import Path

from khavaran.cli.main import COMMANDS
from khavaran.cli.reference import reference
from khavaran.config.environment import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def test_the_cli_reference_is_up_to_date():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "regenerate: python -m khavaran.cli.reference > docs/cli.md"


def test_every_command_is_in_the_reference():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"## `khavaran {name}" in written


def test_every_setting_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert f"`{name}`" in documented, name


def test_the_readme_quick_start_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in quick.splitlines() if line.strip()]
    assert [c.split()[0:2] for c in commands] == [["./dev", "demo"], ["./dev", "test"]]
