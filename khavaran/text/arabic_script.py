"""Arabic-script normalization so Persian and Arabic letter forms meet in search and linkage.

Persian text arrives written with Arabic code points (ي for ی, ك for ک), with zero-width
non-joiners, tatweel stretching, vowel diacritics and three sets of digits. Folding them to one
form lets a query in one spelling find text in another.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic letter forms folded to their Persian counterparts.
_LETTERS = {
    "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
    "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
    "\u0622": "\u0627",  # ALEF WITH MADDA -> ALEF
    "\u0671": "\u0627",  # ALEF WASLA -> ALEF
    "\u0624": "\u0648",  # WAW WITH HAMZA -> WAW
    "\u0626": "\u06cc",  # YEH WITH HAMZA -> FARSI YEH
}
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_DIGITS = {ord(d): str(i) for i, d in enumerate(_PERSIAN_DIGITS)} | {
    ord(d): str(i) for i, d in enumerate(_ARABIC_INDIC_DIGITS)
}
_FOLD_TABLE = str.maketrans({**{ord(k): v for k, v in _LETTERS.items()}, **_DIGITS})

TATWEEL = "\u0640"
ZWNJ = "\u200c"
# Joiners, marks and bidi controls that change nothing a reader sees as a letter.
_INVISIBLE = re.compile("[\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_SPACES = re.compile(r"\s+")
# Presentation forms (contextual shapes and ligatures, common in text taken from PDFs): their
# compatibility decomposition is the plain letters (ﻼ -> لا, ﱮ -> بى).
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


def fold_digits(text: str) -> str:
    """Persian (۱۳۶۷) and Arabic-Indic (١٣٦٧) digits to ASCII digits."""
    return text.translate(_DIGITS)


def normalize_arabic_script(text: str, *, zwnj: str = " ") -> str:
    """One canonical spelling for Arabic-script text, keeping its length-free meaning.

    Args:
        text: any text; Latin parts pass through unchanged.
        zwnj: what a zero-width non-joiner becomes ("" joins the parts, " " splits them).

    Returns:
        The text with presentation forms as plain letters, Arabic letter forms folded to
        Persian ones, digits as ASCII, diacritics, tatweel and invisible controls removed.

    Example:
        >>> normalize_arabic_script("علي‌اكبر")
        'علی اکبر'
    """
    text = unicodedata.normalize("NFC", text)
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_FOLD_TABLE)
    text = _DIACRITICS.sub("", text).replace(TATWEEL, "")
    text = _INVISIBLE.sub("", text)
    return text.replace(ZWNJ, zwnj)


def normalize_for_search(text: str) -> str:
    """Fold text for a full-text index: script forms, digits, case and runs of space."""
    folded = normalize_arabic_script(text, zwnj=" ").casefold()
    return _SPACES.sub(" ", folded).strip()


def has_arabic_script(text: str) -> bool:
    """Whether any character of the text is in the Arabic script blocks."""
    return _ARABIC_SCRIPT.search(text) is not None


def arabic_script_share(text: str) -> float:
    """Share of letters in the text that are Arabic script (0.0 when there are no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_SCRIPT.match(c)) / len(letters)


# What a name's letters say of its script, as `vocabulary.SCRIPTS` names them.
PERSIAN, LATIN, OTHER = "persian", "latin", "other"


def _letter_script(char: str) -> str:
    if _ARABIC_SCRIPT.match(char):
        return PERSIAN
    return LATIN if unicodedata.name(char, "").startswith("LATIN") else OTHER


def scripts_of(text: str) -> set[str]:
    """The scripts of the text's letters ("persian" for any Arabic-script letter, "latin",
    "other"); empty when it has no letters."""
    return {_letter_script(c) for c in text if c.isalpha() and c != TATWEEL}


def guess_script(text: str) -> str:
    """The script most of the text's letters are written in ("latin" when it has none).

    Example:
        >>> guess_script("حسینعلی نیری"), guess_script("Hossein-Ali Nayyeri")
        ('persian', 'latin')
    """
    letters = [_letter_script(c) for c in text if c.isalpha() and c != TATWEEL]
    return max((PERSIAN, LATIN, OTHER), key=letters.count) if letters else LATIN


def has_visible_text(text: str) -> bool:
    """Whether the text has a letter, digit, punctuation mark or symbol: not only spaces,
    line breaks, joiners (ZWNJ), tatweel, bidi controls or lone diacritics."""
    return any(unicodedata.category(c)[0] in "LNPS" and c != TATWEEL for c in text)


# Separators people type between thousands: Arabic thousands separator, comma, Arabic comma,
# and spaces (no-break and thin ones too).
_THOUSANDS = re.compile("[\u066c,\u060c\\s\u00a0\u2009\u202f\u200c]")


def read_number(text: str) -> float:
    """A figure as typed, in any of the three digit sets ("۲٬۰۰۰", "٢٠٠٠", "2,000", "۱۲٫۵").

    Raises:
        ValueError: the text is not a number.

    Example:
        >>> read_number("۲٬۰۰۰"), read_number("۱۲٫۵")
        (2000.0, 12.5)
    """
    plain = _THOUSANDS.sub("", fold_digits(text)).replace("\u066b", ".").replace("\u2212", "-")
    if not re.fullmatch(r"-?(\d+\.?\d*|\.\d+)", plain):
        raise ValueError(f"not a number: {text!r}")
    return float(plain)
