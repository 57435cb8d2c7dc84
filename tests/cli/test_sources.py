"""`khavaran sources`: the sources the reader may read, never one above their clearance."""

from __future__ import annotations

import json

import pytest

from khavaran.accounts.models import User
from tests.factories import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(tmp_path):
    public = make_source(tmp_path, "A published report.", name="report.txt", title="Report")
    secret = make_source(
        tmp_path,
        "Witness A saw the trucks at night.",
        name="witness.txt",
        title="Witness A testimony",
        confidentiality="confidential",
    )
    return public, secret


def test_a_viewer_sees_only_public_sources(khavaran, account, sources):
    public, secret = sources
    viewer = account("vida", "viewer")
    as_json = khavaran("--as", viewer, "sources", "--json")
    assert as_json.exit_code == 0, as_json.output
    assert [json.loads(line)["id"] for line in as_json.output.splitlines()] == [public.pk]
    table = khavaran("--as", viewer, "sources").output
    assert "Report" in table
    assert "Witness" not in table and secret.sha256[:12] not in table


def test_an_analyst_reads_up_to_restricted_and_the_operator_everything(khavaran, account, sources):
    analyst = khavaran("--as", account("ana", "analyst"), "sources", "--json").output
    assert "Witness" not in analyst
    operator = khavaran("sources", "--json").output
    assert [json.loads(line)["title"] for line in operator.splitlines()] == [
        "Report",
        "Witness A testimony",
    ]


def test_a_name_without_an_account_reads_as_the_operator_and_is_told_so(khavaran, sources):
    result = khavaran("sources", "--json", env={"KHAVARAN_USER": "e2e"})
    assert len(result.stdout.splitlines()) == 2
    assert "no active account named 'e2e': reading as the operator" in result.stderr


def test_a_deactivated_account_reads_only_what_the_public_may(khavaran, account, sources):
    User.objects.filter(username=account("ivy", "investigator")).update(is_active=False)
    result = khavaran("--as", "ivy", "sources", "--json")
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Report"]
