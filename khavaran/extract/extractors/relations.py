"""Relations the text states between entities: ordered, condemned, placed under house arrest, ..."""

from __future__ import annotations

import re

from khavaran.extract.context import Context
from khavaran.extract.extractors import speakers
from khavaran.extract.proposals import Proposal

NAME = "relations"

# Verb phrase -> relation; passive ones take the sentence's subject, active ones the nearest actor.
_PASSIVE = {
    r"(?:was|were|been) stripped of (?:his|her|their) (?:position|post|title)s?": (
        "stripped of position"
    ),
    r"(?:(?:was|were|been)\s+)?placed under house arrest": "placed under house arrest",
    r"(?:was|were|been) sent to prison|(?:was|were) sentenced\b[^.]{0,40}?\bin prison": (
        "sent to prison"
    ),
    r"(?:was|were) dismissed": "dismissed",
}
_ACTIVE = {
    r"\bordered\b|\bon the orders of\b": "ordered",
    r"\bcondemned\b": "condemned",
    r"\bposted\b|\bpublished\b": "posted",
}
_SUBJECT_PRONOUN = re.compile(r"^(?:He|She|They)\b")


def extract(context: Context) -> list[Proposal]:
    """A relation per relation verb, between the entities the sentence names."""
    found: list[Proposal] = []
    for start, end in context.sentence_index.spans:
        for pattern, relation in {**_PASSIVE, **_ACTIVE}.items():
            for match in re.finditer(pattern, context.text[start:end]):
                found.append(
                    _relation(
                        context, (start, end), start + match.start(), start + match.end(), relation
                    )
                )
    return found


def _relation(
    context: Context, sentence: tuple[int, int], start: int, end: int, relation: str
) -> Proposal:
    text = context.text
    if relation == "ordered" and text[start:end].startswith("on the orders"):
        subject = speakers.speaker_in(context, end, min(end + 80, sentence[1]))
        obj = _first_actor(context, sentence[0], start)
    elif relation in _PASSIVE.values():
        subject, obj = _sentence_subject(context, sentence), None
    else:
        subject = speakers.speaker_before(context, sentence[0], start)
        obj = _first_actor(context, end, sentence[1])
    return context.proposal("relation", start, end, NAME, relation=relation, subject=subject,
                            object=obj, context_start=sentence[0], context_end=sentence[1],
                            confidence=0.5)  # fmt: skip


def _sentence_subject(context: Context, sentence: tuple[int, int]) -> str | None:
    if _SUBJECT_PRONOUN.match(context.text[sentence[0] : sentence[1]]):
        return speakers.resolve(context, sentence[0], "person")
    return _first_actor(context, sentence[0], sentence[1], person_only=True)


def _first_actor(context: Context, start: int, end: int, person_only: bool = False) -> str | None:
    wanted = ("person",) if person_only else ("person", "organization")
    for mention in context.mentions_between(start, end):
        if mention.end <= end and mention.entity_type in wanted:
            return speakers.full_name(context, mention)
    return None
