"""Inputs with no pair (or every pair) meeting the deterministic rules still give a valid run.

One list alone, or lists with no one in common, are legitimate: Splink's prior estimate is then
0 (or 1), whose log odds ended prediction in a math error. The model bounds it and says so.
"""

import json

import pytest

from khavaran.engines.linkage import LinkageModel, ListRecord, simulate_lists

FIVE = [("Ali", "Rezaei"), ("Maryam", "Karimi"), ("Hassan", "Mohammadi"), ("Zahra", "Hosseini")]
FIVE += [("Reza", "Ahmadi")]
OTHER = [("Kaveh", "Golestan"), ("Nader", "Shams"), ("Leila", "Farzad")]


def records(list_name: str, names: list[tuple[str, str]], **fields: str) -> list[ListRecord]:
    return [
        ListRecord(str(i), list_name, given, family, **fields)
        for i, (given, family) in enumerate(names, 1)
    ]


def link(records: list[ListRecord]):  # type: ignore[no-untyped-def]
    return LinkageModel(random_state=0).fit(records).cluster()


def test_one_list_of_strangers_leaves_every_record_its_own_victim() -> None:
    result = link(records("memorial", FIVE))
    summary = json.loads(result.summary.to_json())
    assert summary["n_clusters"] == 5 and summary["n_linked_records"] == 0
    assert 0 < summary["probability_two_random_records_match"] < 1
    assert len(summary["notes"]) == 1 and "no pair of records" in summary["notes"][0]


def test_lists_with_no_one_in_common_link_no_one() -> None:
    result = link(records("memorial", FIVE) + records("other", OTHER))
    assert result.summary.n_clusters == 8 and result.summary.n_lists == 2
    assert len(result.pairs) == 0
    assert result.clusters["cluster_id"].nunique() == 8


def test_a_single_record_is_one_victim() -> None:
    result = link(records("memorial", FIVE[:1]))
    assert result.summary.n_clusters == 1
    assert result.summary.notes == ("fewer than two records: there is nothing to link",)


@pytest.mark.parametrize("copies", [2, 3])
def test_one_person_on_every_list_is_linked_though_every_pair_matches(copies: int) -> None:
    lists = [records(f"list{i}", FIVE[:1], birth_year="1340") for i in range(copies)]
    result = link([record for one in lists for record in one])
    assert result.summary.n_clusters == 1 and result.summary.n_linked_records == copies
    assert 0 < result.summary.probability_two_random_records_match < 1
    assert "every pair of records" in result.summary.notes[0]


def test_an_ordinary_input_keeps_splinks_prior_and_has_no_notes() -> None:
    result = link(simulate_lists(150, random_state=5).records)
    assert result.summary.notes == ()
