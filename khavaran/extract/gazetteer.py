"""An Aho–Corasick automaton over every known name, so 100,000 names cost one pass over a text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from khavaran.extract.folding import FoldedText, fold_name

NameVariants = Callable[[str], Iterable[str]]


@dataclass(frozen=True, slots=True)
class KnownName:
    """One known name of one entity."""

    entity_type: str
    entity_id: str
    name: str


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A known name found in a text: original offsets and every entity that bears the name."""

    start: int
    end: int
    entities: tuple[KnownName, ...]


class Gazetteer:
    """Known names of persons, organizations and places, matched in one pass.

    Build it from plain ``(entity_type, entity_id, name)`` tuples; the caller feeds it from the
    database. ``variants`` (e.g. the linkage work's cross-script name key or transliterations)
    may add more spellings per name.

    Example:
        >>> from khavaran.extract.folding import fold
        >>> g = Gazetteer.build([("place", "evin", "Evin prison")])
        >>> [(m.start, m.end) for m in g.find_in(fold("at EVIN  Prison."))]
        [(3, 15)]
    """

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._entries: dict[str, list[KnownName]] = {}

    @classmethod
    def build(
        cls, names: Iterable[tuple[str, str, str]], variants: NameVariants | None = None
    ) -> Gazetteer:
        """A gazetteer over ``(entity_type, entity_id, name)`` tuples."""
        gazetteer = cls()
        for entity_type, entity_id, name in names:
            spellings = {name, *(variants(name) if variants else ())}
            for spelling in spellings:
                gazetteer._add(KnownName(entity_type, str(entity_id), name), spelling)
        gazetteer._automaton.make_automaton()
        return gazetteer

    def _add(self, known: KnownName, spelling: str) -> None:
        key = fold_name(spelling)
        # One or two letters match inside too many words to be worth proposing.
        if len(key) < 2:
            return
        entries = self._entries.setdefault(key, [])
        if known not in entries:
            entries.append(known)
        if not self._automaton.exists(key):
            self._automaton.add_word(key, key)

    def __len__(self) -> int:
        return len(self._entries)

    def find_in(self, folded: FoldedText) -> list[NameMatch]:
        """Leftmost-longest known names at word boundaries, not overlapping."""
        if not self._entries:
            return []
        text = folded.folded
        candidates: list[tuple[int, int, str]] = []
        for last, key in self._automaton.iter(text):
            start = last - len(key) + 1
            if _at_word_boundaries(text, start, last + 1):
                candidates.append((start, last + 1, key))
        candidates.sort(key=lambda c: (c[0], -c[1]))
        matches: list[NameMatch] = []
        reached = 0
        for start, end, key in candidates:
            if start >= reached:
                span = folded.span(start, end)
                matches.append(NameMatch(span[0], span[1], tuple(self._entries[key])))
                reached = end
        return matches


def _at_word_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())
