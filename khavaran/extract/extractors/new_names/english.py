"""New names in English text: capitalized runs classified by titles, roles and nearby words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from khavaran.extract.extractors.new_names import lexicon as lx
from khavaran.extract.proposals import EntityType

_TOKEN = r"[A-Z][a-zA-Z]*(?:[-'’][A-Za-z]+)*"
_CONNECTOR = r"(?:of|for|the|in|and|al|de|ol)"
_RUN = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:(?: {_CONNECTOR})* {_TOKEN})*")
_WORD = re.compile(r"[\w'’-]+|[^\w\s]")
_SPEECH = frozenset({"said", "says", "told", "wrote", "added", "asked", "noted", "warned"})
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A new name: span, type and how sure the pattern is."""

    start: int
    end: int
    entity_type: EntityType
    confidence: float


def find_names(text: str) -> list[NameSpan]:
    """Persons, organizations and places named in English text by capitalized runs."""
    found: list[NameSpan] = []
    for match in _RUN.finditer(text):
        found.extend(_classify_run(text, match.start(), match.end()))
    return found


def _classify_run(text: str, start: int, end: int) -> list[NameSpan]:
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    titled = False
    while tokens and _is_title_or_common(text, tokens):
        titled = titled or _title_length(text, tokens) > 0
        tokens = tokens[max(1, _title_length(text, tokens)) :]
    while tokens and text[tokens[-1][0] : tokens[-1][1]].islower():
        tokens = tokens[:-1]
    if not tokens:
        return []
    start, end = tokens[0][0], tokens[-1][1]
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive:
        end -= len(possessive.group())
    words = [w.lower() for w in text[start:end].replace("’", "'").split()]
    if any(w in lx.ORGANIZATION_WORDS_EN for w in words):
        return [NameSpan(start, end, "organization", 0.8)]
    if any(w in {"and", "of", "for", "the", "in"} for w in words):
        return _split_at_connectors(text, start, end)
    kind = _kind_of(text, start, end, words, titled)
    return [kind] if kind else []


def _title_length(text: str, tokens: list[tuple[int, int]]) -> int:
    first = text[tokens[0][0] : tokens[0][1]].lower()
    if len(tokens) > 1:
        pair = f"{first} {text[tokens[1][0] : tokens[1][1]].lower()}"
        if pair in lx.TITLES_EN:
            return 2
    follows_dot = text[tokens[0][1] : tokens[0][1] + 1] == "."
    return 1 if first in lx.TITLES_EN or (follows_dot and f"{first}." in lx.TITLES_EN) else 0


def _is_title_or_common(text: str, tokens: list[tuple[int, int]]) -> bool:
    first = text[tokens[0][0] : tokens[0][1]].lower()
    return (
        _title_length(text, tokens) > 0
        or first in lx.COMMON_CAPITALIZED_EN
        or first in lx.MONTHS_EN
    )


def _split_at_connectors(text: str, start: int, end: int) -> list[NameSpan]:
    found: list[NameSpan] = []
    for part in re.finditer(rf"{_TOKEN}(?: {_TOKEN})*", text[start:end]):
        if part.group().lower() not in {"of", "for", "the", "in", "and"}:
            found.extend(_classify_run(text, start + part.start(), start + part.end()))
    return found


def _kind_of(text: str, start: int, end: int, words: list[str], titled: bool) -> NameSpan | None:
    before = _words_before(text, start, 3)
    after = _words_after(text, end, 2)
    name = text[start:end]
    titled = titled or _title_before(before)
    if name.isupper() and text[end : end + 3] in {" —", " –", " -"}:
        return NameSpan(start, end, "place", 0.8)
    if after and after[0] in lx.PLACE_NOUNS_EN:
        return NameSpan(start, text.index(after[0], end) + len(after[0]), "place", 0.8)
    if after and after[0] in lx.ORGANIZATION_NOUNS_EN:
        return NameSpan(start, end, "organization", 0.7)
    if name in lx.PLACES:
        return None  # the place list itself proposes it
    if titled or _after_role(before) or before[-3:] == ["my", "name", "is"]:
        return NameSpan(start, end, "person", 0.8)
    if len(words) > 1 and (words[0] in lx.FIRST_NAMES_EN or _speech_nearby(before, after)):
        return NameSpan(start, end, "person", 0.7)
    if len(words) > 1 and after[:2] in ([",", "who"], [",", "whose"], [",", "the"]):
        return NameSpan(start, end, "person", 0.6)
    if before and before[-1] in lx.PLACE_PREPOSITIONS_EN and _is_mid_sentence(text, start):
        return NameSpan(start, end, "place", 0.6)
    return None


def _title_before(before: list[str]) -> bool:
    words = [w for w in before if w != "."]
    return bool(words) and (words[-1] in lx.TITLES_EN or f"{words[-1]}." in lx.TITLES_EN)


def _after_role(before: list[str]) -> bool:
    words = [w for w in before if w != ","]
    return bool(words) and words[-1] in lx.ROLE_NOUNS_EN


def _speech_nearby(before: list[str], after: list[str]) -> bool:
    return bool((before and before[-1] in _SPEECH) or (after and after[0] in _SPEECH))


def _words_before(text: str, start: int, count: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, start - 60) : start])][-count:]


def _words_after(text: str, end: int, count: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[end : end + 60])][:count]


def _is_mid_sentence(text: str, start: int) -> bool:
    head = text[max(0, start - 4) : start].rstrip()
    return bool(head) and head[-1] not in ".!?\n"
