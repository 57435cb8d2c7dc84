"""Claims with numbers: a count and what it counts, with the attribution the text gives."""

from __future__ import annotations

import re

from khavaran.extract.context import Context
from khavaran.extract.folding import fold_char_for_char
from khavaran.extract.proposals import Proposal

NAME = "number_claims"

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_QUALIFIER = (
    r"(?:at least|more than|over|about|around|some|nearly|almost|up to|roughly|only|"
    r"approximately)\s+"
)
_COUNTED = (
    r"(?:[a-z-]+\s+){0,2}?(?:prisoners|people|persons|men|women|children|names|victims|executions|"
    r"activists|years|families|leftists|members|graves|bodies|detainees|inmates|dissidents|"
    r"supporters|students|cases|individuals|relatives)\b"
)
_WORD_COUNT = r"(?:tens of thousands|thousands|hundreds|dozens)"
_CLAIM_EN = re.compile(
    rf"(?<![\w,])(?:between\s+(?P<lo>{_NUMBER})\s+and\s+(?P<hi>{_NUMBER})\s+{_COUNTED}"
    rf"|(?:{_QUALIFIER})?(?P<n>{_NUMBER})\s+{_COUNTED}"
    rf"|(?P<w>{_WORD_COUNT})\s+of\s+{_COUNTED})",
    re.IGNORECASE,
)
_FA_NUMBER = r"[0-9۰-۹٠-٩]+(?:[,٬][0-9۰-۹٠-٩]{3})*"
_FA_QUALIFIER = r"(?:دست‌کم|دست کم|حدود|بیش از|نزدیک به|کمتر از|بالغ بر|حداقل)\s+"
_FA_COUNTED = r"(?:زندانی|نفر|تن|قربانی|اعدامی|کشته|زن|مرد|کودک)(?:\s+(?:سیاسی|مجاهد|چپ‌گرا))?"
_CLAIM_FA = re.compile(
    rf"(?:{_FA_QUALIFIER})?(?P<n>{_FA_NUMBER})\s+{_FA_COUNTED}(?![\w\u200c])"
    rf"|(?P<w>هزاران|صدها|ده‌ها)\s+{_FA_COUNTED}(?![\w\u200c])"
)
_OPENING = re.compile(r"(?:The|the)\s+")
_WORD_VALUES = {"هزاران": "thousands", "صدها": "hundreds", "ده‌ها": "dozens"}


def extract(context: Context) -> list[Proposal]:
    """A claim per counted number, attributed to whoever the text says says it (or None)."""
    found: list[Proposal] = []
    for pattern in (_CLAIM_EN, _CLAIM_FA):
        for match in pattern.finditer(context.text):
            if _is_year(match):
                continue
            attributed_to = _attribution(context, match.start(), match.end())
            found.append(
                context.proposal("claim", match.start(), match.end(), NAME,
                                 value=_value(match), attributed_to=attributed_to, confidence=0.75)
            )  # fmt: skip
    return found


def _value(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if groups.get("lo"):
        return f"{_digits(groups['lo'])}-{_digits(groups['hi'] or '')}"
    if groups.get("n"):
        return _digits(groups["n"])
    word = groups.get("w") or ""
    return _WORD_VALUES.get(word, word.lower())


def _is_year(match: re.Match[str]) -> bool:
    # "the 1988 executions": a four-digit year before a noun dates it, it does not count it.
    number = match.groupdict().get("n") or ""
    return bool(re.fullmatch(r"(?:19|20)\d\d", fold_char_for_char(number)))


def _digits(number: str) -> str:
    return re.sub(r"[,٬]", "", fold_char_for_char(number))


def _attribution(context: Context, start: int, end: int) -> str | None:
    """The speaker of the innermost quotation or reported speech holding the claim."""
    sentence = context.sentence_index.around(start)
    # A quotation may span sentences; look back a few thousand characters, not the whole text.
    reach = min(sentence[0], max(0, start - 3000))
    holders = [q for q in context.of_kind("quote") if reach <= q.start <= start and end <= q.end]
    if holders:
        return min(holders, key=lambda q: q.end - q.start).speaker
    return _sentence_subject(context, start)


def _sentence_subject(context: Context, offset: int) -> str | None:
    """A person or organization opening the sentence ("The Boroumand Center has collected ...")."""
    sentence_start = context.sentence_index.around(offset)[0]
    head = _OPENING.match(context.text, sentence_start)
    opening = head.end() if head else sentence_start
    for mention in context.mentions_between(opening, opening + 1):
        if mention.end < offset and mention.entity_type != "place":
            return mention.text
    return None
