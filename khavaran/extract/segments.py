"""Sentences, clauses and paragraphs as spans of the original text."""

from __future__ import annotations

import re
from bisect import bisect_right

Span = tuple[int, int]

# A sentence ends at . ! ? ؟ (and any closing quotes) before a space; "Dr." and initials do not.
_SENTENCE_END = re.compile(
    r"(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)(?<!\b[A-Z])[.!?؟]+[\"”»’)]*(?=\s|$)"
)
_CLAUSE_BREAK = re.compile(r"[,;،؛:]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def sentences(text: str) -> list[Span]:
    """Sentence spans; a paragraph break also ends a sentence."""
    spans: list[Span] = []
    for start, end in paragraphs(text):
        cursor = start
        for match in _SENTENCE_END.finditer(text, start, end):
            spans.append(_trimmed(text, cursor, match.end()))
            cursor = match.end()
        if text[cursor:end].strip():
            spans.append(_trimmed(text, cursor, end))
    return spans


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans (blocks between blank lines), trimmed of surrounding space."""
    spans: list[Span] = []
    cursor = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[cursor : match.start()].strip():
            spans.append(_trimmed(text, cursor, match.start()))
        cursor = match.end()
    if text[cursor:].strip():
        spans.append(_trimmed(text, cursor, len(text)))
    return spans


def clause_around(text: str, sentence: Span, start: int, end: int, min_words: int = 4) -> Span:
    """The comma-delimited clause of a sentence holding [start, end), or the sentence if short."""
    left = sentence[0]
    for match in _CLAUSE_BREAK.finditer(text, sentence[0], start):
        left = match.end()
    found = _CLAUSE_BREAK.search(text, end, sentence[1])
    right = found.start() if found else sentence[1]
    if len(text[left:right].split()) < min_words:
        return sentence
    return _trimmed(text, left, right)


class Occupancy:
    """Which characters of a text are taken, so overlap checks cost the span's length, not n²."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length + 1)

    def is_free(self, start: int, end: int) -> bool:
        """Whether no character of [start, end) is taken."""
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        """Mark [start, end) as taken."""
        self._taken[start:end] = b"\x01" * (end - start)


class SentenceIndex:
    """Find the sentence holding an offset quickly."""

    def __init__(self, text: str) -> None:
        self.spans = sentences(text)
        self._starts = [span[0] for span in self.spans]

    def index_of(self, offset: int) -> int:
        """Index of the sentence holding (or preceding) the offset; -1 before the first."""
        return bisect_right(self._starts, offset) - 1

    def around(self, offset: int) -> Span:
        """The sentence holding the offset (an empty span at the offset when none does)."""
        index = self.index_of(offset)
        if index < 0 or offset > self.spans[index][1]:
            return (offset, offset)
        return self.spans[index]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
