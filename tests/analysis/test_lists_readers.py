"""What a reader of a linkage run may see: review pairs, counts and exports only from lists
they may read; a run that counts a hidden list is refused whole, as `estimate --run` is."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable

import pytest

from khavaran.analysis.actions import RunData, record_linkage_run
from khavaran.analysis.models import LinkageRun, LinkDecision, ListRecord, VictimList
from tests.factories import ACTOR, make_victim_list

pytestmark = pytest.mark.django_db

THRESHOLD = 0.9


def record(uid: str) -> ListRecord:
    name, row = uid.split(":")
    return ListRecord.objects.select_related("victim_list").get(
        victim_list__name=name, row_number=int(row)
    )


def linked(lists: Iterable[VictimList], pairs: Iterable[tuple[str, str]]) -> LinkageRun:
    """A stored run: each person's rows one cluster, named by its smallest uid as the engine
    names it, and `pairs` of uids scored at the threshold (so all come up for review)."""
    records = list(
        ListRecord.objects.filter(victim_list__in=list(lists)).select_related("victim_list")
    )
    people: dict[str, list[ListRecord]] = {}
    for r in records:
        people.setdefault(r.original["Last name"], []).append(r)
    clusters = [(r.pk, min(m.uid for m in rows)) for rows in people.values() for r in rows]
    scored = [(record(a).pk, record(b).pk, THRESHOLD, 0.0) for a, b in pairs]
    names = sorted({r.victim_list.name for r in records})
    data = RunData({"threshold": THRESHOLD}, "test", {}, names, scored, clusters)
    return record_linkage_run(data, actor=ACTOR)


@pytest.fixture
def run(tmp_path) -> LinkageRun:
    """Public lists memorial and victims, and a restricted list families; person 3 is named
    only by families, person 4 only by victims."""
    lists = [
        make_victim_list(tmp_path, "memorial", [1, 2], confidentiality="public"),
        make_victim_list(tmp_path, "victims", [1, 2, 4], confidentiality="public"),
        make_victim_list(tmp_path, "families", [1, 2, 3], confidentiality="restricted"),
    ]
    pairs = [("memorial:1", "victims:1"), ("families:1", "memorial:1"), ("families:2", "victims:2")]
    return linked(lists, pairs)


def review_lines(khavaran, *args: str) -> list[dict]:
    result = khavaran(*args, "link", "review", "--list", "--json", "--all")
    assert result.exit_code == 0, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return [json.loads(line, parse_constant=refuse) for line in result.stdout.splitlines()]


def test_a_viewer_reviews_only_pairs_of_lists_they_may_read(khavaran, account, run):
    items = review_lines(khavaran, "--as", account("vida", "viewer"))
    assert [(i["left"], i["right"]) for i in items] == [("memorial:1", "victims:1")]
    text = khavaran("--as", "vida", "link", "review").output
    assert "families" not in text and "Number003" not in text
    everything = review_lines(khavaran, "--as", account("rita", "reviewer"))
    assert len(everything) == 3


def test_an_undecided_pair_has_a_null_decision_in_json(khavaran, run):
    pair = review_lines(khavaran)[0]["pair"]
    assert khavaran("link", "review", "--confirm", str(pair)).exit_code == 0
    decisions = {i["pair"]: i["decision"] for i in review_lines(khavaran)}
    assert decisions.pop(pair) == "confirm"
    assert set(decisions.values()) == {None}
    assert "[nan]" not in khavaran("link", "review", "--all").output


def test_confirming_and_splitting_one_pair_is_refused(khavaran, run):
    pair = review_lines(khavaran)[0]["pair"]
    result = khavaran("link", "review", "--confirm", str(pair), "--split", str(pair))
    assert result.exit_code == 1 and "is both confirmed and split" in result.output
    assert not LinkDecision.objects.exists()


def test_an_unknown_pair_among_several_decides_nothing(khavaran, run):
    pair = review_lines(khavaran)[0]["pair"]
    result = khavaran("link", "review", "--confirm", str(pair), "--split", "99999")
    assert result.exit_code == 1 and "no pair 99999" in result.output
    assert not LinkDecision.objects.exists()


@pytest.fixture
def confidential_run(tmp_path) -> LinkageRun:
    lists = [
        make_victim_list(tmp_path, "memorial", [1], confidentiality="public"),
        make_victim_list(tmp_path, "witnesses", [1, 2], confidentiality="confidential"),
    ]
    return linked(lists, [("memorial:1", "witnesses:1")])


def test_a_reviewer_may_not_decide_a_pair_on_a_list_above_their_clearance(
    khavaran, account, confidential_run
):
    pair = review_lines(khavaran)[0]["pair"]
    result = khavaran("--as", account("rita", "reviewer"), "link", "review", "--split", str(pair))
    assert result.exit_code == 1 and f"no pair {pair}" in result.output
    assert not LinkDecision.objects.exists()


def test_with_nothing_to_review_json_output_stays_empty(khavaran, account, confidential_run):
    result = khavaran("--as", account("vida", "viewer"), "link", "review", "--json")
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", "nothing to review\n")


@pytest.mark.parametrize("command", [("lists", "count"), ("lists", "count", "--json")])
def test_a_viewer_counts_a_run_over_the_lists_they_may_read_and_learns_nothing_of_the_others(
    khavaran, account, run, command
):
    # As the web's /lists/ page counts; a refusal naming "restricted" told them such a list
    # exists.
    result = khavaran("--as", account("vida", "viewer"), *command)
    assert result.exit_code == 0, result.output
    assert "families" not in result.output and "restricted" not in result.output
    assert result.stderr == f"note: linkage run {run.pk} counted over the lists you may read\n"
    assert "memorial" in result.stdout and "victims" in result.stdout
    # The estimate needs every list: it is not offered.
    assert "khavaran estimate" not in result.stdout


def test_the_captures_of_a_run_with_a_hidden_list_are_refused_as_its_estimate_is(
    khavaran, account, confidential_run, tmp_path
):
    out = tmp_path / "captures.csv"
    analyst = account("ana", "analyst")
    estimate = khavaran("--as", analyst, "estimate", "--run", str(confidential_run.pk))
    captures = khavaran("--as", analyst, "lists", "export-captures", str(out))
    assert estimate.exit_code == captures.exit_code == 1
    assert captures.output == (
        f"Error: linkage run {confidential_run.pk} counts lists you may not read; "
        "`khavaran lists count` counts over those you may\n"
    )
    assert estimate.output == (
        f"Error: linkage run {confidential_run.pk} counts lists you may not read\n"
    )
    assert not out.exists()


def test_a_reader_of_every_list_counts_and_exports_captures(khavaran, account, run, tmp_path):
    rita = account("rita", "reviewer")
    count = khavaran("--as", rita, "lists", "count")
    assert count.exit_code == 0, count.output
    assert "4 victims documented in 8 records" in count.output
    out = tmp_path / "captures.csv"
    assert khavaran("--as", rita, "lists", "export-captures", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "families,memorial,victims,count"


def test_the_merged_export_never_names_a_hidden_list(khavaran, account, run, tmp_path):
    out = tmp_path / "merged.csv"
    result = khavaran("--as", account("vida", "viewer"), "lists", "export-merged", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["list_name"] for r in rows} == {"memorial", "victims"}
    assert not any("families" in value for r in rows for value in r.values())
    # Victims numbered over what the reader sees: no gap where a hidden-only victim was.
    assert sorted({int(r["victim_id"]) for r in rows}) == [1, 2, 3]
    clusters = {(r["victim_id"], r["cluster_id"]) for r in rows}
    assert clusters == {("1", "memorial:1"), ("2", "memorial:2"), ("3", "victims:3")}


def test_a_merged_export_with_nothing_readable_is_refused_not_written_empty(
    khavaran, account, tmp_path
):
    hidden = [
        make_victim_list(tmp_path, "families", [1, 2], confidentiality="restricted"),
        make_victim_list(tmp_path, "witnesses", [1, 3], confidentiality="confidential"),
    ]
    confidential_run = linked(hidden, [("families:1", "witnesses:1")])
    out = tmp_path / "merged.csv"
    result = khavaran("--as", account("vida", "viewer"), "lists", "export-merged", str(out))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: linkage run {confidential_run.pk} has no record on a list you may read; "
        "nothing written\n"
    )
    assert not out.exists()


def test_a_reader_of_every_list_gets_the_runs_own_cluster_ids(khavaran, run, tmp_path):
    out = tmp_path / "merged.csv"
    assert khavaran("lists", "export-merged", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600  # names of victims: for its owner only
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    ids = {"families:1", "families:2", "families:3", "victims:3"}
    assert {r["cluster_id"] for r in rows} == ids
    assert sorted({int(r["victim_id"]) for r in rows}) == [1, 2, 3, 4]


def test_a_persian_list_name_is_echoed_as_written(khavaran, tmp_path):
    path = tmp_path / "families.csv"
    path.write_text("First name,Last name\nAli,Ahmadi\n", encoding="utf-8")
    result = khavaran("lists", "import", str(path), "--name", "خانواده\u200cها")
    assert result.exit_code == 0, result.output
    assert "list 'خانواده\u200cها' (source" in result.output
    assert "\\u200c" not in result.output
