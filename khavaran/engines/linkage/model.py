"""The linkage model: Fellegi–Sunter with EM (Splink), clustered at a chosen probability.

Example:
    >>> model = LinkageModel(threshold=0.5, random_state=0).fit(records)   # doctest: +SKIP
    >>> result = model.cluster(cannot_link=[("memorial:12", "families:40")])  # doctest: +SKIP
    >>> result.summary.to_json()  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from splink import Linker
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.exceptions import EMTrainingException

from . import settings as model_settings
from .backends import SPLINK_LOG_LEVEL, database_api
from .clustering import Pair, cluster_records
from .conflicts import prune_chains, within_component_scores
from .cuts import CutLink, cut_links
from .doubts import cap_doubtful
from .records import ListRecord, Prepared, input_hash, prepare
from .sole_candidates import join_sole_candidates

logger = logging.getLogger(__name__)
# Above this many records EM trains on a sample of blocked pairs rather than all of them.
_EM_SAMPLE_FROM = 200_000
# Smallest m probability a level keeps after EM. EM on a few thousand pairs cannot tell
# "never" from "one true match in a thousand"; a level at m = 0 would veto every pair that
# reaches it (a swapped name, a death date reported a month late) whatever else agrees.
M_FLOOR = 1e-3
# Link what the model finds more likely one person than two; chains of such links are cut
# where the model says two records are different people (conflict_probability).
DEFAULT_THRESHOLD = 0.5
# Share of true matches the deterministic rules are taken to find, to estimate the prior.
PRIOR_RECALL = 0.8
# EM iterations of a pass that Splink refused when an m probability underflowed to 0: the pass
# is run again, stopped this early, before the level that no match reaches gets there.
SHORT_EM_ITERATIONS = 6
_NAME_COMPARISONS = ("given", "family", "father")
# How Splink 5 words its refusal of an m probability that underflowed to 0.
_UNDERFLOW = "below the minimum allowed"


class NotFittedError(RuntimeError):
    """A model method that needs ``fit`` was called first."""


@dataclass(frozen=True)
class LevelParameters:
    """The learned m and u probabilities of one comparison level."""

    comparison: str
    level: str
    m_probability: float | None
    u_probability: float | None


@dataclass(frozen=True)
class LinkageSummary:
    """What a run used and found; JSON-serializable, stored with the run.

    Attributes:
        parameters: the model's constructor parameters.
        settings_version: version of the blocking and comparison settings.
        input_hash: SHA-256 of the records (see records.input_hash).
        n_records, n_lists: input size.
        n_pairs_scored: pairs kept from prediction (at or above ``min_pair_probability``).
        n_clusters: clusters, singletons included: the documented count of victims.
        n_linked_records: records in clusters of two or more.
        must_link, cannot_link: reviewer decisions applied.
        probability_two_random_records_match: the learned prior.
        levels: m and u per comparison level.
        unread_dates: date fields left empty because they could not be read.
        skipped_training_passes: EM passes that could not run on this input, with the reason.
        notes: what else the run could not learn from this input (a prior it had to bound).
        cut_links: links at or above the threshold that the decisions cut, each with the
            pair that keeps its sides apart (see cuts.py); a reviewer should decide them.
    """

    parameters: dict[str, Any]
    settings_version: str
    input_hash: str
    n_records: int
    n_lists: int
    n_pairs_scored: int
    n_clusters: int
    n_linked_records: int
    must_link: int
    cannot_link: int
    probability_two_random_records_match: float
    levels: tuple[LevelParameters, ...] = field(default_factory=tuple)
    unread_dates: tuple[str, ...] = field(default_factory=tuple)
    skipped_training_passes: tuple[str, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)
    cut_links: tuple[CutLink, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        """The summary as a JSON document."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, eq=False)
