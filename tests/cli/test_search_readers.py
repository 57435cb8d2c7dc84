"""`khavaran search` reads as every other read command: a deactivated account reads only what
the public may, and is told so; a name that is no account reads as the operator."""

from __future__ import annotations

import json

import pytest

from khavaran.accounts.models import User
from tests.factories import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(tmp_path):
    make_source(tmp_path, "Zahedan prison, a published report.", name="report.txt")
    make_source(
        tmp_path,
        "Zahedan informants: Reza lives near the bazaar.",
        name="informants.txt",
        confidentiality="confidential",
    )


def hit_texts(result) -> str:
    assert result.exit_code == 0, result.output
    return "".join(json.loads(line)["snippet"] for line in result.stdout.splitlines())


def test_a_deactivated_account_searches_only_what_the_public_may(khavaran, account, sources):
    User.objects.filter(username=account("gone", "investigator")).update(is_active=False)
    result = khavaran("--as", "gone", "search", "Zahedan", "--json")
    found = hit_texts(result)
    assert "published report" in found
    assert "informants" not in found and "bazaar" not in found
    assert "the account gone is deactivated: reading only what the public may" in result.stderr
    assert "reading as the operator" not in result.stderr


def test_an_active_account_and_the_operator_search_at_their_levels(khavaran, account, sources):
    def search(*who: str):  # type: ignore[no-untyped-def]
        return khavaran(*who, "search", "Zahedan", "--json")

    assert "bazaar" in hit_texts(search("--as", account("ivy", "investigator")))
    assert "bazaar" not in hit_texts(search("--as", account("ana", "analyst")))
    assert "bazaar" in hit_texts(search())
    # KHAVARAN_USER may name the operator for the log without an account; --as may not.
    stranger = khavaran("search", "Zahedan", "--json", env={"KHAVARAN_USER": "nobody"})
    assert "bazaar" in hit_texts(stranger)
    assert "no active account named 'nobody'" in stranger.stderr
    mistyped = search("--as", "ivyy")
    assert mistyped.exit_code == 1 and "bazaar" not in mistyped.output
    assert "no account named 'ivyy'" in mistyped.output
