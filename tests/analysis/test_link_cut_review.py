"""A link that reviewers' decisions cut is never dropped in silence: `khavaran link` names it
and why, the review queue shows it first whatever its probability, its clusters wait for a
reviewer, and accepting victims does not call a run's re-clustering a review's split."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from khavaran.analysis.actions import RunData, decide_pair, record_linkage_run
from khavaran.analysis.models import LinkageRun, ListRecord
from khavaran.analysis.review import queue_page, records_to_review
from khavaran.analysis.victims import accept_clusters
from tests.analysis.conftest import LATIN_HEADERS, PEOPLE, PERSIAN_HEADERS, write_csv
from tests.factories import ACTOR, make_victim_list

pytestmark = pytest.mark.django_db

# The run as the engine reports it: a reviewer confirmed families:1 ~ memorial:1, and the
# model scores memorial:1 and tribunal:1 as two people, so the link families:1 ~ tribunal:1
# (0.9993, far outside the review band) was cut.
CUT = {
    "uid_l": "families:1",
    "uid_r": "tribunal:1",
    "match_probability": 0.9993,
    "apart_l": "memorial:1",
    "apart_r": "tribunal:1",
    "apart_probability": 0.0013,
    "confirmed": [["families:1", "memorial:1"]],
}


def record(uid: str) -> ListRecord:
    name, row = uid.split(":")
    return ListRecord.objects.select_related("victim_list").get(
        victim_list__name=name, row_number=int(row)
    )


def stored_run(
    clusters: Iterable[Iterable[str]],
    pairs: Iterable[tuple[str, str, float]] = (),
    cuts: Iterable[dict] = (),
) -> LinkageRun:
    """A run stored as `khavaran link` stores one, with the engine's clusters and cut links."""
    assignments = [(record(uid).pk, min(c)) for c in map(list, clusters) for uid in c]
    scored = [(record(a).pk, record(b).pk, p, None) for a, b, p in pairs]
    lists = sorted({r.victim_list.name for r in ListRecord.objects.select_related("victim_list")})
    summary = {"n_clusters": len({c for _, c in assignments}), "cut_links": list(cuts)}
    data = RunData({"threshold": 0.5}, "test", summary, lists, scored, assignments)
    return record_linkage_run(data, actor=ACTOR)


@pytest.fixture
def run(tmp_path) -> LinkageRun:
    make_victim_list(tmp_path, "families", [1, 2], confidentiality="restricted")
    # Each file names other people: one file is never imported twice.
    make_victim_list(tmp_path, "memorial", [3], confidentiality="confidential")
    make_victim_list(tmp_path, "tribunal", [4], confidentiality="restricted")
    decide_pair(record("families:1"), record("memorial:1"), "confirm", actor=ACTOR)
    return stored_run(
        [["families:1", "memorial:1"], ["tribunal:1"], ["families:2"]],
        [("families:1", "tribunal:1", 0.9993), ("families:1", "memorial:1", 0.396)],
        [CUT],
    )


def test_a_cut_link_comes_first_in_the_queue_whatever_its_probability(run):
    items, total = queue_page(run)

    assert total == 1
    (item,) = items
    assert (item.pair.record_l.uid, item.pair.record_r.uid) == ("families:1", "tribunal:1")
    assert not item.linked and item.cut is not None and item.cut["apart_l"] == "memorial:1"


def test_the_clusters_of_a_cut_link_wait_for_a_reviewer(run):
    assert records_to_review(run) == {record("families:1").pk, record("tribunal:1").pk}

    outcome = accept_clusters(run, actor=ACTOR)

    assert (outcome.created, outcome.pending) == (1, 2)  # families:2 alone is settled


def test_a_decided_cut_link_leaves_the_queue(run):
    decide_pair(record("families:1"), record("tribunal:1"), "confirm", actor=ACTOR)

    assert queue_page(run) == ([], 0)
    assert records_to_review(run) == set()
    items, _ = queue_page(run, decided=True)
    assert [i.decision for i in items] == ["confirm", "confirm"]


def test_review_says_why_the_link_was_cut_naming_only_lists_the_reader_may_read(
    khavaran, account, run
):
    text = khavaran("link", "review").output
    assert "families:1 ~ tribunal:1  p=0.999 (not linked)" in text
    assert (
        "cut by review decisions: the model scores memorial:1 and tribunal:1 as different "
        "people (p=0.001); confirmed: families:1 ~ memorial:1" in text
    )
    # A reviewer reads the restricted lists of the pair, not the confidential memorial list.
    result = khavaran("--as", account("rita", "reviewer"), "link", "review", "--json")
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert line["cut"] == "cut by review decisions"
    assert "memorial" not in result.output


