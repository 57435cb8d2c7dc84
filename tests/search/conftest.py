"""The `khavaran` CliRunner fixture, for the search command's tests."""

from tests.cli.conftest import account, khavaran  # noqa: F401  (the CliRunner fixtures)
