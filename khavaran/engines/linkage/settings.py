"""The Splink model: blocking rules and comparisons over the cross-script keys.

The same settings run on DuckDB and Spark: comparisons use plain SQL plus Splink's
Jaro-Winkler level, which Splink translates for each backend.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

SETTINGS_VERSION = "persian-aware-7"
# Levels that say two names (or dates, places) disagree. EM on a small input often sees no match on
# them and leaves their m untrained; the model then gives them the floor (model.M_FLOOR), not
# Splink's generic default, which made a clearly different given name a weak penalty.
DIFFERENT_NAMES = "two different given names"
LONG_U_DIFFERS = "same key, long u in one only"
INITIAL_AGREES = "an initial of the other"
_ELSE = "All other comparisons"


def is_disagreement(comparison: str, label: str) -> bool:
    """Whether a level says the two records differ (the title's last level says neither has
    one, which is agreement)."""
    return label in (DIFFERENT_NAMES, LONG_U_DIFFERS) or (label == _ELSE and comparison != "title")


def _name_comparison(
    column: str, swapped_with: str | None, tf: bool, given_names: bool = False
) -> ComparisonCreator:
    # Term-frequency adjustment: agreeing on Mohammad says less than agreeing on Kioumars.
    levels: list[Any] = [
        cll.NullLevel(f"{column}_key"),
        cll.ExactMatchLevel(f"{column}_ukey", term_frequency_adjustments=tf).configure(
            label_for_charts="same key, same u"
        ),
    ]
    if given_names:
        # Mahmoud and Mohammad (محمود, محمد) share the plain key mhmd; only the long u tells
        # them apart, so two given names of which one alone has it are two names.
        levels.append(cll.CustomLevel(_long_u_differs(column), LONG_U_DIFFERS))
    levels += [
        # Half weight on the coarser exact levels: Splink's adjustment takes the chance that
        # two strangers share the whole key (Hosseini), but to land on this level they must
        # also differ on the finer key (Husseini), which is far rarer; the full adjustment
        # overstated the doubt about common names (docs/benchmarks.md).
        cll.ExactMatchLevel(f"{column}_key", term_frequency_adjustments=tf).configure(
            label_for_charts="same key", tf_adjustment_weight=0.5
        ),
    ]
    if swapped_with:
        # Lists that swap given and family names: this side's key is the other's other name.
        levels.append(
            cll.CustomLevel(f"{column}_key_l = {swapped_with}_key_r", "swapped with other name")
        )
    if given_names:
        # Two given names of the lexicon that differ (Zahra, Fatemeh; Hamid, Majid) are two
        # names, not a typo of one: siblings share family name, father, city and date of
        # death, and only this level weighs against them. Checked before the consonant and
        # edit levels, where Hamid met Ahmad (hmd) and Hassan met Hossein (hsn). A name that
        # is a whole part of the other (Reza, Mohammad-Reza) is a compound written short.
        levels.append(cll.CustomLevel(_different_names(column), DIFFERENT_NAMES))
    not_initial = f"{column}_initial_l IS NULL AND {column}_initial_r IS NULL"
    levels += [
        # Term-frequency adjusted too (at half weight, as above): Arabic-style lists (Sadiqi
        # for Sadeghi) reach a rare name only through its consonants.
        cll.ExactMatchLevel(f"{column}_ckey", term_frequency_adjustments=tf).configure(
            label_for_charts="same consonants", tf_adjustment_weight=0.5
        ),
        # Latin lists write the eh of Mehdi as e (Medi): the keys meet without an inner h.
        # Not term-frequency adjusted: that lowered F1 (docs/benchmarks.md).
        cll.ExactMatchLevel(f"{column}_hkey").configure(label_for_charts="same but for an h"),
        # A name written as its initial (Behrouz H.) agrees, weakly, with the names that start
        # with it; a different initial is a different name and falls to the last level.
        cll.CustomLevel(_initial_agrees(column), INITIAL_AGREES),
        # One letter dropped, added or misread (a dot: س for ش) in a key of three or more.
        cll.CustomLevel(_one_edit(f"{column}_key"), "one edit apart"),
        # On shorter keys one edit also turns Ali into Leila, but Persian typos drop a letter
        # of short names too (عی for علی): a weaker level of its own, learned apart.
        cll.CustomLevel(
            f"{_one_edit(f'{column}_key', short=True)} AND {not_initial}",
            "one edit apart, short key",
        ),
        cll.JaroWinklerLevel(f"{column}_key", 0.92),
        cll.JaroWinklerLevel(f"{column}_key", 0.8),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(levels, output_column_name=column)


def _long_u_differs(column: str) -> str:
    key, ukey, known = f"{column}_key", f"{column}_ukey", f"{column}_known"
    return (
        f"{known}_l = 1 AND {known}_r = 1 AND {key}_l = {key}_r "
        f"AND (instr({ukey}_l, 'U') > 0) <> (instr({ukey}_r, 'U') > 0)"
    )


def _different_names(column: str) -> str:
    key, known = f"{column}_key", f"{column}_known"
    return (
        f"{known}_l = 1 AND {known}_r = 1 AND {key}_l <> {key}_r "
        f"AND NOT ({_short_form(column, 'l', 'r')}) AND NOT ({_short_form(column, 'r', 'l')})"
    )


def _short_form(column: str, short: str, whole: str) -> str:
    # The short side's key is a whole part of the other's (records.name_parts), and both or
    # neither have a long u: Mahmoud (mhmUd) is no short Mohammad-Reza (mhmd|rz).
    key, ukey, parts = f"{column}_key", f"{column}_ukey", f"{column}_parts"
    return (
        f"instr(coalesce({parts}_{whole}, ''), concat('|', {key}_{short}, '|')) > 0 "
        f"AND (instr({ukey}_{short}, 'U') > 0) = (instr({ukey}_{whole}, 'U') > 0)"
    )


def _initial_agrees(column: str) -> str:
    key, initial = f"{column}_key", f"{column}_initial"
    return (
        f"({initial}_l IS NOT NULL AND {initial}_l = substr({key}_r, 1, 1)) "
        f"OR ({initial}_r IS NOT NULL AND {initial}_r = substr({key}_l, 1, 1))"
    )


def _one_edit(column: str, short: bool = False) -> str:
    # Cheap tests first: keys whose lengths differ by two or more are not one edit apart, and
    # the engine skips the edit distance for them (most pairs EM and u-sampling score).
    left, right = f"{column}_l", f"{column}_r"
    short_side = f"(length({left}) < 3 OR length({right}) < 3)"
    size = short_side if short else f"length({left}) >= 3 AND length({right}) >= 3"
    return (
        f"{size} AND abs(length({left}) - length({right})) <= 1 "
        f"AND levenshtein({left}, {right}) <= 1"
    )


def _range_comparison(
    name: str, tolerances: tuple[int, ...], unit: str, exact: str | None = None
) -> ComparisonCreator:
    low, high = f"{name}_lo", f"{name}_hi"
    levels: list[Any] = [cll.NullLevel(low)]
    if exact:
        # Two full dates on the same day say far more than "1988" overlapping a date: most
        # deaths fall in a few months, so overlapping ranges are common among strangers.
        levels.append(cll.CustomLevel(f"{exact}_l = {exact}_r", f"same {unit[:-1]}"))
    for tolerance in tolerances:
        # Unquoted names: Spark reads "double-quoted" text as a string, not a column.
        sql = f"{low}_l <= {high}_r + {tolerance} AND {low}_r <= {high}_l + {tolerance}"
        label = "ranges overlap" if tolerance == 0 else f"within {tolerance} {unit}"
        levels.append(cll.CustomLevel(sql, label))
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name=name)


def _place_comparison() -> ComparisonCreator:
    # City and prison in one comparison: prisons stand in cities, so two records that share
    # Tehran very often share Evin too, and scoring both apart would count that twice.
    city, prison = "city_key", "prison_key"
    levels: list[Any] = [
        cll.And(cll.NullLevel(city), cll.NullLevel(prison)),
        cll.And(cll.ExactMatchLevel(city), cll.ExactMatchLevel(prison)).configure(
            label_for_charts="same city and prison"
        ),
        cll.ExactMatchLevel(city).configure(label_for_charts="same city"),
        cll.ExactMatchLevel(prison).configure(label_for_charts="same prison"),
        cll.Or(cll.JaroWinklerLevel(city, 0.9), cll.JaroWinklerLevel(prison, 0.9)).configure(
            label_for_charts="similar city or prison"
        ),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(levels, output_column_name="place")


def comparisons() -> list[ComparisonCreator]:
    """Given, family and father's names, birth year (with tolerance), place, death, title."""
    return [
        _name_comparison("given", "family", tf=True, given_names=True),
        _name_comparison("family", "given", tf=True),
        _name_comparison("father", None, tf=True, given_names=True),
        _range_comparison("birth", (0, 1, 3), "years"),
        _place_comparison(),
        _range_comparison("death", (0, 31, 366), "days", exact="death_day"),
        cl.CustomComparison(
            [
                # Never null (a record without a title says so); stated for Splink's check.
                cll.NullLevel("titled"),
                cll.CustomLevel("titled_l = 1 AND titled_r = 1", "both titled"),
                cll.CustomLevel("titled_l <> titled_r", "one titled"),
                cll.ElseLevel(),
            ],
            output_column_name="title",
        ),
    ]