class LinkageResult:
    """A clustering: its summary, the scored pairs and each record's cluster.

    Attributes:
        summary: the JSON-serializable summary.
        pairs: ``uid_l``, ``uid_r``, ``match_probability``, ``match_weight``.
        clusters: ``uid``, ``list_name``, ``record_id``, ``cluster_id``.
    """

    summary: LinkageSummary
    pairs: pd.DataFrame
    clusters: pd.DataFrame


class LinkageModel:
    """Probabilistic record linkage of victim lists, with no labelled data.

    Args:
        threshold: match probability at which two records are linked. The default links
            what the model finds more likely one person than two; chains of such links
            are cut where ``conflict_probability`` says two records are different people.
        backend: "duckdb" (default) or "spark".
        random_state: seed for Splink's sampling of u probabilities.
        min_pair_probability: pairs below it are dropped after prediction; keep it at or
            under ``threshold`` (the review queue sees pairs above the threshold and, when
            it is lower, below it).
        u_max_pairs: random pairs sampled to estimate u probabilities.
        em_max_pairs: blocked pairs each EM pass samples on large inputs.
        conflict_probability: two records of one would-be cluster that the model scores at
            or below it are kept apart (see conflicts.py); None links connected components
            as they are.
        join_sole_candidates: join two clusters that are each other's only candidate through
            a link under the threshold, when no list names both (see sole_candidates.py).
        memory_limit: DuckDB's memory limit; beyond it DuckDB spills to a temporary folder
            (a million records score some 40 million pairs). None: DuckDB's default, 80% of
            the machine's memory. Ignored by Spark.
        spark_session: a session for the Spark backend (a local one when None).

    Example:
        >>> model = LinkageModel(threshold=0.9, random_state=0)
        >>> model.threshold
        0.9
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        backend: str = "duckdb",
        random_state: int = 0,
        *,
        min_pair_probability: float = 0.3,
        u_max_pairs: float = 2e6,
        em_max_pairs: float = 2e6,
        conflict_probability: float | None = 0.05,
        join_sole_candidates: bool = True,
        memory_limit: str | None = "4GB",
        spark_session: Any | None = None,
    ) -> None:
        self.threshold = threshold
        self.backend = backend
        self.random_state = random_state
        self.min_pair_probability = min_pair_probability
        self.u_max_pairs = u_max_pairs
        self.em_max_pairs = em_max_pairs
        self.conflict_probability = conflict_probability
        self.join_sole_candidates = join_sole_candidates
        self.memory_limit = memory_limit
        self.spark_session = spark_session

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters (the Spark session is named, not stored)."""
        return {
            "threshold": self.threshold,
            "backend": self.backend,
            "random_state": self.random_state,
            "min_pair_probability": self.min_pair_probability,
            "u_max_pairs": self.u_max_pairs,
            "em_max_pairs": self.em_max_pairs,
            "conflict_probability": self.conflict_probability,
            "join_sole_candidates": self.join_sole_candidates,
            "memory_limit": self.memory_limit,
        }

    def fit(self, records: Iterable[ListRecord] | pd.DataFrame) -> LinkageModel:
        """Prepare the records and estimate the model's parameters by EM.

        Args:
            records: ListRecords or a DataFrame with RECORD_COLUMNS.

        Returns:
            self, with ``prepared_``, ``input_hash_``, ``linker_`` and ``levels_`` set.
        """
        self.prepared_: Prepared = prepare(records)
        self.input_hash_ = input_hash(self.prepared_.records)
        db_api = database_api(self.backend, self.spark_session, memory_limit=self.memory_limit)
        table = db_api.register(self.prepared_.table, dataset_display_name="list_records")
        linker = Linker(table, model_settings.settings(), log_level=SPLINK_LOG_LEVEL)
        self._train(linker, len(self.prepared_.table))
        self.linker_ = linker
        self.levels_ = _levels(linker)
        self.pairs_: pd.DataFrame | None = None
        return self

    def _train(self, linker: Linker, n_records: int) -> None:
        training = linker.training
        note = _estimate_prior(linker, n_records * (n_records - 1) // 2)
        self.notes_: list[str] = [] if note is None else [note]
        training.estimate_u_using_random_sampling(
            max_pairs=self.u_max_pairs, seed=self.random_state
        )
        sample = self.em_max_pairs if n_records > _EM_SAMPLE_FROM else None
        self.skipped_training_passes_: list[str] = []
        for rule in model_settings.training_rules(large=n_records > _EM_SAMPLE_FROM):
            skipped = _train_pass(linker, rule, sample)
            if skipped is not None:
                logger.info("EM pass skipped: %s", skipped)
                self.skipped_training_passes_.append(skipped)
        _floor_m_probabilities(linker, M_FLOOR)

    def _fitted(self) -> Linker:
        if not hasattr(self, "linker_"):
            raise NotFittedError("call fit(records) before predict() or cluster()")
        linker: Linker = self.linker_
        return linker

    def predict(self) -> pd.DataFrame:
        """Score candidate pairs.

        Returns:
            ``uid_l``, ``uid_r``, ``match_probability``, ``match_weight`` for pairs at or above
            ``min_pair_probability``, ``uid_l < uid_r``, sorted by uids.
        """
        linker = self._fitted()
        scored = linker.inference.predict(
            threshold_match_probability=self.min_pair_probability, warning_mode="never"
        )
        frame: pd.DataFrame = scored.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        pairs = frame[["uid_l", "uid_r", "match_probability", "match_weight"]]
        # Two given names or two family names that share nothing wait for a reviewer.
        pairs = cap_doubtful(_ordered(pairs), self.prepared_.table, self.threshold)
        self.pairs_ = pairs
        return pairs

    def cluster(
        self,
        threshold: float | None = None,
        *,
        must_link: Iterable[Pair] = (),
        cannot_link: Iterable[Pair] = (),
    ) -> LinkageResult:
        """Cluster the records, honouring reviewer decisions (see clustering.py).

        Args:
            threshold: overrides the model's threshold for this clustering.
            must_link: uid pairs confirmed as one person.
            cannot_link: uid pairs confirmed as two people; never clustered together.

        Returns:
            LinkageResult with summary, pairs and clusters.
        """
        self._fitted()
        pairs = self.pairs_ if self.pairs_ is not None else self.predict()
        cut = self.threshold if threshold is None else threshold
        must, cannot = list(must_link), list(cannot_link)
        table = self.prepared_.table
        links = pairs
        if self.conflict_probability is not None:
            links = prune_chains(table["uid"], pairs, cut)
        conflicts = self._conflicts(links, cut, must)
        apart = list(zip(conflicts["uid_l"], conflicts["uid_r"], strict=True))
        labels = cluster_records(
            table["uid"], links, cut, must_link=must, cannot_link=cannot, conflicts=apart
        )
        if self.join_sole_candidates:
            lists = pd.Series(table["list_name"].to_numpy(), index=table["uid"].to_numpy())
            labels = join_sole_candidates(labels, pairs, lists, cut, cannot_link=cannot)
        # Links the decisions cut are reported, never dropped silently (see cuts.py).
        self.cut_links_ = cut_links(
            table["uid"].tolist(),
            links,
            cut,
            labels,
            must_link=must,
            cannot_link=cannot,
            conflicts=conflicts,
        )
        clusters = pd.DataFrame(
            {
                "uid": table["uid"].to_numpy(),
                "list_name": table["list_name"].to_numpy(),
                "record_id": self.prepared_.records["record_id"].to_numpy(),
                "cluster_id": labels.to_numpy(),
            }
        )
        return LinkageResult(self._summary(clusters, pairs, cut, must, cannot), pairs, clusters)

    def _conflicts(self, pairs: pd.DataFrame, threshold: float, must: list[Pair]) -> pd.DataFrame:
        """The pairs of a would-be cluster scored as two people, with their probabilities."""
        if self.conflict_probability is None:
            return pd.DataFrame({"uid_l": [], "uid_r": [], "match_probability": []})
        table = self.prepared_.table
        components = cluster_records(table["uid"], pairs, threshold, must_link=must)
        codes, _ = pd.factorize(components)
        scored = within_component_scores(self.linker_, table, codes)
        apart = scored[scored["match_probability"] <= self.conflict_probability]
        self.n_conflicts_ = len(apart)
        return apart

    def _summary(
        self,
        clusters: pd.DataFrame,
        pairs: pd.DataFrame,
        threshold: float,
        must: list[Pair],
        cannot: list[Pair],
    ) -> LinkageSummary:
        sizes = clusters["cluster_id"].map(clusters["cluster_id"].value_counts())
        prior = self.linker_._settings_obj._probability_two_random_records_match
        return LinkageSummary(
            parameters=self.get_params() | {"threshold": threshold},
            settings_version=model_settings.SETTINGS_VERSION,
            input_hash=self.input_hash_,
            n_records=len(clusters),
            n_lists=int(clusters["list_name"].nunique()),
            n_pairs_scored=len(pairs),
            n_clusters=int(clusters["cluster_id"].nunique()),
            n_linked_records=int((sizes > 1).sum()),
            must_link=len(must),
            cannot_link=len(cannot),
            probability_two_random_records_match=float(prior),
            levels=self.levels_,
            unread_dates=self.prepared_.unread_dates,
            skipped_training_passes=tuple(self.skipped_training_passes_),
            notes=tuple(self.notes_),
            cut_links=self.cut_links_,
        )


def _train_pass(linker: Linker, rule: BlockingRuleCreator, sample: float | None) -> str | None:
    """One EM pass; its estimates are kept unless it fails or drifts.

    Returns:
        None, or why the pass was skipped (its comparisons keep the other passes' estimates).
    """
    sql = rule.get_blocking_rule("duckdb").blocking_rule_sql
    blocked_on = "the same " + ", ".join(dict.fromkeys(re.findall(r'l\."(\w+)"', sql)))
    for iterations in (None, SHORT_EM_ITERATIONS):
        # A failed pass leaves Splink's settings without the comparisons it blocked on.
        saved = copy.deepcopy(linker._settings_obj)
        if iterations is not None:
            training = saved.training_settings
            shortened = dataclasses.replace(training, max_iterations=iterations)
            linker._settings_obj.training_settings = shortened
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=sample
            )
        except (ValueError, EMTrainingException) as error:
            linker._settings_obj = saved
            # On small inputs EM drives the m of a level that no likely match reaches towards
            # 0, and Splink 5 refuses one that underflows; stopped earlier, the pass succeeds.
            if isinstance(error, ValueError) and _UNDERFLOW in str(error):
                continue
            return f"EM blocked on {blocked_on} could not run: {error}"
        drifted = _drifted(linker, saved)
        linker._settings_obj.training_settings = saved.training_settings
        if drifted is None:
            return None
        linker._settings_obj = saved
        return (
            f"EM blocked on {blocked_on} was discarded: its match class drifted (it found "
            f"records of one person less alike on {drifted} than two strangers' records)"
        )
    return (
        f"EM blocked on {blocked_on} was skipped: an m probability underflowed to 0 (a level "
        f"that no likely match reaches on this input), even after {SHORT_EM_ITERATIONS} "
        "iterations"
    )


