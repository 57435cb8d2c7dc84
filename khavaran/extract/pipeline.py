"""Run every registered extractor over a text and return its proposals, deduplicated and sorted."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from khavaran.extract.context import Context, ExistingClaim
from khavaran.extract.gazetteer import Gazetteer
from khavaran.extract.proposals import Proposal
from khavaran.extract.registry import EXTRACTORS
from khavaran.extract.segments import Occupancy

__all__ = ["ExistingClaim", "extract"]


def extract(
    text: str,
    gazetteer: Gazetteer | None = None,
    *,
    existing_claims: Sequence[ExistingClaim] = (),
    only: Collection[str] | None = None,
    rejected: Collection[str] = (),
) -> list[Proposal]:
    """Proposals for a source's extracted text.

    Args:
        text: the source's extracted text; every proposal's offsets point into it.
        gazetteer: known names (None: only new names are found).
        existing_claims: Claims already recorded, for the contradiction defect.
        only: names of the extractors to run (default: all, in registry order).
        rejected: fingerprints of proposals a reviewer rejected; they are not proposed again.

    Returns:
        Proposals sorted by start, end and kind, one per kind and span.

    Example:
        >>> [p.kind for p in extract("In 2016, he was sent to prison.", only={"dates"})]
        ['date']
    """
    context = Context(text, gazetteer, existing_claims)
    for name, extractor in EXTRACTORS.items():
        if only is None or name in only:
            context.found = _deduplicated([*context.found, *extractor(context)])
    return [p for p in context.found if p.fingerprint() not in rejected]


def _deduplicated(proposals: list[Proposal]) -> list[Proposal]:
    """One proposal per kind and span (the most confident); mentions never overlap."""
    best: dict[tuple[str, int, int], Proposal] = {}
    for proposal in proposals:
        key = (proposal.kind, proposal.start, proposal.end)
        if key not in best or proposal.confidence > best[key].confidence:
            best[key] = proposal
    length = max((p.end for p in proposals), default=0)
    kept = _mentions_without_overlap([p for p in best.values() if p.kind == "mention"], length)
    others = [p for p in best.values() if p.kind != "mention"]
    return sorted([*kept, *others], key=lambda p: (p.start, p.end, p.kind))


def _mentions_without_overlap(mentions: list[Proposal], length: int) -> list[Proposal]:
    # Longest first: "Justice for Iran" wins over "Iran"; a known name wins a tie.
    order = sorted(mentions, key=lambda p: (-(p.end - p.start), p.entity_id is None, -p.confidence))
    taken = Occupancy(length)
    kept: list[Proposal] = []
    for mention in order:
        if taken.is_free(mention.start, mention.end):
            taken.take(mention.start, mention.end)
            kept.append(mention)
    return kept
