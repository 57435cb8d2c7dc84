"""Quotations and reported speech, each with its speaker as the text names them."""

from __future__ import annotations

import re

from khavaran.extract.context import Context
from khavaran.extract.extractors import speakers
from khavaran.extract.proposals import Proposal

NAME = "quotes"

_DIRECT = re.compile(r"“([^”]{1,3000})”|«([^»]{1,3000})»|\"([^\"\n]{1,3000})\"")
_VERBS_EN = (
    r"said|says|told|tells|wrote|writes|added|asked|noted|advised|argued|warned|stated|"
    r"reported|estimated|estimates|claimed|claims|insisted|announced|predicted|documented|"
    r"concluded|confirmed|alleged|called (?:it|them|this)|describ(?:ed|ing) (?:it|them) as"
)
_VERBS_FA = r"گفت|گفته است|پرسید|نوشت|افزود|اعلام کرد|می‌گوید|می‌گویند|گفته‌اند"
_VERB_BEFORE = re.compile(rf"\b(?:{_VERBS_EN})\b|(?<![\w\u200c])(?:{_VERBS_FA})(?![\w\u200c])")
_AFTER_QUOTE = re.compile(
    rf"^\s*,?\s*(?:(?:{_VERBS_EN})\s+(?P<a>[^,.;]{{1,60}})|(?P<b>[^,.;“”\"]{{1,60}}?)\s+(?:{_VERBS_EN}))\b"
)
_REPORTED_EN = re.compile(rf"\b(?:{_VERBS_EN})\b(?P<gap>(?:\s+[\w’'-]+){{0,6}}?)\s+that\s+")
_SAID_BARE = re.compile(
    r"\b(?:said|says)\s+(?=(?:the|a|an|he|she|they|it|his|her|their|some|at|more|about|only)\b)"
)
_ACCORDING_START = re.compile(
    r"^(?:According to|به (?:گفته|گزارش|نوشته))\s+(?P<who>[^,،]{1,120})[,،]\s*"
)
_ACCORDING_MID = re.compile(r",\s+according to\s+(?P<who>[^,]{1,120})")
_REPORTED_END = re.compile(
    r",\s+(?P<who>[A-Z][\w\s’'-]{0,60}?)\s+(?:reported|said|wrote|says)(?:\s+on\s+\w+)?[.!]?$"
)
_REPORTED_FA = re.compile(rf"(?<![\w\u200c])(?:{_VERBS_FA})\s+(?:که\s+)?(?=\S)")
_QUOTE_MARKS = re.compile('[“”«»"]')
# "TEHRAN — " opens a news report; it is not part of what the agency reported.
_DATELINE = re.compile(r"^[A-Z]{3,}(?: [A-Z]{3,})* [—–-]+ ")


def extract(context: Context) -> list[Proposal]:
    """Direct quotes and reported speech, with speakers (None when the text names no one)."""
    direct = list(_direct_quotes(context))
    spans = [(p.start, p.end) for p in direct]
    reported = [
        p for p in _reported_speech(context) if not any(s < p.end and p.start < e for s, e in spans)
    ]
    return direct + reported


def _direct_quotes(context: Context) -> list[Proposal]:
    found: list[Proposal] = []
    for match in _DIRECT.finditer(context.text):
        group = next(i for i in (1, 2, 3) if match.group(i) is not None)
        start, end = _stripped(context.text, match.start(group), match.end(group), trailing="")
        if end > start:
            speaker = _speaker_of_quote(context, match.start(), match.end())
            found.append(
                context.proposal("quote", start, end, NAME, speaker=speaker, confidence=0.85)
            )
    return found


def _speaker_of_quote(context: Context, start: int, end: int) -> str | None:
    sentence_end = context.sentence_index.around(max(end - 1, 0))[1]
    after = _AFTER_QUOTE.match(context.text[end : max(sentence_end, end)])
    # "“…,” Mesdaghi said": only a quote closed by punctuation is followed by its speaker.
    closes_clause = context.text[end - 2 : end - 1] in {",", ".", "?", "!", "،", "؟"}
    if after and (closes_clause or context.text[end : end + 1] == ","):
        who = "a" if after.group("a") else "b"
        return speakers.speaker_in(context, end + after.start(who), end + after.end(who))
    sentence_start = context.sentence_index.around(start)[0]
    verbs = list(_VERB_BEFORE.finditer(context.text, sentence_start, start))
    if verbs:
        return speakers.speaker_before(context, sentence_start, verbs[-1].start())
    return None


def _reported_speech(context: Context) -> list[Proposal]:
    found: list[Proposal] = []
    for sentence in context.sentence_index.spans:
        for start, end, speaker in _reported_in(context, sentence):
            start, end = _stripped(context.text, start, end)
            if end - start > 3 and not _QUOTE_MARKS.search(context.text, start, end):
                found.append(
                    context.proposal("quote", start, end, NAME, speaker=speaker, confidence=0.6)
                )
    return found


def _reported_in(context: Context, sentence: tuple[int, int]) -> list[tuple[int, int, str | None]]:
    """Reported clauses of a sentence; an "according to" may sit inside a "he said that"."""
    s, e = sentence
    if dateline := _DATELINE.match(context.text[s:e]):
        s += dateline.end()
    text = context.text[s:e]
    end = e - len(text) + len(text.rstrip(".!?؟ "))
    if match := _ACCORDING_START.match(text):
        return [(s + match.end(), end, _named(context, s, match))]
    found: list[tuple[int, int, str | None]] = []
    for pattern in (_REPORTED_EN, _SAID_BARE, _REPORTED_FA):
        if verb := pattern.search(text):
            found.append(
                (s + verb.end(), end, speakers.speaker_before(context, s, s + verb.start()))
            )
            break
    if match := _ACCORDING_MID.search(text):
        clause_start = found[0][0] if found and found[0][0] < s + match.start() else s
        found.append((clause_start, s + match.start(), _named(context, s, match)))
    elif not found and (match := _REPORTED_END.search(text)):
        found.append((s, s + match.start(), _named(context, s, match)))
    return found


def _named(context: Context, offset: int, match: re.Match[str]) -> str | None:
    return speakers.speaker_in(context, offset + match.start("who"), offset + match.end("who"))


def _stripped(text: str, start: int, end: int, trailing: str = ".؛") -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    return start, end
