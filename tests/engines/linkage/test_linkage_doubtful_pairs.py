"""Pairs the model must not merge on its own: siblings with two given names, two family names
that share nothing, two different initials; and the EM passes Splink refuses on such lists.
A tester's lists (2026-11-27) merged ten pairs of brothers and sisters at up to 0.9998, and
Morteza Sobhani with Morteza Salehi at 0.96, none of them shown to a reviewer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from splink import block_on
from splink.internals.settings import TrainingSettings

from khavaran.engines.linkage import LinkageModel, band_limits
from khavaran.engines.linkage.doubts import cap_probability
from khavaran.engines.linkage.model import SHORT_EM_ITERATIONS, _train_pass
from khavaran.engines.linkage.settings import DIFFERENT_NAMES, INITIAL_AGREES
from tests.engines.linkage.levels import level_of

FOUR_LISTS = Path(__file__).parent / "data" / "four_lists.csv"
SIBLINGS = [("احمد", "محمد"), ("احمد", "محمود"), ("محمود", "محمدرضا"), ("حمید", "محمد"),
            ("حمید", "مجید"), ("زهرا", "فاطمه"), ("احمد", "حمید"), ("حسن", "حسین")]  # fmt: skip
FAMILIES = ["بختیاری", "لاجوردی", "سپهری", "کامرانی", "نراقی", "افشار", "وثوقی", "کاشانی"]
SAME_DAY = {"father_name": "یدالله", "city": "تهران", "prison": "اوین", "death_date": "1367/05/12"}
_, REVIEW_TOP = band_limits(0.5)


def four_lists() -> pd.DataFrame:
    frame = pd.read_csv(FOUR_LISTS, dtype=str, keep_default_na=False).replace("", None)
    return frame.rename(columns={"row_number": "record_id"}).drop(columns="person")


def with_list(name: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    added = pd.DataFrame(
        [row | {"list_name": name, "record_id": str(i)} for i, row in enumerate(rows, 1)]
    )
    return pd.concat([four_lists(), added], ignore_index=True)


def scores(frame: pd.DataFrame) -> dict[tuple[str, str], float]:
    pairs = LinkageModel(random_state=0).fit(frame).predict()
    return {
        (left, right): p
        for left, right, p in zip(pairs["uid_l"], pairs["uid_r"], pairs["match_probability"],
                                  strict=True)
    }  # fmt: skip


@pytest.mark.parametrize(("one", "other"), [*SIBLINGS, ("Hassan", "Hossein"), ("Hamid", "Ahmad")])
def test_two_lexicon_given_names_are_two_names_even_when_their_letters_meet(one, other) -> None:
    # Hamid and Ahmad share the consonants hmd; Ahmad's hmd lies inside Mohammad's mhmd.
    found = level_of({"given_name": one}, {"given_name": other}, "given")
    assert found == DIFFERENT_NAMES


@pytest.mark.parametrize(("short", "whole"), [("رضا", "محمدرضا"), ("Ali", "Alireza"),
                                              ("Mohammad", "Mohammad-Reza")])  # fmt: skip
def test_a_whole_part_of_a_compound_is_the_compound_written_short(short, whole) -> None:
    assert level_of({"given_name": short}, {"given_name": whole}, "given") != DIFFERENT_NAMES


def test_siblings_with_two_given_names_are_never_linked_above_the_review_band() -> None:
    rows = [
        SAME_DAY | {"given_name": name, "family_name": family}
        for (one, other), family in zip(SIBLINGS, FAMILIES, strict=True)
        for name in (one, other)
    ]
    scored = scores(with_list("siblings", rows))
    for first in range(1, len(rows), 2):
        pair = (f"siblings:{first}", f"siblings:{first + 1}")
        assert scored.get(pair, 0.0) <= REVIEW_TOP, (rows[first - 1]["given_name"], scored[pair])


def test_a_family_name_that_shares_nothing_is_never_auto_linked() -> None:
    morteza = {"given_name": "مرتضی", "father_name": "غلامرضا", "city": "تهران", "prison": "اوین"}
    rows = [
        morteza | {"family_name": "سبحانی", "death_date": "مرداد 1367", "birth_year": "1347"},
        morteza | {"family_name": "صالحی", "death_date": "1367/5/8", "birth_year": "1346"},
    ]
    scored = scores(with_list("tester", rows))
    assert scored.get(("tester:1", "tester:2"), 0.0) <= cap_probability(0.5) < REVIEW_TOP


def test_an_initial_agrees_with_its_letter_and_no_other() -> None:
    initial, other = {"full_name": "Behrouz H."}, {"full_name": "Behrouz P."}
    assert level_of(initial, {"full_name": "Behrouz Hosseini"}, "family") == INITIAL_AGREES
    assert level_of(initial, {"full_name": "بهروز حسینی"}, "family") == INITIAL_AGREES
    assert level_of(initial, other, "family") == "All other comparisons"


def test_two_different_initials_are_not_linked_and_an_initial_meets_its_name() -> None:
    rows = [{"full_name": name, "city": "Tehran"}
            for name in ("Behrouz H.", "Behrouz P.", "Behrouz Hosseini")]  # fmt: skip
    # Namesakes elsewhere, so that Behrouz is no rare name that blocks on its own.
    rows += [{"full_name": f"Behrouz {family}", "city": "Tabriz"}
             for family in ("Karimi", "Rezaei", "Ahmadi", "Moradi", "Kazemi") * 5]  # fmt: skip
    model = LinkageModel(random_state=0, min_pair_probability=0.0).fit(with_list("initials", rows))
    pairs = model.predict()
    uids = zip(pairs["uid_l"], pairs["uid_r"], strict=True)
    scored = dict(zip(uids, pairs["match_probability"], strict=True))
    assert scored.get(("initials:1", "initials:2"), 0.0) <= REVIEW_TOP
    # Behrouz H. meets Behrouz Hosseini (given name and initial), so the pair is scored.
    assert ("initials:1", "initials:3") in scored


class _Settings:
    def __init__(self) -> None:
        self.training_settings = TrainingSettings(em_convergence=0.0001, max_iterations=25)
        self.comparisons: list[object] = []


class _UnderflowingLinker:
    """Splink's EM as on a tester's 1,781 records: refused after many iterations."""

    def __init__(self, fails_above: int) -> None:
        self._settings_obj = _Settings()
        self.training = self
        self.fails_above, self.runs = fails_above, []

    def estimate_parameters_using_expectation_maximisation(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        iterations = self._settings_obj.training_settings.max_iterations
        self.runs.append(iterations)
        if iterations > self.fails_above:
            raise ValueError("m_probability value 0.0 is below the minimum allowed value of 1e-300")


def test_a_pass_splink_refuses_for_an_underflow_runs_again_stopped_earlier() -> None:
    linker = _UnderflowingLinker(fails_above=10)
    assert _train_pass(linker, block_on("birth_lo", "death_day"), None) is None  # type: ignore[arg-type]
    assert linker.runs == [25, SHORT_EM_ITERATIONS]
    assert linker._settings_obj.training_settings.max_iterations == 25


def test_a_skipped_pass_says_why_not_that_it_found_no_pairs() -> None:
    reason = _train_pass(
        _UnderflowingLinker(fails_above=0), block_on("birth_lo", "death_day"), None
    )  # type: ignore[arg-type]
    assert reason is not None and "underflowed" in reason and "birth_lo, death_day" in reason
    assert "no pairs" not in reason
