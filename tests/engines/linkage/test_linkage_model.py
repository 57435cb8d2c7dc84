"""The linkage model recovers known truth from simulated lists, in both scripts."""

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from khavaran.engines.linkage import (
    LinkageModel,
    NotFittedError,
    bcubed_scores,
    capture_histories,
    simulate_lists,
)

# Stated tolerance: on ~2k simulated records the model reaches B-cubed F1 of at least 0.9
# (leaving every record unlinked scores about 0.57 on these lists).
MIN_BCUBED_F1 = 0.9


@pytest.fixture(scope="module")
def simulated():  # type: ignore[no-untyped-def]
    return simulate_lists(2000, random_state=7)


@pytest.fixture(scope="module")
def fitted(simulated):  # type: ignore[no-untyped-def]
    return LinkageModel(threshold=0.9, random_state=0).fit(simulated.records)


def _uids(simulated) -> pd.Series:  # type: ignore[no-untyped-def]
    return simulated.records["list_name"] + ":" + simulated.records["record_id"]


def test_it_recovers_the_victims_behind_simulated_lists(simulated, fitted) -> None:  # type: ignore[no-untyped-def]
    result = fitted.cluster()
    clusters = result.clusters.set_index("uid")["cluster_id"].reindex(_uids(simulated))
    scores = bcubed_scores(clusters.to_numpy(), simulated.victim_id.to_numpy())
    unlinked = bcubed_scores(range(len(simulated.victim_id)), simulated.victim_id)
    assert scores.f1 >= MIN_BCUBED_F1
    assert scores.f1 > unlinked.f1 + 0.25


def test_it_finds_pairs_across_persian_script_and_latin(simulated, fitted) -> None:  # type: ignore[no-untyped-def]
    result = fitted.cluster()
    frame = pd.DataFrame(
        {
            "cluster": result.clusters.set_index("uid")["cluster_id"].reindex(_uids(simulated)),
            "victim": simulated.victim_id.to_numpy(),
            "persian": simulated.records["list_name"].str.endswith("_fa").to_numpy(),
        }
    )
    pairs = frame.merge(frame, on="victim")
    cross = pairs[pairs["persian_x"] & ~pairs["persian_y"]]
    assert len(cross) > 100
    assert (cross["cluster_x"] == cross["cluster_y"]).mean() >= 0.8


def test_it_never_remerges_a_confirmed_split(fitted) -> None:  # type: ignore[no-untyped-def]
    pairs = fitted.predict()
    strongest = pairs.sort_values("match_probability").iloc[-1]
    split = (strongest["uid_l"], strongest["uid_r"])
    result = fitted.cluster(cannot_link=[split])
    cluster_of = result.clusters.set_index("uid")["cluster_id"]
    assert cluster_of[split[0]] != cluster_of[split[1]]
    assert result.summary.cannot_link == 1


def test_it_links_a_confirmed_pair_even_below_the_threshold(fitted) -> None:  # type: ignore[no-untyped-def]
    pairs = fitted.predict()
    weak = pairs[pairs["match_probability"] < 0.9].iloc[0]
    result = fitted.cluster(must_link=[(weak["uid_l"], weak["uid_r"])])
    cluster_of = result.clusters.set_index("uid")["cluster_id"]
    assert cluster_of[weak["uid_l"]] == cluster_of[weak["uid_r"]]


def test_it_summarizes_the_run_as_json_with_its_input_hash(simulated, fitted) -> None:  # type: ignore[no-untyped-def]
    summary = json.loads(fitted.cluster().summary.to_json())
    assert summary["input_hash"] == fitted.input_hash_ and len(summary["input_hash"]) == 64
    assert summary["n_records"] == len(simulated.records)
    assert summary["parameters"]["backend"] == "duckdb"
    assert {level["comparison"] for level in summary["levels"]} >= {"given", "father", "birth"}
    assert all(
        0 <= level["u_probability"] <= 1 for level in summary["levels"] if level["u_probability"]
    )


def test_it_hands_estimation_one_row_per_capture_pattern(simulated, fitted) -> None:  # type: ignore[no-untyped-def]
    result = fitted.cluster()
    table = capture_histories(result.clusters)
    assert table["count"].sum() == result.summary.n_clusters
    assert list(table.columns[:-1]) == sorted(simulated.records["list_name"].unique())
    assert set(np.unique(table.iloc[:, :-1].to_numpy())) <= {0, 1}


