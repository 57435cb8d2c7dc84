"""A typed query as the index sees it: folded phrases, each with the other spellings of a
compound name that match it as well (Persian and transliterated, joined or split), and the
sound of a name in either script (`SOUND`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khavaran.text.arabic_script import has_arabic_script, normalize_for_search
from khavaran.text.person_names import sound_keys

# People's names are indexed with each word's sound (`person_names.sound_keys`) as a word
# of its own behind this prefix, which no word of any language starts with: a typed name
# then also finds its other spellings, in both scripts (Rezaie: Rezaei, رضایی).
SOUND = "zq"

_TOKEN = re.compile(r"\w+")
# Phrase quotes as people type them: straight, Persian «…» (the help text's), the curly ones a
# phone puts in by itself (“…”, ‘…’), German „…“ and the reversed »…«. Each opening mark with
# the marks that close it; an opening mark left open quotes nothing. A lone ’ (an apostrophe,
# "Ma’soumeh") opens nothing.
_QUOTES = {
    '"': '"”“',
    "“": '”“"',
    "”": "”",
    "„": '“”"',
    "«": "»",
    "»": "«",
    "‘": "’",
}
_PHRASE = re.compile(
    "|".join(f"{re.escape(o)}[^{re.escape(c)}]+[{re.escape(c)}]" for o, c in _QUOTES.items())
)

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """A user's query split into folded phrases (each a tuple of tokens, matched in order).

    ``alternatives`` holds, for each phrase, the other spellings that match it as well: the
    joined and the split forms of a compound (see ``_compound_forms``), the joined form
    of a word with the word typed next to it (see ``_joins``), and, when asked, the word's
    sound (see ``_sounds``).
    """

    phrases: tuple[Phrase, ...]
    alternatives: tuple[tuple[Phrase, ...], ...] = ()

    @classmethod
    def parse(cls, text: str, *, sounds: bool = False) -> Query:
        """The query `text`; with `sounds`, each typed word also matches a person's name
        that sounds the same (`SOUND`)."""
        # A quoted phrase without its marks, which `\w+` would drop anyway.
        quoted = [p for p in (_tokens(m.group(0)) for m in _PHRASE.finditer(text)) if p]
        words: list[Phrase] = []
        alternatives: list[tuple[Phrase, ...]] = []
        budget = _MAX_JOINS
        # Only words typed side by side join: not across a quoted phrase.
        for run in _PHRASE.split(text):
            # Split on the typed spaces before folding: a word that folds to several tokens
            # ("اعدام‌ها" with its ZWNJ, "al-Hadi") is still one word and must match as a phrase.
            raw = [r for r in run.split() if _tokens(r)]
            typed = [_tokens(r) for r in raw]
            joins, budget = _joins(typed, budget)
            words += typed
            alternatives += [
                _unique(
                    _compound_forms(w) + j + _hamza_forms(r) + (_sounds(w) if sounds else ()), w
                )
                for r, w, j in zip(raw, typed, joins, strict=True)
            ]
        return cls(tuple(quoted + words), tuple([()] * len(quoted) + alternatives))

    def forms(self) -> list[tuple[Phrase, ...]]:
        """Each phrase with its alternatives, the phrase first."""
        extra = self.alternatives or ((),) * len(self.phrases)
        return [(p, *a) for p, a in zip(self.phrases, extra, strict=True)]

    def fts5(self) -> str:
        groups = [_either([f'"{" ".join(p)}"' for p in f], " OR ") for f in self.forms()]
        if all(len(f) == 1 for f in self.forms()):
            return " ".join(groups)
        # FTS5 takes no implicit AND beside a parenthesized group.
        return " AND ".join(groups)

    def tsquery(self) -> str:
        return " & ".join(
            _either(["(" + " <-> ".join(p) + ")" for p in f], " | ") for f in self.forms()
        )


def _either(forms: list[str], operator: str) -> str:
    return forms[0] if len(forms) == 1 else "(" + operator.join(forms) + ")"


def _tokens(text: str) -> Phrase:
    return tuple(_TOKEN.findall(normalize_for_search(text)))


# A hamza is written on the seat a writer chooses: هیأت and هیئت (the "commission" of 1988),
# مسئول and مسؤول. The index keeps the fold of the one written (أ as ا, ئ as ی, ؤ as و); a
# typed word also matches the folds of the seats its own alternates with.
_OTHER_SEATS = {"\u0623": "\u06cc", "\u0626": "\u0627\u0648", "\u0624": "\u06cc"}
_HAMZA_SEAT = re.compile(f"[{''.join(_OTHER_SEATS)}]")


def _hamza_forms(raw: str) -> tuple[Phrase, ...]:
    """A typed word with a hamza on one seat, as the index holds it written on the others."""
    seat = _HAMZA_SEAT.search(raw)
    if seat is None:
        return ()
    return tuple(_tokens(_HAMZA_SEAT.sub(other, raw)) for other in _OTHER_SEATS[seat.group()])


def sounds_of(text: str) -> str:
    """The words a name's document holds besides its text: each word's sound."""
    return " ".join(SOUND + key for key in sound_keys(text))


def _sounds(word: Phrase) -> tuple[Phrase, ...]:
    """The typed word as the sounds of its parts, where each part is a name's word of two
    sounds or more (not a number, not "a")."""
    if not all(t.isalpha() for t in word):
        return ()
    parts = [sound_keys(token) for token in word]
    if any(len(keys) != 1 for keys in parts):
        return ()
    return (tuple(SOUND + keys[0] for keys in parts),)


def _unique(forms: tuple[Phrase, ...], typed: Phrase) -> tuple[Phrase, ...]:
    """The forms in order, once each, without the typed form (it always comes first)."""
    unique = dict.fromkeys(forms)
    unique.pop(typed, None)
    return tuple(unique)


# Parts shorter than this are not split off a joined word. Two-letter tokens (ها، می، از) are
# the commonest: their look-ups would cost the most and match by chance the most.
_MIN_PART = 3
# Two-letter name endings that are split off all the same (نیکفر -> نیک فر, شاملو -> شام لو):
# family-name suffixes, rare as words of their own, so their look-ups are cheap and a
# chance match is unlikely; ها، می، از and the like stay joined.
_SHORT_TAILS = frozenset({"فر", "لو"})
# Transliterated name elements that start or end a compound (Pourmohammadi, Hosseinali,
# Alizadeh). A Latin word is split only beside one of them: split anywhere, English words
# would match by chance ("massacre" -> "mass acre") and every split is one more look-up.
_LATIN_HEADS = frozenset(
    {"abdol", "abdul", "abol", "ali", "gholam", "hassan", "hossein", "hosein", "mir"}
    | {"mohammad", "mohamad", "mohammed", "pour", "reza", "seyed", "seyyed"}
)
_LATIN_TAILS = frozenset(
    {"ali", "doust", "far", "hassan", "hossein", "hosein", "nejad", "nezhad", "nia"}
    | {"pour", "rad", "reza", "zade", "zadeh"}
)


def _compound_forms(word: Phrase) -> tuple[Phrase, ...]:
    """The other spellings of a typed word: joined, and split in two.

    Persian writes a compound with a ZWNJ, a space or nothing ("حسین‌علی", "حسین علی",
    "حسینعلی"), a transliteration with a hyphen, a space or nothing ("Pour-Mohammadi"); the
    index splits at the ZWNJ and the hyphen, so it holds "حسین" "علی" for the first two and
    "حسینعلی" for the last. A word typed with a ZWNJ or a hyphen also matches its joined form,
    and a word typed joined also matches its two-word splits as a phrase: a Persian word at
    each place (parts of three letters or more, or a name ending in ``_SHORT_TAILS``), a Latin
    word only beside a known name element. The typed form stays first and matches as before
    (a query for "اعدام" finds "اعدام‌ها"). Each extra form is one more phrase to look up.
    """
    joined = "".join(word)
    # Initials stay apart: "U.S." is not "us".
    latin_initials = not has_arabic_script(joined) and min(map(len, word)) < 2
    if latin_initials or not all(t.isalpha() for t in word):
        return ()
    splits = [(joined[:i], joined[i:]) for i in range(1, len(joined)) if _splits_at(joined, i)]
    return _unique(((joined,), *splits), word)


def _splits_at(joined: str, i: int) -> bool:
    head, tail = joined[:i], joined[i:]
    if len(head) < _MIN_PART or len(tail) < _MIN_PART:
        return len(head) >= _MIN_PART and tail in _SHORT_TAILS
    if has_arabic_script(joined):
        return True
    return head in _LATIN_HEADS or tail in _LATIN_TAILS


# At most this many pairs of typed words also look up their joined form. A name has at most
# five words or so ("سید حسین علی پور محمدی"); a longer query is a sentence, where joining its
# words buys nothing, and each join is two more look-ups (one in each word's group).
_MAX_JOINS = 4


def _joins(words: list[Phrase], budget: int) -> tuple[list[tuple[Phrase, ...]], int]:
    """For each typed word, its joined forms with the words typed before and after it, and
    the joins left of ``budget``.

    "حسین علی" finds "حسینعلی", and "Pour Mohammadi" "Pourmohammadi": each word matches as
    typed or inside its join with a neighbour, so the words keep their AND and the query
    grows by two look-ups a join, not by one expression per way of joining them (which
    doubles with every word). Both words must be one run of letters of the same script, two
    letters or more (not "و" or "a"). Three words may then match a document that holds the
    joins of both pairs and none of the words alone: rare, and still about those words.
    """
    joins: list[tuple[Phrase, ...]] = [() for _ in words]
    for i in range(len(words) - 1):
        if budget <= 0:
            break
        if _joinable(words[i], words[i + 1]):
            joined = (words[i][0] + words[i + 1][0],)
            joins[i] += (joined,)
            joins[i + 1] += (joined,)
            budget -= 1
    return joins, budget


def _joinable(first: Phrase, second: Phrase) -> bool:
    if len(first) != 1 or len(second) != 1:
        return False
    a, b = first[0], second[0]
    return (
        a.isalpha()
        and b.isalpha()
        and min(len(a), len(b)) >= 2
        and has_arabic_script(a) == has_arabic_script(b)
    )
