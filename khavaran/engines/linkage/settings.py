"""The Splink model: blocking rules and comparisons over the cross-script keys.

The same settings run on DuckDB and Spark: comparisons use plain SQL plus Splink's
Jaro-Winkler level, which Splink translates for each backend.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

SETTINGS_VERSION = "persian-aware-1"


def _name_comparison(column: str, swapped_with: str | None, tf: bool) -> ComparisonCreator:
    # Term-frequency adjustment: agreeing on Mohammad says less than agreeing on Kioumars.
    levels: list[Any] = [
        cll.NullLevel(f"{column}_key"),
        cll.ExactMatchLevel(f"{column}_ukey", term_frequency_adjustments=tf).configure(
            label_for_charts="same key, same u"
        ),
        cll.ExactMatchLevel(f"{column}_key", term_frequency_adjustments=tf).configure(
            label_for_charts="same key"
        ),
    ]
    if swapped_with:
        # Lists that swap given and family names: this side's key is the other's other name.
        levels.append(
            cll.CustomLevel(f"{column}_key_l = {swapped_with}_key_r", "swapped with other name")
        )
    levels += [
        cll.ExactMatchLevel(f"{column}_ckey").configure(label_for_charts="same consonants"),
        cll.JaroWinklerLevel(f"{column}_key", 0.92),
        cll.JaroWinklerLevel(f"{column}_key", 0.8),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(levels, output_column_name=column)


def _range_comparison(name: str, tolerances: tuple[int, ...], unit: str) -> ComparisonCreator:
    low, high = f"{name}_lo", f"{name}_hi"
    levels: list[Any] = [cll.NullLevel(low)]
    for tolerance in tolerances:
        # Unquoted names: Spark reads "double-quoted" text as a string, not a column.
        sql = f"{low}_l <= {high}_r + {tolerance} AND {low}_r <= {high}_l + {tolerance}"
        label = "ranges overlap" if tolerance == 0 else f"within {tolerance} {unit}"
        levels.append(cll.CustomLevel(sql, label))
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name=name)


def _place_comparison(column: str) -> ComparisonCreator:
    levels: list[Any] = [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column),
        cll.JaroWinklerLevel(column, 0.9),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(levels, output_column_name=column.removesuffix("_key"))


def comparisons() -> list[ComparisonCreator]:
    """Given, family and father's names, birth year (with tolerance), city, prison, death."""
    return [
        _name_comparison("given", "family", tf=True),
        _name_comparison("family", "given", tf=True),
        _name_comparison("father", None, tf=False),
        _range_comparison("birth", (0, 1, 3), "years"),
        _place_comparison("city_key"),
        _place_comparison("prison_key"),
        _range_comparison("death", (0, 31, 366), "days"),
    ]


def blocking_rules() -> list[BlockingRuleCreator]:
    """Candidate pairs: any rule admits a pair; each rule covers another rule's blind spot.

    ``name_pair`` is order-free, so swapped names meet; father's name catches typos in the
    given or family name; the last rule catches given-name spellings that change the key
    (Kazim for Kazem) when the father's name is missing.
    """
    return [
        block_on("name_pair"),
        block_on("family_key", "father_key"),
        block_on("given_key", "father_key", "substr(family_key, 1, 2)"),
        block_on("family_key", "substr(given_key, 1, 1)", "birth_lo"),
        block_on("given_ckey", "family_ckey"),
        block_on("family_key", "death_day"),
        block_on("given_key", "substr(family_key, 1, 3)"),
        block_on("given_key", "substr(family_key, -3, 3)"),
    ]


def training_rules() -> list[BlockingRuleCreator]:
    """EM passes; together they leave every comparison estimated at least once.

    A pass cannot estimate a comparison whose columns it blocks on, and the given and family
    comparisons read each other's key (the swapped level), so the name comparisons are
    estimated only in passes that block on neither name.
    """
    return [
        block_on("given_key", "family_key"),
        block_on("father_key", "birth_lo"),
        block_on("birth_lo", "death_lo"),
    ]


def deterministic_rules() -> list[BlockingRuleCreator]:
    """Near-certain matches, used to estimate the prior that two records match."""
    return [block_on("name_pair")]


def settings() -> SettingsCreator:
    """The Persian-aware Splink settings, deduplicating all lists together."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="uid",
        comparisons=list[ComparisonCreator | dict[str, Any]](comparisons()),
        blocking_rules_to_generate_predictions=list[BlockingRuleCreator | dict[str, Any]](
            blocking_rules()
        ),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
