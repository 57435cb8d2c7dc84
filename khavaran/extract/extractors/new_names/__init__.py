"""New names: people, organizations and places the database does not know yet.

Patterns first (titles, roles, capitalized runs, Persian honorifics and first names, a small
list of places); when ``KHAVARAN_NER_MODEL`` names an installed spaCy pipeline, its entities too.
Short forms of every person and place found (known or new) are then mentions as well.
"""

from __future__ import annotations

from khavaran.extract.context import Context
from khavaran.extract.extractors.new_names import english, ner, persian
from khavaran.extract.extractors.new_names.lexicon import NEWS_ORGANIZATIONS, PLACES
from khavaran.extract.extractors.new_names.short_forms import find_short_forms
from khavaran.extract.gazetteer import Gazetteer
from khavaran.extract.proposals import EntityType, Proposal
from khavaran.extract.segments import Occupancy
from khavaran.text.arabic_script import has_arabic_script

NAME = "new_names"
_WORD_LISTS = Gazetteer.build(
    [*(("place", name, name) for name in PLACES),
     *(("organization", name, name) for name in NEWS_ORGANIZATIONS)]
)  # fmt: skip


def extract(context: Context) -> list[Proposal]:
    """Mentions of names found by patterns (and a NER model when configured)."""
    known = Occupancy(len(context.text))
    for mention in context.of_kind("mention"):
        known.take(mention.start, mention.end)
    found: list[Proposal] = []
    for span in _pattern_names(context):
        if known.is_free(span.start, span.end) or not _inside_one(context, span):
            found.append(
                context.proposal("mention", span.start, span.end, NAME,
                                 entity_type=span.entity_type, confidence=span.confidence)
            )  # fmt: skip
    found.extend(ner.entities(context, NAME))
    found = _without_overlaps(found, len(context.text))
    return found + _short_forms(context, [*context.of_kind("mention"), *found])


def _pattern_names(context: Context) -> list[english.NameSpan]:
    names = english.find_names(context.text)
    if has_arabic_script(context.text):
        names.extend(persian.find_names(context.text))
    for match in _WORD_LISTS.find_in(context.folded):
        kind: EntityType = "place" if match.entities[0].entity_type == "place" else "organization"
        names.append(english.NameSpan(match.start, match.end, kind, 0.7))
    return names


def _inside_one(context: Context, span: english.NameSpan) -> bool:
    """Whether a pattern name lies within one known mention (then the known name stands)."""
    return any(
        m.start <= span.start and span.end <= m.end
        for m in context.mentions_between(span.start, span.end)
    )


def _without_overlaps(found: list[Proposal], length: int) -> list[Proposal]:
    taken = Occupancy(length)
    kept: list[Proposal] = []
    for proposal in sorted(found, key=lambda p: (-(p.end - p.start), -p.confidence)):
        if taken.is_free(proposal.start, proposal.end):
            taken.take(proposal.start, proposal.end)
            kept.append(proposal)
    return kept


def _short_forms(context: Context, mentions: list[Proposal]) -> list[Proposal]:
    return [
        context.proposal("mention", start, end, NAME, entity_type=full.entity_type,
                         entity_id=full.entity_id, confidence=0.7)
        for start, end, full in find_short_forms(context.text, mentions)
    ]  # fmt: skip
