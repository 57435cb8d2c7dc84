"""Folding text for matching while keeping offsets into the original text.

Matching folds case, Arabic letter forms, digits, hyphens, ZWNJ and runs of space; diacritics,
tatweel and invisible controls are dropped. Dropping changes length, so a folded text keeps a map
from each folded character back to the original one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khavaran.text.arabic_script import fold_digits

_ONE_TO_ONE: dict[int, str] = {
    ord("\u064a"): "\u06cc", ord("\u0649"): "\u06cc", ord("\u0643"): "\u06a9",
    ord("\u06c0"): "\u0647", ord("\u0629"): "\u0647", ord("\u0623"): "\u0627",
    ord("\u0625"): "\u0627", ord("\u0622"): "\u0627", ord("\u0671"): "\u0627",
    ord("\u0624"): "\u0648", ord("\u0626"): "\u06cc",
    ord("\u200c"): " ", ord("\u00a0"): " ", ord("\n"): " ", ord("\t"): " ", ord("\r"): " ",
    ord("-"): " ", ord("\u2010"): " ", ord("\u2011"): " ", ord("\u2019"): "'",
}  # fmt: skip
# Latin case folding one character to one character (str.lower may lengthen a few letters).
for _code in range(0x250):
    _lower = chr(_code).lower()
    if len(_lower) == 1 and _lower != chr(_code):
        _ONE_TO_ONE[_code] = _lower
for _digit in "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩":
    _ONE_TO_ONE[ord(_digit)] = fold_digits(_digit)
_DROPPED = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"  # noqa: E501
_TABLE = str.maketrans(_ONE_TO_ONE)
_DROP = re.compile(f"[{_DROPPED}]")
_SPACE_RUN = re.compile("  +")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A folded text and the map from folded offsets back to original offsets."""

    original: str
    folded: str
    origins: tuple[int, ...] | None  # None: same length, offsets are identical

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded span [start, end)."""
        if self.origins is None:
            return start, end
        return self.origins[start], self.origins[end - 1] + 1


def fold_char_for_char(text: str) -> str:
    """The one-to-one part of the fold: same length, same offsets."""
    return text.translate(_TABLE)


def fold(text: str) -> FoldedText:
    """Fold a text for matching, keeping a map to original offsets when the length changes."""
    same_length = fold_char_for_char(text)
    if not _DROP.search(text) and not _SPACE_RUN.search(same_length):
        return FoldedText(text, same_length, None)
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(same_length):
        if _DROP.match(char) or (char == " " and chars and chars[-1] == " "):
            continue
        chars.append(char)
        origins.append(index)
    return FoldedText(text, "".join(chars), tuple(origins))


def fold_name(name: str) -> str:
    """A name's matching key: folded, single-spaced, stripped."""
    return fold(name).folded.strip()
