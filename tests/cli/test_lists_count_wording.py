"""`khavaran lists count` says what its number is: records linked into people, which linkage
errors can push either way (so not "a minimum"), and provisional while pairs wait for review."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_link_review_display import memoir_pair

pytestmark = pytest.mark.django_db


def test_the_count_says_how_many_pairs_are_undecided_and_is_not_called_a_minimum(
    khavaran, tmp_path
):
    memoir_pair(tmp_path)
    result = khavaran("lists", "count")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2 victims documented in 2 records, linked into people by")
    assert "a minimum," not in result.output
    assert lines[1].startswith("neither a minimum nor a maximum: a person whose records")
    assert lines[2] == (
        "1 pair undecided: the count may move by about that many; review them with: "
        "khavaran link review --list"
    )


def test_once_every_pair_is_decided_the_count_says_so(khavaran, tmp_path):
    pair = memoir_pair(tmp_path)
    assert khavaran("link", "review", "--split", str(pair.pk)).exit_code == 0
    result = khavaran("lists", "count")
    assert "no pairs undecided in the review band" in result.output.splitlines()


def test_the_json_count_carries_the_undecided_pairs(khavaran, tmp_path):
    memoir_pair(tmp_path)
    result = khavaran("lists", "count", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["undecided_pairs"] == 1