def blocking_rules() -> list[BlockingRuleCreator]:
    """Candidate pairs: any rule admits a pair; each rule covers another rule's blind spot.

    ``name_pair`` is order-free, so swapped names meet. The others let one name carry a typo
    or another spelling (Kazim for Kazem) when something else agrees: the other name with a
    first letter, the father's name, the birth year, the city, the prison, the day of death.
    Typos rarely touch a name's first letter, so a first letter narrows a block cheaply.
    """
    return [
        block_on("name_pair"),
        block_on("family_key", "father_key"),
        block_on("given_key", "father_key", "substr(family_key, 1, 1)"),
        block_on("family_key", "substr(given_key, 1, 1)", "birth_lo"),
        block_on("given_key", "substr(family_key, 1, 1)", "birth_lo"),
        block_on("given_ckey", "family_ckey"),
        block_on("given_hkey", "family_hkey"),
        block_on("family_key", "death_day"),
        block_on("family_key", "city_key", "substr(given_key, 1, 1)"),
        block_on("given_key", "city_key", "substr(family_key, 1, 2)"),
        block_on("family_key", "prison_key", "substr(given_key, 1, 1)"),
        block_on("given_key", "prison_key", "substr(family_key, 1, 2)"),
        # Both names mistyped: the father's name, birth year and city still meet.
        block_on("father_key", "birth_lo", "city_key"),
        # A rare name alone (at most RARE_NAME_RECORDS records): the other name may be
        # mistyped with nothing else shared.
        block_on("family_rare"),
        block_on("given_rare"),
        # A family name written as its initial (Behrouz H.) meets the given name's records
        # whose family name starts with it; *_initial is empty for every other record, so
        # the join stays small. Both directions: dedupe keeps pairs with uid_l < uid_r.
        *(
            CustomRule(
                f"l.given_key = r.given_key AND {a}.family_initial = substr({b}.family_key, 1, 1)"
            )
            for a, b in (("l", "r"), ("r", "l"))
        ),
    ]


def training_rules(large: bool = False) -> list[BlockingRuleCreator]:
    """EM passes; together they leave every comparison estimated at least once.

    A pass cannot estimate a comparison whose columns it blocks on, and the given and family
    comparisons read each other's key (the swapped level), so the name comparisons are
    estimated only in passes that block on neither name.

    Args:
        large: the input is large (hundreds of thousands of records). A block's pairs grow
            with the square of the input and its matches only linearly, so at a million
            records "same father's name and birth year" is almost all strangers (Mohammad,
            1960) and EM's match class drifts; the name-free passes then also require the
            same city, which keeps the blocks dense in matches. Place is still estimated in
            the first pass.
    """
    place = ["city_key"] if large else []
    return [
        block_on("given_key", "family_key"),
        block_on("father_key", "birth_lo", *place),
        # A full date of death: "1988" alone would put a third of a big input in one block.
        block_on("birth_lo", "death_day", *place),
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
