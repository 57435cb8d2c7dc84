"""Known entities: every known name of every Person, Organization and Place found in the text."""

from __future__ import annotations

from typing import cast

from khavaran.extract.context import Context
from khavaran.extract.gazetteer import NameMatch
from khavaran.extract.proposals import EntityType, Proposal

NAME = "known_entities"


def extract(context: Context) -> list[Proposal]:
    """A mention per known name in the text; ambiguous names carry no entity id."""
    if context.gazetteer is None:
        return []
    return [_mention(context, match) for match in context.gazetteer.find_in(context.folded)]


def _mention(context: Context, match: NameMatch) -> Proposal:
    types = {known.entity_type for known in match.entities}
    ids = {known.entity_id for known in match.entities}
    entity_type = cast(EntityType, sorted(types)[0])
    # A name two entities share is still a mention, but the reviewer picks who it is.
    entity_id = next(iter(ids)) if len(ids) == 1 else None
    confidence = 0.95 if entity_id else 0.6
    return context.proposal(
        "mention", match.start, match.end, NAME,
        entity_type=entity_type, entity_id=entity_id, confidence=confidence,
    )  # fmt: skip
