"""`khavaran sources --json`: each source with its chain of custody, through the same read gates
as the list; where a file came from, and the name it arrived under, only for staff."""

from __future__ import annotations

import json

import pytest

from khavaran.evidence.access import untitled_title

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(khavaran, tmp_path):
    """A public report ingested twice under two names, and a confidential testimony."""
    for name in ("report.txt", "report-from-donor.txt"):
        (tmp_path / name).write_text("A published report.", encoding="utf-8")
    (tmp_path / "witness.txt").write_text("Witness A saw the trucks.", encoding="utf-8")
    report = [str(tmp_path / "report.txt"), "--confidentiality", "public"]
    operator = {"KHAVARAN_USER": "inv1"}  # an operator named for the log, without an account
    assert khavaran("ingest", *report, "--origin", "donor X", env=operator).exit_code == 0
    again = [str(tmp_path / "report-from-donor.txt"), "--collected-by", "Maryam"]
    assert khavaran("ingest", *again, env={"KHAVARAN_USER": "inv2"}).exit_code == 0
    witness = [str(tmp_path / "witness.txt"), "--confidentiality", "confidential"]
    assert khavaran("ingest", *witness).exit_code == 0


def rows(khavaran, *reader: str) -> list[dict]:
    result = khavaran(*reader, "sources", "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_each_source_lists_its_custody_events_in_order(khavaran, ingested):
    report, witness = rows(khavaran)
    first, again = report["custody"]
    assert (first["action"], first["actor"], first["method"]) == (
        "collected",
        "inv1",
        "khavaran ingest",
    )
    assert (again["actor"], again["method"]) == ("Maryam", "khavaran ingest")
    assert first["sha256_seen"] == again["sha256_seen"] == report["sha256"]
    assert first["at"] <= again["at"] and first["tool_version"].startswith("khavaran ")
    assert len(witness["custody"]) == 1


def test_staff_read_where_a_file_came_from_and_the_name_it_arrived_under(
    khavaran, account, ingested
):
    report, _ = rows(khavaran, "--as", account("ines", "investigator"))
    first, again = report["custody"]
    assert (first["origin"], first["note"]) == ("donor X", "")
    assert again["note"] == "same bytes ingested again as report-from-donor.txt"


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_below_staff_a_reader_gets_no_origin_and_no_file_name(khavaran, account, ingested, role):
    readable = rows(khavaran, "--as", account("reader", role))
    assert [r["confidentiality"] for r in readable] == ["public"]
    for event in readable[0].get("custody", []):  # a viewer gets no chain of custody at all
        assert "origin" not in event and "note" not in event
    assert "donor X" not in json.dumps(readable) and "report-from-donor" not in json.dumps(readable)


def test_a_viewer_reads_public_titles_and_no_chain_of_custody(khavaran, tmp_path):
    from khavaran.accounts.actions import create_user

    (tmp_path / "witness-Maryam-Ahmadi.txt").write_text("A statement.", encoding="utf-8")
    ingested = khavaran(
        "ingest", str(tmp_path / "witness-Maryam-Ahmadi.txt"), "--confidentiality", "public"
    )
    assert ingested.exit_code == 0, ingested.output
    create_user("vida", role="viewer", password="a long enough passphrase 1988", actor="t")
    listed = khavaran("--as", "vida", "sources", "--json")
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["title"] == untitled_title(row["id"]) and "custody" not in row
    assert "Maryam" not in khavaran("--as", "vida", "sources").stdout
    assert "witness-Maryam-Ahmadi" in khavaran("sources", "--json").stdout  # the operator
