"""`normalize_for_search` a piece at a time, for texts too long to fold in one go.

Folding a whole text holds several copies of it, and collapsing its spaces in one regular
expression holds a string object for every word: about twelve times the text (600 MB for a
35 MB book). Cut where folding reads nothing across the cut, each piece folds alone to the
same characters, but for the space runs met at the cuts and the text's two ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from khavaran.text.arabic_script import normalize_arabic_script

PIECE = 256 * 1024
"""About how many characters of the text each piece is folded from."""

# An ASCII character starts a piece: no folding step joins it to the character before it (no
# canonical composition ends in one, and none of the letter, mark or space patterns spans it).
_CUT = re.compile("[\x00-\x7f]")
_SPACES = re.compile(r"\s+")


def folded_pieces(text: str, size: int = PIECE) -> Iterator[str]:
    """The pieces of ``normalize_for_search(text)``, in order, each folded from about ``size``
    characters (more where no ASCII character follows to cut before).

    Example:
        >>> "".join(folded_pieces(" Ali  اكبر ", size=2))
        'ali اکبر'
    """
    started, spaced = False, False
    for part in _parts(text, size):
        folded = _SPACES.sub(" ", normalize_arabic_script(part, zwnj=" ").casefold())
        words = folded.strip(" ")
        # A run of spaces met at a cut is one space; none at the text's ends.
        if words and started and (spaced or folded[0] == " "):
            yield " "
        if words:
            yield words
            started, spaced = True, folded[-1] == " "
        else:
            spaced = spaced or bool(folded)


def _parts(text: str, size: int) -> Iterator[str]:
    start = 0
    while len(text) - start > size:
        cut = _CUT.search(text, start + size)
        if cut is None:
            break
        yield text[start : cut.start()]
        start = cut.start()
    yield text[start:]
