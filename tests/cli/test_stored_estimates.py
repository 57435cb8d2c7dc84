"""Stored estimates: `khavaran estimate --run` and `--store` keep each method's estimate with its
inputs, settings, seed and warnings; `list`, `show` and `reproduce` read and re-run them."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from khavaran import __version__
from khavaran.accounts.actions import create_user
from khavaran.analysis.estimates import run_tables
from khavaran.analysis.models import Estimate, LinkageRun, RunCluster
from khavaran.audit.build import build_of
from khavaran.audit.models import AuditEvent
from tests.factories import make_linkage_run, make_victim_list

pytestmark = pytest.mark.django_db

# A sampler too short to be trusted, but fast: the tests check storage, not statistics.
TINY = ["--burn-in", "200", "--samples", "40", "--thin", "2", "--chains", "2", "--jobs", "1"]
CSV = "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,10\n0,1,1,6\n1,0,1,5\n1,1,1,3\n"


def three_lists(tmp_path: Path, confidentiality: str = "restricted") -> LinkageRun:
    """60 people on three overlapping lists, linked exactly."""
    people = range(60)
    families = make_victim_list(
        tmp_path, "families", [i for i in people if i % 2 == 0 or i < 20], confidentiality="public"
    )
    memorial = make_victim_list(
        tmp_path, "memorial", [i for i in people if i % 3 == 0 or 10 <= i < 30]
    )
    witnesses = make_victim_list(
        tmp_path,
        "witnesses",
        [i for i in people if i % 5 == 0 or i >= 45],
        confidentiality=confidentiality,
    )
    return make_linkage_run([families, memorial, witnesses])


def stored_ids(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"stored as estimate (\d+)", output)]


def test_an_estimate_of_a_linkage_run_is_stored_with_its_inputs_settings_and_seed(
    khavaran, tmp_path
):
    run = three_lists(tmp_path)
    result = khavaran("estimate", "--run", str(run.pk), "--method", "loglinear", "--seed", "7")
    assert result.exit_code == 0, result.output
    (pk,) = stored_ids(result.output)
    stored = Estimate.objects.get(pk=pk)
    assert stored.linkage_run == run and stored.method == "loglinear"
    assert stored.lists == ["families", "memorial", "witnesses"]
    assert stored.input_sha256 == run_tables(run)[None].sha256()
    assert stored.settings["seed"] == 7 and stored.settings["criterion"] == "bic"
    # The version with the build it was made by: two builds of one version can fit differently.
    assert stored.version == f"{__version__}+{build_of()}" and stored.created_by
    assert stored.observed == Estimate.objects.get(pk=pk).result["observed"]
    assert f"{stored.total:,.0f}" in result.output
    assert stored.interval_low <= stored.total <= stored.interval_high


def test_each_compared_method_is_stored_as_its_own_estimate(khavaran, tmp_path):
    run = three_lists(tmp_path)
    result = khavaran("estimate", "--run", str(run.pk), "--compare", "--json", *TINY)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)["results"]
    ids = [item["estimate_id"] for item in payload]
    methods = dict(Estimate.objects.filter(pk__in=ids).values_list("pk", "method"))
    assert sorted(methods.values()) == ["dga", "lcmcr", "lcmcr-calibrated", "loglinear"]
    # Re-running appends: estimates are never edited.
    again = khavaran("estimate", "--run", str(run.pk), "--method", "loglinear")
    assert again.exit_code == 0, again.output
    assert Estimate.objects.count() == 5


def test_reproduce_gives_the_same_numbers_and_draws_from_the_stored_seed(khavaran, tmp_path):
    run = three_lists(tmp_path)
    made = khavaran("estimate", "--run", str(run.pk), "--method", "lcmcr", "--seed", "11", *TINY)
    (pk,) = stored_ids(made.output)
    assert Estimate.objects.get(pk=pk).draws_sha256
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 0, result.output
    assert f"estimate {pk} reproduced: the same figures and posterior draws" in result.output
    assert "seed 11" in result.output


def test_a_calibrated_lcmcr_estimate_is_stored_and_reproduced_with_its_simulations(
    khavaran, tmp_path
):
    run = three_lists(tmp_path)
    args = ["--method", "lcmcr-calibrated", "--replicates", "12", "--seed", "5", *TINY]
    made = khavaran("estimate", "--run", str(run.pk), *args)
    assert made.exit_code == 0, made.output
    (pk,) = stored_ids(made.output)
    stored = Estimate.objects.get(pk=pk)
    assert stored.method == "lcmcr-calibrated"
    assert stored.result["settings"]["replicates"] == 12
    assert len(stored.result["details"]["scores"]) == 12
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 0, result.output
    assert f"estimate {pk} reproduced: the same figures and posterior draws" in result.output


def test_reproduce_reports_a_changed_linkage_run_as_a_changed_input(khavaran, tmp_path):
    run = three_lists(tmp_path)
    (pk,) = stored_ids(khavaran("estimate", "--run", str(run.pk), "--method", "loglinear").output)
    # A record of the run is gone (its list re-imported without that row, say).
    RunCluster.objects.filter(run=run).first().delete()
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 3, result.output
    assert f"the input changed: linkage run {run.pk} now gives the capture table" in result.output
    assert f"estimate {pk} reproduced" in result.output and "NOT" not in result.output


def test_reproduce_names_every_figure_that_differs(khavaran, tmp_path):
    run = three_lists(tmp_path)
    (pk,) = stored_ids(khavaran("estimate", "--run", str(run.pk), "--method", "loglinear").output)
    stored = Estimate.objects.get(pk=pk)
    Estimate.objects.filter(pk=pk).update(result=stored.result | {"total": stored.total + 5})
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 1
    assert f"estimate {pk} NOT reproduced: 1 figure(s) differ" in result.output
    assert f"total: {stored.total + 5}" in result.output
    assert "Traceback" not in result.output


def test_a_warning_added_since_is_said_apart_and_the_figures_still_reproduce(khavaran, tmp_path):
    run = three_lists(tmp_path)
    made = khavaran("estimate", "--run", str(run.pk), "--method", "loglinear")
    (pk,) = stored_ids(made.output)
    stored = Estimate.objects.get(pk=pk)
    # As an older version stored it: without a caveat this version adds.
    older = stored.result | {"warnings": [*stored.result["warnings"], "an older sentence"]}
    Estimate.objects.filter(pk=pk).update(result=older)
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 0, result.output
    assert f"estimate {pk} reproduced: the same figures" in result.output
    assert "note: 1 warning(s) read differently now" in result.output
    assert "an older sentence" in result.output


def test_a_single_chain_without_r_hat_is_stored_and_reproduces(khavaran, tmp_path):
    run = three_lists(tmp_path)
    one = ["--burn-in", "100", "--samples", "20", "--thin", "1", "--chains", "1"]
    made = khavaran("estimate", "--run", str(run.pk), "--method", "lcmcr", *one)
    assert made.exit_code == 0, made.output
    (pk,) = stored_ids(made.output)
    # JSON (and PostgreSQL's jsonb) has no NaN: an undefined R-hat is stored as null.
    stored = Estimate.objects.get(pk=pk)
    assert stored.result["diagnostics"]["rhat"] is None
    assert khavaran("estimate", "reproduce", str(pk)).exit_code == 0
    # Estimates stored before kept it as the text "nan", and still reproduce.
    old = stored.result | {"diagnostics": stored.result["diagnostics"] | {"rhat": "nan"}}
    Estimate.objects.filter(pk=pk).update(result=old)
    assert khavaran("estimate", "reproduce", str(pk)).exit_code == 0


def test_an_unconverged_sampler_stores_its_warnings_and_show_prints_them(khavaran, tmp_path):
    run = three_lists(tmp_path)
    short = ["--burn-in", "0", "--samples", "20", "--thin", "1", "--chains", "2", "--jobs", "1"]
    made = khavaran("estimate", "--run", str(run.pk), "--method", "lcmcr", *short)
    assert made.exit_code == 0, made.output
    (pk,) = stored_ids(made.output)
    stored = Estimate.objects.get(pk=pk)
    assert any("effective samples" in w for w in stored.warnings), stored.warnings
    shown = khavaran("estimate", "show", str(pk))
    assert shown.exit_code == 0, shown.output
    assert "warning: only" in shown.output and "effective samples" in shown.output
    assert json.loads(khavaran("estimate", "show", str(pk), "--json").output)["warnings"]


def test_storing_writes_one_audit_event_per_estimate(khavaran, tmp_path):
    run = three_lists(tmp_path)
    (pk,) = stored_ids(khavaran("estimate", "--run", str(run.pk), "--method", "loglinear").output)
    event = AuditEvent.objects.get(model="analysis.Estimate", object_id=str(pk))
    stored = Estimate.objects.get(pk=pk)
    assert event.action == "create"
    assert event.after["input"] == f"linkage run {run.pk}"
    assert event.after["total"] == stored.total and event.after["seed"] is None  # no randomness
    assert event.after["input_sha256"] == stored.input_sha256


def test_an_estimate_is_as_protected_as_its_most_protected_list(khavaran, tmp_path):
    run = three_lists(tmp_path, confidentiality="confidential")
    create_user("vida", role="viewer", password="x" * 12, actor="test")
    create_user("anna", role="analyst", password="x" * 12, actor="test")
    (pk,) = stored_ids(khavaran("estimate", "--run", str(run.pk), "--method", "loglinear").output)
    assert Estimate.objects.get(pk=pk).confidentiality == "confidential"
    for user in ("vida", "anna"):
        listed = khavaran("--as", user, "estimate", "list", "--json")
        assert listed.exit_code == 0 and listed.output == "", listed.output
        shown = khavaran("--as", user, "estimate", "show", str(pk))
        assert shown.exit_code == 1
        assert f"no estimate {pk} that you may read" in shown.output
    assert f'"id": {pk}' in khavaran("estimate", "list", "--json").output


def test_a_viewer_may_not_store_an_estimate(khavaran, tmp_path):
    run = three_lists(tmp_path, confidentiality="public")
    create_user("vida", role="viewer", password="x" * 12, actor="test")
    result = khavaran("--as", "vida", "estimate", "--run", str(run.pk), "--method", "loglinear")
    assert result.exit_code == 1
    assert "only an analyst, an investigator or an admin may store estimates" in result.output
    assert not Estimate.objects.exists()


def test_an_analyst_may_not_estimate_from_lists_above_their_clearance(khavaran, tmp_path):
    run = three_lists(tmp_path, confidentiality="confidential")
    create_user("anna", role="analyst", password="x" * 12, actor="test")
    result = khavaran("--as", "anna", "estimate", "--run", str(run.pk), "--method", "loglinear")
    assert result.exit_code == 1
    assert f"linkage run {run.pk} counts lists you may not read" in result.output
    assert "confidential" not in result.output


def test_a_csv_is_stored_only_with_store_naming_the_file_and_its_hash(khavaran, tmp_path):
    path = tmp_path / "captures.csv"
    path.write_text(CSV)
    assert khavaran("estimate", str(path), "--method", "loglinear").exit_code == 0
    assert not Estimate.objects.exists()
    result = khavaran("estimate", str(path), "--method", "loglinear", "--store")
    assert result.exit_code == 0, result.output
    (pk,) = stored_ids(result.output)
    stored = Estimate.objects.get(pk=pk)
    assert stored.captures_name == "captures.csv" and stored.linkage_run is None
    assert stored.captures_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert stored.confidentiality == "restricted"


def test_a_csv_naming_a_confidential_list_is_stored_at_that_list_s_level(khavaran, tmp_path):
    # Captures exported from a run that counts a confidential list: its name and overlaps.
    three_lists(tmp_path, confidentiality="confidential")
    path = tmp_path / "captures.csv"
    path.write_text(CSV.replace("A,B,C", "families,memorial,witnesses"))
    result = khavaran("estimate", str(path), "--method", "loglinear", "--store")
    assert result.exit_code == 0, result.output
    stored = Estimate.objects.get(pk=stored_ids(result.output)[0])
    assert stored.confidentiality == "confidential"
    assert any("list(s) witnesses" in w and "not restricted" in w for w in stored.warnings)
    # Lists the data dir does not hold, or holds at the asked level, change nothing.
    (tmp_path / "plain.csv").write_text(CSV.replace("A,B,C", "families,memorial,court"))
    plain = khavaran("estimate", str(tmp_path / "plain.csv"), "--method", "loglinear", "--store")
    kept = Estimate.objects.get(pk=stored_ids(plain.output)[0])
    assert kept.confidentiality == "restricted"
    assert not [w for w in kept.warnings if w.startswith("stored as")]


def test_reproduce_checks_a_given_file_against_the_stored_hash(khavaran, tmp_path):
    path = tmp_path / "captures.csv"
    path.write_text(CSV)
    made = khavaran("estimate", str(path), "--method", "loglinear", "--store")
    (pk,) = stored_ids(made.output)
    same = khavaran("estimate", "reproduce", str(pk), "--captures", str(path))
    assert same.exit_code == 0, same.output
    path.write_text(CSV.replace("40", "41"))
    changed = khavaran("estimate", "reproduce", str(pk), "--captures", str(path))
    assert changed.exit_code == 3, changed.output
    assert "the input changed" in changed.output and f"estimate {pk} reproduced" in changed.output


def test_a_stratified_estimate_with_a_refused_stratum_reproduces(khavaran, tmp_path):
    path = tmp_path / "strata.csv"
    rows = ["year,A,B,C,count"]
    rows += [f"1988,{line}" for line in CSV.splitlines()[1:]]
    rows += [f"1989,{line}" for line in CSV.replace("40", "50").splitlines()[1:]]
    rows += ["1987,1,0,0,3", "1987,1,1,0,2"]
    path.write_text("\n".join(rows) + "\n")
    args = ["--strata", "year", "--skip-sparse", "--method", "lcmcr", "--store", *TINY]
    made = khavaran("estimate", str(path), *args)
    assert made.exit_code == 0, made.output
    (pk,) = stored_ids(made.output)
    stored = Estimate.objects.get(pk=pk)
    assert stored.strata == ["year"]
    assert any(w.startswith("stratum refused:") for w in stored.warnings)
    result = khavaran("estimate", "reproduce", str(pk))
    assert result.exit_code == 0, result.output


def test_a_stored_estimate_cannot_be_edited(khavaran, tmp_path):
    run = three_lists(tmp_path)
    (pk,) = stored_ids(khavaran("estimate", "--run", str(run.pk), "--method", "loglinear").output)
    stored = Estimate.objects.get(pk=pk)
    stored.total = 1
    with pytest.raises(ValueError, match="append-only"):
        stored.save()


def test_list_shows_the_stored_estimates_newest_first(khavaran, tmp_path):
    run = three_lists(tmp_path)
    (older,) = stored_ids(
        khavaran("estimate", "--run", str(run.pk), "--method", "loglinear").output
    )
    (newer,) = stored_ids(khavaran("estimate", "--run", str(run.pk), "--method", "dga").output)
    result = khavaran("estimate", "list", "--json")
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == [newer, older]
    first, second = khavaran("estimate", "list").output.splitlines()
    assert first.split()[:2] == [str(newer), "dga"] and f"linkage run {run.pk}" in first
    assert second.split()[:2] == [str(older), "loglinear"]


def test_unknown_estimates_and_runs_get_one_line(khavaran):
    for args in (["show", "99"], ["reproduce", "99"], ["--run", "99"]):
        result = khavaran("estimate", *args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_estimating_a_csv_without_store_never_loads_django(tmp_path):
    path = tmp_path / "captures.csv"
    path.write_text(CSV)
    code = (
        "import sys\nfrom khavaran.cli.main import main\n"
        f"try:\n    main(['estimate', {str(path)!r}, '--method', 'loglinear'])\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_an_estimate_of_a_run_with_undecided_pairs_says_it_takes_them_on_trust(khavaran, tmp_path):
    from khavaran.analysis.actions import RunData, record_linkage_run
    from khavaran.analysis.models import ListRecord

    make_victim_list(tmp_path, "families", range(0, 30))
    make_victim_list(tmp_path, "memorial", range(20, 50))
    uids = {r.uid: r.pk for r in ListRecord.objects.select_related("victim_list")}
    records = ListRecord.objects.select_related("victim_list")
    clusters = [(r.pk, r.original["Last name"]) for r in records]
    # Two pairs near the 0.9 threshold that no one has decided: they are linked as scored.
    pairs = [(uids["families:21"], uids["memorial:2"], 0.88, None)]
    pairs += [(uids["families:22"], uids["memorial:3"], 0.93, None)]
    data = RunData({"threshold": 0.9}, "0" * 64, {}, ["families", "memorial"], pairs, clusters)
    run = record_linkage_run(data, actor="test")
    result = khavaran("estimate", "--run", str(run.pk), "--method", "chapman")
    assert result.exit_code == 0, result.output
    caveat = f"linkage run {run.pk} has 2 undecided pairs in the review band"
    assert caveat in result.output
    (pk,) = stored_ids(result.output)
    assert any(w.startswith(caveat) for w in Estimate.objects.get(pk=pk).warnings)