def test_it_refuses_to_predict_before_fitting() -> None:
    with pytest.raises(NotFittedError, match="fit"):
        LinkageModel().predict()


def test_lists_that_give_names_only_still_link() -> None:
    # No father's name, place or date in any list: those columns were typed as numbers, and
    # Splink's name comparisons on them failed with an SQL error instead of linking.
    simulated = simulate_lists(600, random_state=3)
    names = ["record_id", "list_name", "given_name", "family_name", "full_name"]
    names_only = simulated.records[names]
    result = LinkageModel(random_state=0).fit(names_only).cluster()
    clusters = result.clusters.set_index("uid")["cluster_id"].reindex(_uids(simulated))
    assert bcubed_scores(clusters.to_numpy(), simulated.victim_id.to_numpy()).f1 >= 0.9


@pytest.mark.spark
@pytest.mark.slow
def test_it_links_the_same_lists_on_spark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark")
    monkeypatch.chdir(tmp_path)
    simulated = simulate_lists(600, random_state=3)
    result = LinkageModel(backend="spark", random_state=0).fit(simulated.records).cluster()
    uids = simulated.records["list_name"] + ":" + simulated.records["record_id"]
    clusters = result.clusters.set_index("uid")["cluster_id"].reindex(uids)
    assert result.summary.parameters["backend"] == "spark"
    assert bcubed_scores(clusters.to_numpy(), simulated.victim_id.to_numpy()).f1 >= 0.85
    # Spark's warehouse and checkpoints stay out of the user's working directory.
    assert list(tmp_path.iterdir()) == []


def _bayes_factor(fitted, comparison: str, level: str) -> float:  # type: ignore[no-untyped-def]
    found = [lv for lv in fitted.levels_ if lv.comparison == comparison and lv.level == level]
    assert len(found) == 1, f"no level {level!r} in {comparison!r}"
    return float(found[0].m_probability / found[0].u_probability)


def test_it_learns_that_the_same_day_of_death_says_more_than_an_overlapping_year(fitted) -> None:  # type: ignore[no-untyped-def]
    same_day = _bayes_factor(fitted, "death", "same day")
    overlap = _bayes_factor(fitted, "death", "ranges overlap")
    assert same_day > 5 * overlap > 0


def test_it_learns_that_two_titled_records_are_more_likely_one_person(fitted) -> None:  # type: ignore[no-untyped-def]
    assert (
        _bayes_factor(fitted, "title", "both titled")
        > 1
        > _bayes_factor(fitted, "title", "one titled")
    )


def test_a_small_input_logs_no_warnings_and_its_summary_says_what_was_skipped(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    # Few records leave some comparison levels unseen; Splink warns about each of them, which
    # buried `khavaran demo`'s output under some 170 lines.
    small = simulate_lists(150, random_state=5)
    with caplog.at_level(logging.WARNING):
        result = LinkageModel(random_state=0).fit(small.records).cluster()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "not observed" not in capfd.readouterr().err
    summary = json.loads(result.summary.to_json())
    assert isinstance(summary["skipped_training_passes"], list)


def test_a_confirmation_that_breaks_strong_links_reports_them_in_the_summary(fitted) -> None:  # type: ignore[no-untyped-def]
    # Two pairs of one person each, linked surely; a reviewer confirms one record of each as one
    # person. The model scores the others across as different people, so both links are cut.
    pairs = fitted.predict()
    clusters = fitted.cluster().clusters.set_index("uid")["cluster_id"]
    size = clusters.map(clusters.value_counts())
    alone = pairs[
        (pairs["match_probability"] > 0.999)
        & (size.reindex(pairs["uid_l"]).to_numpy() == 2)
        & (size.reindex(pairs["uid_r"]).to_numpy() == 2)
    ]
    (a, c), (b, d) = alone[["uid_l", "uid_r"]].head(2).itertuples(index=False)
    confirmed = [(min(a, b), max(a, b))]

    result = fitted.cluster(must_link=confirmed)

    summary = json.loads(result.summary.to_json())
    cut = {(link["uid_l"], link["uid_r"]) for link in summary["cut_links"]}
    assert cut == {(a, c), (b, d)}
    for link in summary["cut_links"]:
        assert link["match_probability"] > 0.999 and link["confirmed"] == [list(confirmed[0])]
        assert link["apart_probability"] <= fitted.conflict_probability
    assert fitted.cluster().summary.cut_links == ()  # no decisions, nothing cut by them
