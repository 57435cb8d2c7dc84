"""Done when, tried as a new user would: two lists of the same people — one Persian-script in
Windows-1256 with Solar Hijri years, one in Latin with Gregorian years, typos and a duplicate —
import, link, the uncertain pairs come up for review, decisions survive re-runs, and the count
with its overlap chart and the two exports come out."""

from __future__ import annotations

import csv
import json

import pytest

from khavaran.analysis.linkage_runs import captures_for_run, latest_run
from khavaran.analysis.models import ListRecord, RunCluster
from khavaran.analysis.victims import clusters_of
from khavaran.records.models import Person

pytestmark = pytest.mark.django_db


def review(khavaran, *args: str) -> list[dict]:
    result = khavaran("link", "review", "--list", "--json", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def pair_id(items: list[dict], left: str, right: str) -> int:
    return next(i["pair"] for i in items if {i["left"], i["right"]} == {left, right})


def cluster_of(uid: str) -> str:
    name, row = uid.split(":")
    record = ListRecord.objects.get(victim_list__name=name, row_number=int(row))
    return RunCluster.objects.get(run=latest_run(), record=record).cluster_id


@pytest.fixture
def linked(khavaran, persian_list, latin_list):
    assert khavaran("lists", "import", str(persian_list), "--name", "families").exit_code == 0
    assert khavaran("lists", "import", str(latin_list), "--name", "memorial").exit_code == 0
    result = khavaran("link")  # the engine's default threshold and review band
    assert result.exit_code == 0, result.output
    return result.output


def test_two_lists_link_across_scripts_typos_and_a_duplicate(linked):
    # 30 people and a namesake on the Latin list; a name-only Maryam Hosseini row joins the one
    # Maryam Hosseini it matches, for a reviewer to settle.
    assert "57 records in 2 lists, 31 victims" in linked
    assert cluster_of("families:6") == cluster_of("memorial:2")  # کاوه نظری = Kave Nazary
    assert cluster_of("memorial:4") == cluster_of("memorial:5")  # Reza Karimi twice
    assert cluster_of("families:3") != cluster_of("memorial:28")  # Ali Kazemi's namesake
    assert cluster_of("memorial:29") == cluster_of("memorial:3") == cluster_of("families:7")


def test_the_uncertain_pairs_come_up_first_side_by_side(khavaran, linked):
    assert "2 to review" in linked
    items = review(khavaran)
    assert {(i["left"], i["right"]) for i in items} == {
        ("families:7", "memorial:29"),
        ("memorial:29", "memorial:3"),
    }
    first = items[0]
    # More likely one person than two, so linked, but only on the name: shown for review.
    assert 0.5 < first["probability"] < 0.9 and first["linked"]
    assert first["left_fields"]["نام"] == "مريم"
    assert first["right_fields"]["First name"] == "Maryam"
    text = khavaran("link", "review").output
    assert "families:7 ~ memorial:29" in text and "given_name" in text and "Maryam" in text
    first_only = khavaran("link", "review", "--limit", "1").output
    assert (
        first_only.count("families:7 ~ memorial:29") == 1
        and "memorial:29 ~ memorial:3" not in first_only
    )
    assert "1 of 2 pairs shown: --limit 0 shows all" in first_only
    as_json = khavaran("link", "review", "--json", "--limit", "1")
    assert len(as_json.stdout.splitlines()) == 1 and json.loads(as_json.stdout)["pair"]
    assert "1 of 2 pairs shown" in as_json.stderr


@pytest.mark.slow
def test_decisions_survive_re_runs_and_a_split_never_re_merges(khavaran, linked):
    items = review(khavaran, "--all", "--bits", "8")
    maryam = pair_id(items, "families:7", "memorial:29")
    hossein = pair_id(items, "families:2", "memorial:31")
    assert (
        khavaran(
            "link",
            "review",
            "--confirm",
            str(maryam),
            "--split",
            str(hossein),
            "--reason",
            "checked with the family",
        ).exit_code
        == 0
    )
    for threshold in (("--threshold", "0.9"), ()):
        rerun = khavaran("link", *threshold)
        assert rerun.exit_code == 0, rerun.output
        assert cluster_of("families:7") == cluster_of("memorial:29")
        assert cluster_of("families:2") != cluster_of("memorial:31")
    decided = {
        (i["left"], i["right"]): i["decision"] for i in review(khavaran, "--all", "--bits", "20")
    }
    assert decided[("families:7", "memorial:29")] == "confirm"


def test_the_count_shows_victims_per_list_and_the_overlaps_as_a_chart(khavaran, linked, tmp_path):
    result = khavaran("lists", "count", "--chart", str(tmp_path / "overlaps.png"))
    assert result.exit_code == 0, result.output
    assert "31 victims documented in 57 records" in result.output
    assert "families: 26 records, 26 victims, 2 only on this list" in result.output
    assert "memorial: 31 records, 29 victims, 5 only on this list" in result.output
    assert "on families & memorial only: 24" in result.output
    assert (tmp_path / "overlaps.png").read_bytes().startswith(b"\x89PNG")


def test_the_exports_have_the_right_columns_and_totals(khavaran, linked, tmp_path):
    merged, captures = tmp_path / "merged.csv", tmp_path / "captures.csv"
    assert khavaran("lists", "export-merged", str(merged)).exit_code == 0
    assert khavaran("lists", "export-captures", str(captures)).exit_code == 0
    rows = list(csv.DictReader(merged.open(encoding="utf-8")))
    assert list(rows[0])[:3] == ["victim_id", "list_name", "row_number"]
    assert {"given_name", "family_name", "birth_earliest"} <= set(rows[0])
    assert len(rows) == 57 and len({r["victim_id"] for r in rows}) == 31
    memorial = sorted(int(r["row_number"]) for r in rows if r["list_name"] == "memorial")
    assert memorial == list(range(1, 32))
    table = list(csv.DictReader(captures.open(encoding="utf-8")))
    assert list(table[0]) == ["families", "memorial", "count"]
    assert sum(int(r["count"]) for r in table) == 31
    assert captures_for_run(latest_run().pk)["count"].sum() == 31


@pytest.mark.slow
def test_settled_clusters_become_victims_linked_to_all_their_rows(khavaran, linked):
    result = khavaran("link", "accept-clusters")
    assert result.exit_code == 0, result.output
    # The cluster holding Maryam Hosseini's undecided pairs waits for review.
    assert "30 victims created" in result.output and "1 clusters wait" in result.output
    kave = ListRecord.objects.get(victim_list__name="families", row_number=6).person
    assert sorted(r.uid for r in kave.list_records.all()) == ["families:6", "memorial:2"]
    names = {n.text: n for n in kave.names.all()}
    assert set(names) == {"کاوه نظری", "Kave Nazary"}
    assert names["Kave Nazary"].excerpts.get().quoted_text.startswith("row 2 | First name: Kave")
    again = khavaran("link", "accept-clusters")
    assert "0 victims created" in again.output and "30 unchanged" in again.output
    assert Person.objects.count() == 30


@pytest.mark.slow
def test_only_a_reviewer_may_decide(khavaran, linked):
    pair = review(khavaran)[0]["pair"]
    # KHAVARAN_USER may name someone without an account; a decision needs a reviewer's.
    result = khavaran("link", "review", "--confirm", str(pair), env={"KHAVARAN_USER": "nobody"})
    assert result.exit_code == 1 and "only a reviewer" in result.output


def test_estimate_reads_the_capture_histories_of_a_stored_run(khavaran, linked):
    run = latest_run()
    result = khavaran("estimate", "--run", str(run.pk), "--method", "chapman", "--json")
    assert result.exit_code == 0, result.output
    # The JSON is standard output; warnings (this run has undecided pairs) go to stderr.
    estimate = json.loads(result.stdout)
    assert "undecided" in result.stderr
    text = json.dumps(estimate)
    assert '"chapman"' in text and str(int(captures_for_run(run.pk)["count"].sum())) in text
    missing = khavaran("estimate", "--run", "999999")
    assert missing.exit_code == 1 and "no linkage run 999999" in missing.output


def test_accepting_reads_each_lists_text_once_not_once_per_record(linked):
    records = [r for cluster in clusters_of(latest_run()).values() for r in cluster]
    assert len(records) == 57
    # One Source object per list: a per-record copy of a 100,000-row list's text would not fit.
    assert len({id(r.victim_list.source) for r in records}) == 2


def test_lists_with_names_only_link_and_review_says_what_the_run_did(khavaran, tmp_path):
    # The commonest small lists: a given and a family name, nothing else. Linking them used to
    # fail with an SQL error (no father's name in any row); and a pair joined because each
    # record was the other's only candidate was shown to the reviewer as "not linked".
    (tmp_path / "a.csv").write_text("given name,family name\nAli,Ahmadi\nReza,Karimi\n")
    (tmp_path / "b.csv").write_text("given name,family name\nAli,Ahmadi\nHasan,Karimi\n")
    for name in ("a", "b"):
        imported = khavaran("lists", "import", str(tmp_path / f"{name}.csv"), "--name", name)
        assert imported.exit_code == 0, imported.output
    result = khavaran("link")
    assert result.exit_code == 0, result.output
    assert "4 records in 2 lists" in result.output
    for item in review(khavaran):
        together = cluster_of(item["left"]) == cluster_of(item["right"])
        assert item["linked"] == together, item
    assert cluster_of("a:1") == cluster_of("b:1")  # Ali Ahmadi, on both lists
    assert cluster_of("a:2") != cluster_of("b:2")  # Reza and Hasan Karimi


@pytest.mark.slow
def test_a_split_after_the_victims_were_accepted_reaches_them(khavaran, linked, account):
    """Kave Nazary was accepted as one victim from both lists; a reviewer then says the two
    rows are two people. After the next run, accepting gives the memorial row its own victim."""
    assert khavaran("link", "accept-clusters").exit_code == 0
    kave = ListRecord.objects.get(victim_list__name="families", row_number=6).person
    pair = pair_id(review(khavaran, "--all", "--bits", "40"), "families:6", "memorial:2")
    account("rana", "reviewer")
    split = khavaran(
        "--as", "rana", "link", "review", "--split", str(pair), "--reason", "different fathers"
    )
    assert split.exit_code == 0, split.output
    assert khavaran("link").exit_code == 0

    result = khavaran("--as", "rana", "link", "accept-clusters")

    assert result.exit_code == 0, result.output
    assert "1 victims created" in result.output and "1 victims split" in result.output
    memorial = ListRecord.objects.get(victim_list__name="memorial", row_number=2).person
    assert memorial.pk != kave.pk
    assert [n.text for n in memorial.names.all()] == ["Kave Nazary"]
    assert [n.text for n in Person.objects.get(pk=kave.pk).names.all()] == ["کاوه نظری"]
    counted = khavaran("lists", "count")
    assert "32 victims documented in 57 records" in counted.output
    assert "all intact" in khavaran("verify").output
