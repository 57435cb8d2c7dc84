"""Alphabetical order of names as readers expect it: Persian names in the Persian alphabet,
Latin names without regard to case or accents.

Code-point order puts ک (U+06A9) after م and ن, and پ چ ژ گ (U+067E…U+06AF) after every
Arabic letter; Arabic forms of a letter (ي ك) would sort apart from the Persian ones. A key here
maps each letter to its rank in the alphabet, so a plain string comparison of keys is the
alphabetical order. One translation table per reader language, built once: the reader's own
script sorts first (a Persian page lists Persian names before Latin-only ones).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

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
