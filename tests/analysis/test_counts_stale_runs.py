"""A run made before a list was imported does not count that list: `lists count`,
`lists export-captures` and `estimate --run` say so on standard error instead of staying
silent, and say that `khavaran link` makes a run that counts it."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_linkage_run, make_victim_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_run(tmp_path):
    """Run 1 counts memorial and families; amnesty is imported after it."""
    lists = [
        make_victim_list(tmp_path, "memorial", range(1, 30)),
        make_victim_list(tmp_path, "families", range(10, 40)),
    ]
    run = make_linkage_run(lists)
    make_victim_list(tmp_path, "amnesty", range(5, 25))
    return run


NOTE = "does not count list 'amnesty', imported since; `khavaran link` makes a new run"


def test_count_names_the_list_imported_after_the_run(khavaran, stale_run):
    result = khavaran("lists", "count")
    assert result.exit_code == 0, result.output
    assert f"linkage run {stale_run.pk} {NOTE}" in result.stderr
    assert "amnesty" not in result.stdout


def test_the_note_keeps_json_output_clean(khavaran, stale_run):
    result = khavaran("lists", "count", "--json")
    assert json.loads(result.stdout)["run"] == stale_run.pk
    assert NOTE in result.stderr


def test_export_captures_names_the_list_imported_after_the_run(khavaran, stale_run, tmp_path):
    result = khavaran("lists", "export-captures", str(tmp_path / "captures.csv"))
    assert result.exit_code == 0, result.output
    assert NOTE in result.stderr


def test_estimate_of_the_run_names_the_list_imported_after_it(khavaran, stale_run):
    result = khavaran("estimate", "--run", str(stale_run.pk), "--method", "loglinear", "--json")
    assert result.exit_code == 0, result.output
    assert NOTE in result.stderr
    assert json.loads(result.stdout)["results"][0]["lists"] == ["families", "memorial"]


def test_a_run_that_counts_every_list_says_nothing(khavaran, tmp_path):
    make_linkage_run([make_victim_list(tmp_path, "memorial", [1, 2])])
    result = khavaran("lists", "count")
    assert result.exit_code == 0 and result.stderr == ""


def test_the_note_names_only_lists_the_reader_may_read(khavaran, account, tmp_path):
    run = make_linkage_run(
        [make_victim_list(tmp_path, "memorial", [1, 2], confidentiality="public")]
    )
    make_victim_list(tmp_path, "informants", [3], confidentiality="confidential")
    result = khavaran("--as", account("vida", "viewer"), "lists", "count")
    assert result.exit_code == 0, result.output
    assert "informants" not in result.output and "informants" not in result.stderr
    assert f"linkage run {run.pk}" in result.stdout
