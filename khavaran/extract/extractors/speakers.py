"""Who says something: the nearest fitting named person or organization, pronouns resolved."""

from __future__ import annotations

import re

from khavaran.extract.context import Context
from khavaran.extract.proposals import Proposal

_PERSON_PRONOUN = re.compile(
    r"\b(?:he|she|He|She)\b|(?<![\w\u200c])(?<!به )(?<!از )(?<!با )(?:او|وی)(?![\w\u200c])"
)
_GROUP_PRONOUN = re.compile(
    r"\b(?:[Tt]he (?:group|organi[sz]ation|report|statement|centre|center|rapporteur)|[Ii]ts)\b"
    r"|(?:این|آن) (?:سازمان|گزارش|مرکز|نهاد)"
)
# A group named by a noun after an organization ("UN human rights experts").
_GROUP_TAIL = re.compile(
    r"^(?:\s+[a-z]+){0,3}?\s+(?:experts|officials|investigators|rapporteurs|members|lawyers)\b"
)
_PRONOUN_REACH = 1500
_NAME_REACH = 20_000
_SHORT_SUBJECT = re.compile(r"^[\w\u200c'’-]+(?: [\w\u200c'’-]+)?$")


def speaker_before(context: Context, sentence_start: int, verb_start: int) -> str | None:
    """The speaker of a verb: the nearest person, pronoun or organization before it."""
    actors = [
        m
        for m in context.mentions_between(sentence_start, verb_start)
        if m.entity_type in ("person", "organization")
    ]
    region = context.text[sentence_start:verb_start]
    pronouns = [(sentence_start + m.start(), m) for m in _PERSON_PRONOUN.finditer(region)]
    groups = [(sentence_start + m.start(), m) for m in _GROUP_PRONOUN.finditer(region)]
    persons = [
        m
        for m in actors
        if sentence_start <= m.start and m.end <= verb_start and m.entity_type == "person"
    ]
    organizations = [m for m in actors if sentence_start <= m.start and m.end <= verb_start]
    if pronouns and (not persons or pronouns[-1][0] > persons[-1].start):
        return resolve(context, pronouns[-1][0], "person")
    if persons:
        return full_name(context, persons[-1])
    if groups and (not organizations or groups[-1][0] > organizations[-1].start):
        return resolve(context, groups[-1][0], "organization")
    if organizations:
        return _with_group_tail(context, organizations[-1])
    subject = region.strip(" ,،")
    return subject if _SHORT_SUBJECT.match(subject) and not subject.islower() else None


def speaker_in(context: Context, start: int, end: int) -> str | None:
    """The speaker named in a span (after "according to", after a quote), pronouns resolved."""
    region = context.text[start:end]
    if _PERSON_PRONOUN.match(region.strip()):
        return resolve(context, start, "person")
    if _GROUP_PRONOUN.search(region):
        return resolve(context, start, "organization")
    for mention in context.mentions_between(start, end):
        if mention.entity_type in ("person", "organization"):
            return (
                full_name(context, mention)
                if mention.entity_type == "person"
                else _with_group_tail(context, mention)
            )
    return None


def resolve(context: Context, offset: int, entity_type: str) -> str | None:
    """The nearest mention of a type before an offset (what "he" or "the group" points to)."""
    # A pronoun points back a few sentences at most.
    window = context.mentions_between(max(0, offset - _PRONOUN_REACH), offset)
    before = [m for m in window if m.end <= offset and m.entity_type == entity_type]
    return full_name(context, before[-1]) if before else None


def full_name(context: Context, mention: Proposal) -> str:
    """The longest form of a person's name the text uses ("Majid Rafizadeh" for "Rafizadeh")."""
    forms = [
        m.text for m in context.mentions_between(max(0, mention.start - _NAME_REACH), mention.end)
        if m.entity_type == mention.entity_type
        and (_same_id(m, mention) or m.text.endswith(mention.text))
    ]  # fmt: skip
    return max(forms, key=len, default=mention.text)


def _same_id(a: Proposal, b: Proposal) -> bool:
    return a.entity_id is not None and a.entity_id == b.entity_id


def _with_group_tail(context: Context, mention: Proposal) -> str:
    tail = _GROUP_TAIL.match(context.text[mention.end : mention.end + 60])
    return context.text[mention.start : mention.end + tail.end()] if tail else mention.text
