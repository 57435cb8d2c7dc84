"""Accepted victims and who may see them: a reviewer may not accept a run over lists they may
not read, and the merged export names a victim only to a reader who may read that Person."""

from __future__ import annotations

import csv

import pytest

from khavaran.analysis.models import ListRecord
from khavaran.records.models import Person
from tests.factories import make_linkage_run, make_victim_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(tmp_path):
    """Person 1 is on a public and a confidential list, person 2 only on the public one."""
    lists = [
        make_victim_list(tmp_path, "memorial", [1, 2], confidentiality="public"),
        make_victim_list(tmp_path, "informants", [1], confidentiality="confidential"),
    ]
    return make_linkage_run(lists)


def person_of(uid: str) -> Person:
    name, row = uid.split(":")
    record = ListRecord.objects.get(victim_list__name=name, row_number=int(row))
    assert record.person is not None
    return record.person


def test_a_reviewer_may_not_accept_a_run_over_a_list_they_may_not_read(khavaran, account, run):
    result = khavaran("--as", account("rita", "reviewer"), "link", "accept-clusters")
    assert result.exit_code == 1
    assert result.output == (f"Error: linkage run {run.pk} links lists you may not read\n")
    assert not Person.objects.exists()


def test_a_reviewer_accepts_a_run_of_lists_they_may_read(khavaran, account, tmp_path):
    make_linkage_run([make_victim_list(tmp_path, "families", [1, 2])])
    result = khavaran("--as", account("rita", "reviewer"), "link", "accept-clusters")
    assert result.exit_code == 0, result.output
    assert "2 victims created" in result.output


def test_the_merged_export_hides_the_victim_of_a_hidden_overlap(khavaran, account, run, tmp_path):
    assert khavaran("link", "accept-clusters").exit_code == 0
    shared, alone = person_of("memorial:1"), person_of("memorial:2")
    assert (shared.confidentiality, alone.confidentiality) == ("confidential", "public")
    out = tmp_path / "merged.csv"
    result = khavaran("--as", account("vida", "viewer"), "lists", "export-merged", str(out))
    assert result.exit_code == 0, result.output
    rows = {r["row_number"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert {r["list_name"] for r in rows.values()} == {"memorial"}
    assert rows["1"]["person_id"] == ""
    assert rows["2"]["person_id"] == str(alone.pk)


def test_a_reader_of_every_list_gets_every_victim_in_the_merged_export(
    khavaran, account, run, tmp_path
):
    assert khavaran("link", "accept-clusters").exit_code == 0
    out = tmp_path / "merged.csv"
    result = khavaran("--as", account("ivy", "investigator"), "lists", "export-merged", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    shared = str(person_of("memorial:1").pk)
    assert sorted(r["person_id"] for r in rows if r["person_id"] == shared) == [shared, shared]
    assert all(r["person_id"] for r in rows)
