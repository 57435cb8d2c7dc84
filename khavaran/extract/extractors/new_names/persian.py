"""New names in Persian text: no capitals, so titles, first names and name heads mark them."""

from __future__ import annotations

import re

from khavaran.extract.extractors.new_names import lexicon as lx
from khavaran.extract.extractors.new_names.english import NameSpan
from khavaran.extract.folding import fold_char_for_char

# Arabic-script letters and ZWNJ; punctuation (،؛؟) and digits end a word.
_WORD = re.compile(
    r"(?:(?![\u060c\u061b\u061f\u066a-\u066d\u06d4\u06f0-\u06f9\u0660-\u0669])[\u0600-\u06ff\u200c])+"
)
Token = tuple[int, int, str]  # start, end, folded word (Arabic letter forms made Persian)

_FIRST_NAMES = frozenset(fold_char_for_char(n) for n in lx.FIRST_NAMES_FA)
_TITLES = frozenset(fold_char_for_char(n) for n in lx.TITLES_FA)
_ORG_HEADS = frozenset(fold_char_for_char(n) for n in lx.ORGANIZATION_HEADS_FA)
_ORG_DESCRIPTORS = frozenset(fold_char_for_char(n) for n in lx.ORGANIZATION_DESCRIPTORS_FA)
_PLACE_HEADS = frozenset(fold_char_for_char(n) for n in lx.PLACE_HEADS_FA)
_STOP = frozenset(fold_char_for_char(n) for n in lx.STOPWORDS_FA)


def find_names(text: str) -> list[NameSpan]:
    """Persons, organizations and places named in Persian text."""
    tokens = [(m.start(), m.end(), fold_char_for_char(m.group())) for m in _WORD.finditer(text)]
    found: list[NameSpan] = []
    index = 0
    while index < len(tokens):
        name, used = _name_at(text, tokens, index)
        if name:
            found.append(name)
        index += max(used, 1)
    return found


def _name_at(text: str, tokens: list[Token], i: int) -> tuple[NameSpan | None, int]:
    word = tokens[i][2]
    if word in _ORG_DESCRIPTORS and _joined(text, tokens, i, i + 1):
        return _span(tokens, i + 1, i + 2, "organization", 0.7), 2
    if word in _ORG_HEADS:
        last = _run_end(text, tokens, i + 1, limit=5)
        return (
            (_span(tokens, i, last, "organization", 0.7), last - i) if last > i + 1 else (None, 1)
        )
    if word in _PLACE_HEADS and _joined(text, tokens, i, i + 1) and tokens[i + 1][2] not in _STOP:
        return _span(tokens, i, i + 2, "place", 0.7), 2
    titled = word in _TITLES
    first = i + 1 if titled else i
    names_end = first
    while names_end < len(tokens) and tokens[names_end][2] in _FIRST_NAMES:
        # The first name needs no left neighbour unless a title precedes it.
        if (names_end > first or titled) and not _joined(text, tokens, names_end - 1, names_end):
            break
        names_end += 1
    if names_end == first and not titled:
        return None, 1
    surname = (
        names_end < len(tokens)
        and tokens[names_end][2] not in _STOP
        and _joined(text, tokens, names_end - 1, names_end)
    )
    end = names_end + 1 if surname else names_end
    if end == first or (end - first == 1 and not titled):
        return None, 1
    return _span(tokens, first, end, "person", 0.75 if titled else 0.65), end - i


def _run_end(text: str, tokens: list[Token], start: int, limit: int) -> int:
    end = start
    while (
        end < len(tokens)
        and end - start < limit
        and tokens[end][2] not in _STOP
        and _joined(text, tokens, end - 1, end)
    ):
        end += 1
    return end


def _joined(text: str, tokens: list[Token], left: int, right: int) -> bool:
    """Whether two tokens are neighbours separated only by a space (no punctuation)."""
    if left < 0 or right >= len(tokens):
        return False
    return text[tokens[left][1] : tokens[right][0]] in {" ", "\u200c"}


def _span(tokens: list[Token], first: int, end: int, kind: str, confidence: float) -> NameSpan:
    return NameSpan(tokens[first][0], tokens[end - 1][1], kind, confidence)  # type: ignore[arg-type]
