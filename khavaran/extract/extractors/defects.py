"""Defects worth a human look: a list announced and missing, a stray headline, a contradiction."""

from __future__ import annotations

import re

from khavaran.extract.context import Context, ExistingClaim
from khavaran.extract.proposals import Proposal
from khavaran.extract.segments import paragraphs

NAME = "defects"

_ANNOUNCES_LIST = re.compile(
    r"(?:including|the following|as follows|namely|از جمله|عبارتند از|عبارت‌اند از)\s*:\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d+[.)]|[a-z][.)])\s")
_ENDS_SENTENCE = re.compile(r"[.!?؟:;؛\"”»)]\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
# Words in a sentence that show it speaks to a claim property.
PROPERTY_CUES: dict[str, tuple[str, ...]] = {
    "house_arrest_period": ("house arrest", "حصر خانگی"),
    "victim_count": ("executed", "killed", "massacre", "اعدام", "کشته"),
    "dismissal": ("dismissed", "stripped of", "removed", "برکنار"),
}


def extract(context: Context) -> list[Proposal]:
    """Lost lists, stray headlines and sentences contradicting existing claims."""
    return [*_lost_lists(context), *_stray_headlines(context), *_contradictions(context)]


def _lost_lists(context: Context) -> list[Proposal]:
    found: list[Proposal] = []
    blocks = paragraphs(context.text)
    for index, (start, end) in enumerate(blocks):
        announce = _ANNOUNCES_LIST.search(context.text, start, end)
        following = context.text[slice(*blocks[index + 1])] if index + 1 < len(blocks) else ""
        if announce and not _LIST_ITEM.match(following):
            phrase_end = announce.start() + len(announce.group().rstrip())
            reason = "list announced but missing"
            found.append(_defect(context, announce.start(), phrase_end, reason, 0.9))
    return found


def _stray_headlines(context: Context) -> list[Proposal]:
    blocks = paragraphs(context.text)
    found: list[Proposal] = []
    for index in range(1, len(blocks) - 1):
        start, end = blocks[index]
        if _looks_like_headline(context.text[start:end]) and not _looks_like_headline(
            context.text[slice(*blocks[index - 1])]
        ):
            found.append(_defect(context, start, end, "headline inside the body", 0.7))
    return found


def _defect(context: Context, start: int, end: int, reason: str, confidence: float) -> Proposal:
    return context.proposal("defect", start, end, NAME, value=reason, confidence=confidence)


def _looks_like_headline(block: str) -> bool:
    words = _WORD.findall(block)
    if "\n" in block or not 3 <= len(words) <= 20 or _ENDS_SENTENCE.search(block):
        return False
    long_words = [w for w in words if len(w) > 3 and not w.isdigit()]
    capitalized = [w for w in long_words if w[0].isupper()]
    return bool(long_words) and len(capitalized) / len(long_words) >= 0.6


def _contradictions(context: Context) -> list[Proposal]:
    found: list[Proposal] = []
    for claim in context.existing_claims:
        for start, end in context.sentence_index.spans:
            if _contradicts(context, claim, start, end):
                reason = f"contradicts claim {claim.claim_id} ({claim.property}: {claim.value})"
                found.append(_defect(context, start, end, reason, 0.5))
    return found


def _contradicts(context: Context, claim: ExistingClaim, start: int, end: int) -> bool:
    sentence = context.text[start:end]
    cues = PROPERTY_CUES.get(claim.property, ())
    if not any(cue in sentence.lower() for cue in cues):
        return False
    previous = context.text[max(0, start - 300) : start]
    if not any(name in sentence or name in previous for name in claim.subject_names):
        return False
    pattern = _NUMBER if claim.property.endswith("_count") else _YEAR
    stated = {n.replace(",", "") for n in pattern.findall(sentence)}
    known = {n.replace(",", "") for n in pattern.findall(claim.value)}
    return bool(stated) and bool(known) and not stated & known