def test_a_victim_a_re_run_splits_is_not_said_to_be_split_by_a_review(khavaran, tmp_path):
    make_victim_list(tmp_path, "a", [1])
    make_victim_list(tmp_path, "b", [2])
    stored_run([["a:1", "b:1"]])
    assert "1 victims created" in khavaran("link", "accept-clusters").output
    rerun = stored_run([["a:1"], ["b:1"]])  # no decision: the model no longer links them

    result = khavaran("link", "accept-clusters")

    assert result.exit_code == 0, result.output
    assert (
        f"1 victims split: records that linkage run {rerun.pk} puts in another cluster left them"
        in result.output
    )
    assert "a review" not in result.output


def _lists(tmp_path) -> dict[str, str]:
    """Three lists of twenty-odd people; the families list names two Mohammads: families:21 is
    tribunal:16 (same names, same father), families:22 is memorial:26 (Hoseinian, Tabriz)."""
    families = [[str(i + 1), *p[0], "مرداد ۱۳۶۷"] for i, p in enumerate(PEOPLE[:20])]
    families += [
        ["21", "محمد", "حسیننیا", "اسفندیار", "1328", "", "", ""],
        ["22", "محمد", "حسینیان", "", "1344", "تبریز", "", ""],
    ]
    memorial = [[*p[1][:3], str(int(p[0][3]) + 621), *p[1][3:], "1988", ""] for p in PEOPLE[5:]]
    memorial += [["Mohammad", "Hoseinian", "", "", "Tabriz", "", "1988-08-03", ""]]
    tribunal = [[str(i + 1), *p[0], "1367"] for i, p in enumerate(PEOPLE[10:25])]
    tribunal += [["16", "محمد", "حسیننیا", "اسفندیار", "1329", "اصفهان", "دستگرد", "1367"]]
    return {
        "families": str(write_csv(tmp_path / "f.csv", PERSIAN_HEADERS, families, "utf-8")),
        "memorial": str(write_csv(tmp_path / "m.csv", LATIN_HEADERS, memorial, "utf-8")),
        "tribunal": str(write_csv(tmp_path / "t.csv", PERSIAN_HEADERS, tribunal, "utf-8")),
    }


@pytest.mark.slow
def test_confirming_one_mohammad_as_the_other_names_the_links_it_breaks(khavaran, tmp_path):
    for name, path in _lists(tmp_path).items():
        assert khavaran("lists", "import", path, "--name", name).exit_code == 0
    first = khavaran("link")
    assert first.exit_code == 0 and "32 victims" in first.output, first.output
    # A reviewer takes memorial:26 for families:21.
    decide_pair(record("families:21"), record("memorial:26"), "confirm", actor=ACTOR)

    rerun = khavaran("link")

    assert rerun.exit_code == 0, rerun.output
    assert "the review decisions cut 2 link(s)" in rerun.stderr
    assert "families:21 ~ tribunal:16 (p=0.99" in rerun.stderr
    assert "families:22 ~ memorial:26 (p=0.8" in rerun.stderr
    queue = [json.loads(line) for line in khavaran("link", "review", "--json").stdout.splitlines()]
    assert [(i["left"], i["right"]) for i in queue[:2]] == [
        ("families:21", "tribunal:16"),
        ("families:22", "memorial:26"),
    ]
    assert all(i["cut"].startswith("cut by review decisions: the model scores") for i in queue[:2])
    accepted = khavaran("link", "accept-clusters").output
    assert "3 clusters wait for review" in accepted and "split" not in accepted


def test_the_web_review_page_says_why_too_and_hides_a_list_the_reader_may_not_read(run):
    from django.test import Client

    from khavaran.accounts.actions import create_user

    def page(role: str) -> str:
        user = create_user(f"web-{role}", role=role, password="a long passphrase 1988", actor=ACTOR)
        client = Client()
        client.force_login(user)
        response = client.get("/lists/review/")
        assert response.status_code == 200
        return response.content.decode()

    admin = page("admin")
    assert "the model scores <bdi>memorial:1</bdi> and <bdi>tribunal:1</bdi>" in admin
    assert "confirmed: <bdi>families:1 ~ memorial:1</bdi>" in admin
    reviewer = page("reviewer")
    assert "Cut by review decisions: the run keeps these records apart" in reviewer
    assert "memorial:1" not in reviewer