def _drifted(linker: Linker, before: Any) -> str | None:
    """A name whose full agreement the pass made less likely among matches than among strangers
    (its m under its u): EM's match class has become something else (siblings, namesakes).
    Only names: lists write titles and dates inconsistently enough to look so honestly."""
    old = {c.output_column_name: c for c in before.comparisons}
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name not in _NAME_COMPARISONS:
            continue
        top = next(lv for lv in comparison.comparison_levels if not lv.is_null_level)
        previous = next(
            lv
            for lv in old[comparison.output_column_name].comparison_levels
            if not lv.is_null_level
        )
        if len(top._trained_m_probabilities) == len(previous._trained_m_probabilities):
            continue
        m, u = top._trained_m_probabilities[-1]["probability"], top._u_probability
        if _is_number(m) and _is_number(u) and m < u:
            return str(comparison.output_column_name)
    return None


def _estimate_prior(linker: Linker, n_pairs: int) -> str | None:
    """The prior from the deterministic rules, kept strictly between 0 and 1.

    Splink takes the prior's log odds, so a prior of 0 (no pair meets the deterministic rules:
    one list of strangers, or lists with no one in common) or 1 (every pair does: a few records
    of one person) would end prediction in a math error. The estimate is then moved half a pair
    the other way: 0.5 / (pairs + 1) or (pairs + 0.5) / (pairs + 1).

    Returns:
        A note saying so when the estimate was moved, else None.
    """
    rules = list[str | BlockingRuleCreator](model_settings.deterministic_rules())
    training = linker.training
    if n_pairs > 0:
        try:
            training.estimate_probability_two_random_records_match(rules, recall=PRIOR_RECALL)
        except ValueError:
            # More pairs met the rules than the recall allows: take every match as found.
            training.estimate_probability_two_random_records_match(rules, recall=1.0)
    prior = linker._settings_obj._probability_two_random_records_match
    low, high = 0.5 / (n_pairs + 1), (n_pairs + 0.5) / (n_pairs + 1)
    bounded = min(max(prior, low), high)
    linker._settings_obj._probability_two_random_records_match = bounded
    if n_pairs == 0:
        return "fewer than two records: there is nothing to link"
    if low < prior < high:
        return None
    found = "no pair of records" if bounded == low else "every pair of records"
    return (
        f"{found} shares a full name (the rule that estimates how likely two records are one "
        f"person), so that prior was set to {bounded:.3g} ({n_pairs} pairs)"
    )


