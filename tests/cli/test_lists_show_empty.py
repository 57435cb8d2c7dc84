"""`khavaran lists show` with nothing to show says so, instead of printing nothing."""

from __future__ import annotations

import pytest

from tests.factories import make_victim_list

pytestmark = pytest.mark.django_db


def test_an_empty_data_dir_says_no_lists_are_imported_yet(khavaran):
    result = khavaran("lists", "show")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "no lists imported yet; import one with: khavaran lists import FILE --name NAME\n"
    )


def test_with_json_the_message_goes_to_standard_error(khavaran):
    result = khavaran("lists", "show", "--json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("no lists imported yet")


def test_a_reader_who_may_read_no_list_is_told_so(khavaran, account, tmp_path):
    make_victim_list(tmp_path, "families", [1], confidentiality="confidential")
    result = khavaran("--as", account("vida", "viewer"), "lists", "show")
    assert result.exit_code == 0, result.output
    assert result.output == "no list you may read\n"
