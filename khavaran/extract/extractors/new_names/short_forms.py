"""Short forms: a surname after the full name ("Rafizadeh"), a prison without "prison"."""

from __future__ import annotations

import re

from khavaran.extract.extractors.new_names import lexicon as lx
from khavaran.extract.folding import fold_char_for_char
from khavaran.extract.proposals import Proposal
from khavaran.extract.segments import Occupancy

_HEADS = frozenset(fold_char_for_char(w) for w in lx.PLACE_HEADS_FA) | lx.PLACE_NOUNS_EN


def short_form(mention: Proposal) -> str | None:
    """The part of a mention's name that the text may later use alone, or None."""
    words = mention.text.split()
    if len(words) < 2:
        return None
    if mention.entity_type == "person":
        return words[-1] if len(words[-1]) > 2 else None
    if mention.entity_type == "place":
        if fold_char_for_char(words[0]) in _HEADS:
            return " ".join(words[1:])
        if words[-1].lower() in _HEADS:
            return " ".join(words[:-1])
    return None


def find_short_forms(text: str, mentions: list[Proposal]) -> list[tuple[int, int, Proposal]]:
    """Every later use of a mention's short form, outside other mentions: (start, end, full)."""
    taken = Occupancy(len(text))
    for mention in mentions:
        taken.take(mention.start, mention.end)
    found: list[tuple[int, int, Proposal]] = []
    seen: set[str] = set()
    for mention in sorted(mentions, key=lambda m: m.start):
        form = short_form(mention)
        if not form or form in seen:
            continue
        seen.add(form)
        pattern = re.compile(rf"(?<![\w\u200c]){re.escape(form)}(?![\w])")
        for match in pattern.finditer(text, mention.end):
            if taken.is_free(match.start(), match.end()):
                found.append((match.start(), match.end(), mention))
    return found
