"""The simulator's name pools: a few common names and a long tail, in both scripts."""

from collections import Counter

import numpy as np

from khavaran.engines.linkage import name_key, simulate_lists
from khavaran.engines.linkage.name_pools import (
    FAMILY_POOL_SIZE,
    FAMILY_ZIPF_OFFSET,
    family_pool,
    given_pool,
    zipf_weights,
)


def test_the_family_pool_is_large_distinct_and_led_by_the_register_s_commonest() -> None:
    pool = family_pool()
    assert len(pool) == FAMILY_POOL_SIZE == len({persian for persian, _latin in pool})
    assert [latin for _persian, latin in pool[:3]] == ["mohammadi", "hosseini", "ahmadi"]
    weights = zipf_weights(len(pool), FAMILY_ZIPF_OFFSET)
    # The civil register's top names hold about 1.1%, 0.8% and 0.7% of Iranians.
    assert 0.007 < weights[0] < 0.012 and weights[2] > 0.006


def test_family_names_key_the_same_in_both_scripts() -> None:
    common = family_pool()[:20_000]
    misses = [latin for persian, latin in common if name_key(persian) != name_key(latin)]
    assert len(misses) <= 5, misses


def test_larger_lists_hold_more_distinct_family_names_not_more_namesakes() -> None:
    small, large = simulate_lists(2_000, random_state=1), simulate_lists(20_000, random_state=1)
    for sim in (small, large):
        assert sim.records["list_name"].nunique() == 6
    victims = [len(set(s.victim_id)) for s in (small, large)]
    per_name = [_records_per_family_name(s.records) for s in (small, large)]
    assert victims[1] > 8 * victims[0]
    # Ten times the victims, far less than ten times the people per name.
    assert per_name[1] < 3 * per_name[0]


def test_given_names_are_concentrated_but_include_rare_ones() -> None:
    pool = given_pool()
    weights = zipf_weights(len(pool), 4.0)
    assert pool[0][1] == "mohammad" and 0.03 < weights[0] < 0.06
    assert len(pool) > 400 and ("بابک", "babak") in pool


def _records_per_family_name(records) -> float:  # type: ignore[no-untyped-def]
    names = records["family_name"].dropna()
    counts = Counter(names.str.lower())
    return float(np.mean(list(counts.values())))