def _floor_m_probabilities(linker: Linker, floor: float) -> None:
    """Give every level an m of at least ``floor``, then renormalize each comparison.

    A level EM left untrained (no match reached it on this input: Splink leaves its m None)
    takes the floor when it says the records disagree (a different given name, any other
    date), and otherwise Splink's default or its u, whichever is higher, so that it never
    weighs against a pair (Splink's default alone made "same year" a penalty). Before
    2026-11-28 a comparison with any untrained level was skipped whole, so on small inputs a
    death date a month late kept an m of 1e-74 and vetoed the pair.
    """
    for comparison in linker._settings_obj.comparisons:
        name = comparison.output_column_name
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        raised = [max(_m_or_prior(name, lv, floor), floor) for lv in levels]
        for level, m in zip(levels, raised, strict=True):
            level.m_probability = m / sum(raised)


def _m_or_prior(comparison: str, level: Any, floor: float) -> float:
    trained = level._m_probability
    if _is_number(trained):
        return float(trained)
    if model_settings.is_disagreement(comparison, level.label_for_charts):
        return floor
    priors = [p for p in (level.default_m_probability, level._u_probability) if _is_number(p)]
    return float(max(priors, default=floor))


def _is_number(value: object) -> bool:
    return isinstance(value, float | int) and not isinstance(value, bool)


def _ordered(pairs: pd.DataFrame) -> pd.DataFrame:
    swap = pairs["uid_l"] > pairs["uid_r"]
    ordered = pairs.copy()
    ordered.loc[swap, ["uid_l", "uid_r"]] = pairs.loc[swap, ["uid_r", "uid_l"]].to_numpy()
    return ordered.sort_values(["uid_l", "uid_r"], kind="stable").reset_index(drop=True)


def _levels(linker: Linker) -> tuple[LevelParameters, ...]:
    model = linker.misc.save_model_to_json()
    levels = []
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            levels.append(
                LevelParameters(
                    comparison["output_column_name"],
                    str(level.get("label_for_charts", level["sql_condition"])),
                    level.get("m_probability"),
                    level.get("u_probability"),
                )
            )
    return tuple(levels)
