"""Snippets as the text was written.

The index holds text folded by `normalize_for_search` (one letter form, lower case, ASCII
digits), and the backends cut their snippets from it. A reader should see the words as the
source wrote them: the snippet is found again in the original text, with its highlights moved
to the same words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from khavaran.text.arabic_script import normalize_arabic_script

ELLIPSIS = "…"
# Below this length the whole original is folded at once; above, only a window around the
# position the snippet's place in the folded text suggests.
_WHOLE = 1_000
_MARGIN = 300


def in_original(snippet: str, folded: str, original: str | None, marks: tuple[str, str]) -> str:
    """The backend's snippet of ``folded`` re-cut from ``original``, with the same highlights.

    Args:
        snippet: a stretch of ``folded`` with ``marks`` around matched words, and an ellipsis
            at an end that is not the text's end.
        folded: the indexed (folded) text the snippet was cut from.
        original: the text as written; None or empty for documents indexed without it.
        marks: the (start, end) highlight markers.

    Returns:
        The same stretch of ``original`` with the markers around the same words, or
        ``snippet`` unchanged when the original is missing or cannot be aligned.

    Example:
        >>> in_original("⟦کشتار⟧ 1367", "کشتار 1367", "كشتار ۱۳۶۷", ("⟦", "⟧"))
        '⟦كشتار⟧ ۱۳۶۷'
    """
    if not original:
        return snippet
    core, spans = _unmark(snippet.strip(ELLIPSIS).strip(), marks)
    at = folded.find(core) if core else -1
    if at < 0:
        return snippet
    found = _locate(core, at / max(len(folded), 1), original)
    if found is None:
        return snippet
    starts, ends = found
    start, end = starts[0], ends[len(core) - 1]
    pieces, cursor = [], start
    for first, last in spans:
        pieces += [original[cursor : starts[first]], marks[0]]
        pieces += [original[starts[first] : ends[last - 1]], marks[1]]
        cursor = ends[last - 1]
    pieces.append(original[cursor:end])
    lead = ELLIPSIS if original[:start].strip() else ""
    tail = ELLIPSIS if original[end:].strip() else ""
    return lead + "".join(pieces) + tail


def _unmark(snippet: str, marks: tuple[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """The snippet without markers, and the marked spans in its coordinates."""
    opening, closing = marks
    text, spans, begun = [], [], -1
    length = 0
    for char in snippet:
        if char == opening:
            begun = length
        elif char == closing and begun >= 0:
            if length > begun:
                spans.append((begun, length))
            begun = -1
        else:
            text.append(char)
            length += 1
    return "".join(text), spans


def _locate(core: str, share: float, original: str) -> tuple[list[int], list[int]] | None:
    """For each character of ``core``, where it starts and ends in ``original``."""
    if len(original) <= _WHOLE:
        windows = [(0, len(original))]
    else:
        guess = int(share * len(original))
        windows = [
            (max(0, guess - margin), min(len(original), guess + len(core) + margin))
            for margin in (_MARGIN, 4 * _MARGIN)
        ] + [(0, len(original))]
    for low, high in windows:
        folded, starts, ends = fold_with_offsets(original[low:high])
        at = folded.find(core)
        if at >= 0:
            span = range(at, at + len(core))
            return [low + starts[i] for i in span], [low + ends[i] for i in span]
    return None


def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """``normalize_for_search`` without its final strip, with where each character came from.

    Each base character and the combining marks after it fold together, as they do in the whole
    text. Runs of white space become one space, as in the index.

    Returns:
        (folded, starts, ends): for folded character i, the original text[starts[i]:ends[i]]
        it came from.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for low, high in _clusters(text):
        for char in _fold(text[low:high]):
            if char.isspace():
                if chars and chars[-1] == " ":
                    ends[-1] = high
                    continue
                char = " "
            chars.append(char)
            starts.append(low)
            ends.append(high)
    return "".join(chars), starts, ends


@lru_cache(maxsize=4096)
def _fold(cluster: str) -> str:
    # Texts repeat a few hundred clusters: folding each once keeps a snippet under a millisecond.
    return normalize_arabic_script(cluster, zwnj=" ").casefold()


def _clusters(text: str) -> list[tuple[int, int]]:
    """(start, end) of each base character with the combining marks that follow it."""
    bounds: list[tuple[int, int]] = []
    for i, char in enumerate(text):
        if bounds and unicodedata.combining(char):
            bounds[-1] = (bounds[-1][0], i + 1)
        else:
            bounds.append((i, i + 1))
    return bounds
