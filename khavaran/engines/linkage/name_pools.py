"""The simulator's name pools: given and family names in both scripts, ranked by frequency.

Victims draw their names from fixed, national-like distributions (Zipf weights over a ranked
pool), so the number of distinct names in a list grows with the list the way it does in real
lists: a few common names and a long tail of rare ones.

Family names. Iran's civil register counts 960,505 Mohammadi, 661,824 Hosseini and 614,399
Ahmadi (about 1.1%, 0.8% and 0.7% of the population), and Forebears counts about 600,000
distinct family names, spelling variants included. The pool here starts with the register's
thirty most frequent names and grows compositionally, the way the names were formed when
surnames became compulsory in the 1920s: a stem (a given name, trade, title, tribe, town or
virtue) with a suffix (-i, -zadeh, -pour, -nejad, -far, -ian, -lou, -vand ...), a prefix
(Mir-, Haji-, Agha-), two stems (Nikbakht, Khoshnevis), or a name and a town (Hosseini
Tabrizi). ``FAMILY_POOL_SIZE`` names in all; weights 1/(rank + 10), whose head matches the
register's (the first three names hold 0.9%, 0.8% and 0.8%).

Given names are more concentrated: Mohammad alone is about 5% of Iranian men. The pool is the
lexicon's common names, compounds (Mohammad-Kazem) and rarer names, weighted 1/(rank + 4).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator
from functools import cache

import numpy as np

from khavaran.text.name_data import (
    CITIES,
    COMPOUND_FIRSTS,
    COMPOUND_SECONDS,
    FAMILY_NAMES,
    FAMILY_PREFIXES,
    FAMILY_STEMS,
    FAMILY_SUFFIXES,
    GIVEN_NAMES,
    PLACES,
    RARE_GIVEN_NAMES,
    REGISTER_TOP_FAMILY_NAMES,
    TRADE_AND_TITLE_STEMS,
    TRIBE_AND_VIRTUE_STEMS,
)

Name = tuple[str, str]
ZWNJ = "\u200c"
# A third of Forebears' ~600,000: its count includes spelling variants of one name
# (رضایی / رضائی, Rezaei / Rezaee) that the simulator makes through list habits instead.
FAMILY_POOL_SIZE = 200_000
FAMILY_ZIPF_OFFSET = 10.0
GIVEN_ZIPF_OFFSET = 4.0
# Suffixes beyond name_data's: (Persian, Latin, written apart with a ZWNJ).
_MORE_SUFFIXES: tuple[tuple[str, str, bool], ...] = (
    ("راد", "rad", False), ("دوست", "doust", False), ("نسب", "nasab", True),
    ("فرد", "fard", False), ("منش", "manesh", False), ("بیگی", "beygi", False),
)  # fmt: skip
_SUFFIXES = FAMILY_SUFFIXES + _MORE_SUFFIXES
# Shares of the ranks after the register's head: stem + suffix, two stems, prefixed, regional.
_SHARES = {"suffixed": 0.55, "compound": 0.2, "prefixed": 0.13, "regional": 0.12}


def zipf_weights(n: int, offset: float, exponent: float = 1.0) -> np.ndarray:
    """Probabilities proportional to 1 / (rank + offset) ** exponent, ranks from 1."""
    weights = 1.0 / (np.arange(1, n + 1) + offset) ** exponent
    return np.asarray(weights / weights.sum())


def join_suffix(stem: Name, suffix: tuple[str, str, bool]) -> Name | None:
    """A stem with a suffix in both scripts (Rezaei = رضایی), or None where it cannot take it."""
    persian_stem, latin_stem = stem
    persian, latin, apart = suffix
    # A final silent he (Kaveh) or ye (Taghi) takes suffixes in ways this does not model.
    if latin_stem.endswith(("eh", "i")) or persian_stem.endswith(("ه", "ی")):
        return None
    if latin[0] in "aeiou" and persian_stem[-1] in "او":
        # Rezaei = رضایی; a vowel-و before ی would read as v (Nikgouei), so only after alef.
        if latin not in ("i", "ian") or persian_stem[-1] == "و":
            return None
        return persian_stem + "ی" + persian, latin_stem + "e" + latin
    joiner = ZWNJ if apart else ""
    return persian_stem + joiner + persian, latin_stem + latin


def _stems() -> list[Name]:
    givens = [n for n in GIVEN_NAMES + RARE_GIVEN_NAMES if " " not in n[1] and ZWNJ not in n[0]]
    stems = givens + list(FAMILY_STEMS) + list(TRADE_AND_TITLE_STEMS)
    stems += list(TRIBE_AND_VIRTUE_STEMS) + list(CITIES) + list(PLACES)
    return list(dict.fromkeys(s for s in stems if " " not in s[1]))


def _jittered(items: Iterable[tuple[float, Name]], rnd: random.Random) -> list[Name]:
    # Order by a score (lower is more common) with noise, so the tail is not a grid.
    scored = [(score * rnd.lognormvariate(0.0, 0.6), name) for score, name in items]
    return [name for _score, name in sorted(scored, key=lambda pair: pair[0])]


def _suffixed(stems: list[Name], rnd: random.Random) -> list[Name]:
    items = []
    for (i, stem), (j, suffix) in itertools.product(enumerate(stems), enumerate(_SUFFIXES)):
        name = join_suffix(stem, suffix)
        if name is not None:
            items.append(((i + 1) * (j + 1) ** 1.5, name))
    return _jittered(items, rnd)


def _compounds(rnd: random.Random) -> list[Name]:
    tails: list[tuple[str, str, bool] | None] = [None, *_SUFFIXES[:6]]
    items = []
    parts = itertools.product(enumerate(COMPOUND_FIRSTS), enumerate(COMPOUND_SECONDS))
    for ((i, (fa1, la1)), (j, (fa2, la2))), (k, tail) in itertools.product(parts, enumerate(tails)):
        if la1 == la2:
            continue
        name = (fa1 + fa2, la1 + la2)
        joined = name if tail is None else join_suffix(name, tail)
        if joined is not None:
            items.append(((i + 1) * (j + 1) * (k + 1) ** 2, joined))
    return _jittered(items, rnd)


def _prefixed(suffixed: list[Name], rnd: random.Random) -> list[Name]:
    items = [
        ((i + 1) * (k + 1) ** 2, (prefix[0] + name[0], prefix[1] + name[1]))
        for (k, prefix), (i, name) in itertools.product(
            enumerate(FAMILY_PREFIXES), enumerate(suffixed[:4000])
        )
        # Inside a word Persian script cannot show that و is v (Mir-Vahidi), nor that the s
        # and h of Es-hagh are two letters.
        if not name[0].startswith(("و", "اسحاق"))
    ]
    return _jittered(items, rnd)


def _regional(suffixed: list[Name], rnd: random.Random) -> list[Name]:
    towns = [t for t in (join_suffix(p, _SUFFIXES[0]) for p in CITIES + PLACES) if t]
    items = [
        ((i + 1) * (j + 1), (f"{name[0]} {town[0]}", f"{name[1]} {town[1]}"))
        for (i, name), (j, town) in itertools.product(enumerate(suffixed[:3000]), enumerate(towns))
    ]
    return _jittered(items, rnd)


def _interleave(categories: dict[str, list[Name]]) -> Iterator[Name]:
    # Each category takes its share of the ranks until it runs out.
    keyed = [
        (position / _SHARES[category], name)
        for category, names in categories.items()
        for position, name in enumerate(names)
    ]
    return (name for _key, name in sorted(keyed, key=lambda pair: pair[0]))


@cache
def family_pool() -> tuple[Name, ...]:
    """``FAMILY_POOL_SIZE`` distinct family names, the most frequent first."""
    rnd = random.Random(1925)
    suffixed = _suffixed(_stems(), rnd)
    categories = {
        "suffixed": suffixed,
        "compound": _compounds(rnd),
        "prefixed": _prefixed(suffixed, rnd),
        "regional": _regional(suffixed, rnd),
    }
    head = itertools.chain(REGISTER_TOP_FAMILY_NAMES, FAMILY_NAMES)
    pool: dict[str, Name] = {}
    for name in itertools.chain(head, _interleave(categories)):
        pool.setdefault(name[0], name)
        if len(pool) == FAMILY_POOL_SIZE:
            break
    return tuple(pool.values())


@cache
def given_pool() -> tuple[Name, ...]:
    """Given names, the common ones first, then compounds (Mohammad-Kazem) and rarer names."""
    names = list(GIVEN_NAMES)
    for head in (("محمد", "mohammad"), ("علی", "ali"), ("غلام", "gholam"), ("عبدال", "abdol")):
        names.extend((f"{head[0]}{fa}", f"{head[1]} {la}") for fa, la in GIVEN_NAMES[:60])
    names.extend(RARE_GIVEN_NAMES)
    return tuple(dict.fromkeys(names))
