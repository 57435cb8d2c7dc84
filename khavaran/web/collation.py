"""Alphabetical order of names as readers expect it: Persian names in the Persian alphabet,
Latin names without regard to case or accents.

Code-point order puts ک (U+06A9) after م and ن, and پ چ ژ گ (U+067E…U+06AF) after every
Arabic letter; Arabic forms of a letter (ي ك) would sort apart from the Persian ones. A key here
maps each letter to its rank in the alphabet, so a plain string comparison of keys is the
alphabetical order. One translation table per reader language, built once: the reader's own
script sorts first (a Persian page lists Persian names before Latin-only ones).

A memorial lists people by family name, then given name (`family_name_key`): names are
stored whole, so the family name is found as the linkage engine finds it in a one-column name
(`split_family_name`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from khavaran.text.person_names import HONORIFICS, is_given_name

PERSIAN_ALPHABET = "اآبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

# Other forms of a letter, sorted as that letter: Arabic yeh, kaf, alef maksura, teh marbuta,
# alef with hamza, waw with hamza and yeh with hamza, heh with yeh above, alef wasla.
LETTER_FORMS = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "ؤ": "و",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
}

# A word break sorts before any letter ("علی رضا" before "علیاکبر"); a ZWNJ, a hyphen or a
# no-break space is a word break too, however the name was typed.
BREAK = "\x01"
BREAKS = " \t\u200c\u00a0-\u2010\u2011"
# Marks that change no letter: harakat, superscript alef, Quranic marks, tatweel, joiners and
# bidi controls.
IGNORED = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u200b", "\u200d", "\u200e", "\u200f", "\ufeff"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
# Persian and Arabic-Indic digits sort as the digits 0-9.
DIGITS = {digit: str(n % 10) for n, digit in enumerate("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")}

# Ranks: digits "0"-"9" (0x30), then the reader's script, then the other. Latin letters keep
# their own code points (0x61-0x7A); Persian letters go just below them (0x3A-0x59, free once
# capitals are folded) or just above (0x7B-0x9A).
_PERSIAN_FIRST = 0x3A
_PERSIAN_AFTER_LATIN = 0x7B


def _latin_folds() -> dict[str, str]:
    """Accented and capital Latin letters as their plain small letter (É -> e, ß -> ss)."""
    folds: dict[str, str] = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        folded = base.casefold()
        if folded and folded != char and folded.isascii():
            folds[char] = folded
    return folds


def _table(persian_start: int) -> dict[int, str | None]:
    letters = {ch: chr(persian_start + rank) for rank, ch in enumerate(PERSIAN_ALPHABET)}
    table: dict[str, str | None] = {**_latin_folds(), **DIGITS, **letters}
    table.update({form: letters[letter] for form, letter in LETTER_FORMS.items()})
    table.update(dict.fromkeys(BREAKS, " "))
    table.update(dict.fromkeys(IGNORED, None))
    # Presentation forms (names copied from PDFs) sort as the letters they show.
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]:
        plain = unicodedata.normalize("NFKC", chr(code))
        if plain and all(c in table or c.isascii() for c in plain) and plain != chr(code):
            table[chr(code)] = "".join(str(table.get(c, c) or "") for c in plain)
    return str.maketrans(table)


_TABLES = {"fa": _table(_PERSIAN_FIRST), "en": _table(_PERSIAN_AFTER_LATIN)}


def name_key(text: str, lang: str = "fa") -> str:
    """The sort key of a name for a reader of `lang`: compare keys as plain strings.

    Example:
        >>> sorted(["مریم", "کاظم", "پروین"], key=name_key)
        ['پروین', 'کاظم', 'مریم']
    """
    folded = text.translate(_TABLES.get(lang, _TABLES["en"]))
    return BREAK.join(folded.split())


def by_name(names: Iterable[str], lang: str = "fa") -> list[str]:
    """`names` in alphabetical order for a reader of `lang`."""
    return sorted(names, key=lambda name: name_key(name, lang))


# Between the parts of a key: below every character a key holds, so that a shorter family
# name sorts before a longer one it begins (Ahmad before Ahmadi).
_PART = "\x00"


def family_name_key(text: str, lang: str = "fa") -> str:
    """The sort key of a whole name by family name, then given name, for a reader of `lang`
    (`split_family_name` finds the parts; titles do not count). Compare keys as plain
    strings: one string sorts faster than a tuple.

    Example:
        >>> sorted(["Zahra Ahmadi", "Ali Karimi", "Abbas Zamani"], key=family_name_key)
        ['Zahra Ahmadi', 'Ali Karimi', 'Abbas Zamani']
    """
    given, family = split_family_name(text)
    return f"{name_key(family, lang)}{_PART}{name_key(given, lang)}"


def split_family_name(text: str) -> tuple[str, str]:
    """(given, family) of a name stored whole, as written, titles (Seyyed, Haj) left out.

    The rule of the linkage engine's `split_full_name`, on the words as written and with
    each word's test kept: "Family, Given" is written family name first; else the leading
    known given names are the given name (Mohammad Reza Ahmadi); else known given names at
    the end mean the family name came first (احمدی علی); else the last word is the family
    name. A word is what spaces separate: a ZWNJ or a hyphen joins (علی‌اکبر, Ahmadi-Tehrani),
    and a name of one word is a family name alone ("", word). Family-name suffixes written
    apart (Ghasem Zadeh) are not joined: the last word is taken.
    """
    head, comma, tail = text.partition(",")
    if comma and head.strip() and tail.strip():
        return " ".join(tail.split()), " ".join(head.split())
    words = [w for w in text.split() if w.casefold() not in HONORIFICS] or text.split()
    if len(words) < 2:
        return "", " ".join(words)
    # Words are tested only as far as the rule needs: the last one never for the given name
    # in front, which it cannot be, and none from the end when a given name leads.
    lead = next((i for i, w in enumerate(words[:-1]) if not _is_given(w)), len(words) - 1)
    if lead:
        return " ".join(words[:lead]), " ".join(words[lead:])
    trail = next((i for i, w in enumerate(reversed(words)) if not _is_given(w)), len(words))
    if trail:
        return " ".join(words[-trail:]), " ".join(words[:-trail])
    return " ".join(words[:-1]), words[-1]


# A test costs tens of microseconds, and given names are few: a memorial of 50,000 victims
# has a few hundred, in both scripts.
@lru_cache(maxsize=100_000)
def _is_given(word: str) -> bool:
    return is_given_name(word)
