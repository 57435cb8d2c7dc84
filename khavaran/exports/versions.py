"""Every version of the fact an element link rests on, as the reader may see them.

    found = versions_of(reader, link.claim)        # the link's claim among them
    contested(found)                               # True when sources give different versions

A link may rest on a claim ("30,000 were killed") that other sources state otherwise ("about
4,000", "over 300"). A case file that showed only the version the case relies on would hide
the evidence against it: the competing versions go beside it, each with its own source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from khavaran.evidence.models import Excerpt
from khavaran.records.access import claims_visible_to, visible_excerpts_prefetch
from khavaran.records.models import Claim, ElementLink

Cite = Callable[[Iterable[Excerpt]], list[dict[str, Any]]]

# Assessments that put a version in doubt even where every version gives the same value.
DOUBTED = ("contested", "refuted")


def versions_of(reader: Any, claim: Claim) -> list[Claim]:
    """The versions of `claim`'s question that `reader` may see (the claim itself among them),
    smallest figure first (a range by its lower end), versions in words after them, each
    with only its visible excerpts prefetched."""
    found = (
        claims_visible_to(reader)
        .filter(question=claim.question)
        .prefetch_related(visible_excerpts_prefetch(reader))
        .order_by("pk")
    )
    return sorted(found, key=_figure_order)


def _figure_order(claim: Claim) -> tuple[bool, float, int]:
    bounds = (claim.value_number, claim.value_min, claim.value_max)
    lowest = next((b for b in bounds if b is not None), None)
    return (lowest is None, lowest if lowest is not None else 0.0, claim.pk)


def _said(claim: Claim) -> tuple[Any, ...]:
    return (
        claim.value_number,
        claim.value_min,
        claim.value_max,
        " ".join(claim.value_text.split()).casefold(),
        " ".join(claim.qualifier.split()).casefold(),
    )


def contested(versions: list[Claim]) -> bool:
    """Whether the sources disagree: two versions say different things (a value or its
    qualifier: "over 300" is not "about 300"), or a reviewer assessed one contested or
    refuted. Versions that say the same thing corroborate each other."""
    return len({_said(c) for c in versions}) > 1 or any(c.assessment in DOUBTED for c in versions)


def fact_of(link: ElementLink, reader: Any, cite: Cite, held: list[Any]) -> dict[str, Any] | None:
    """The claim a link rests on with every version of it the reader may see, each with its
    own citations (`cite` numbers them in the case file's bibliography), the one the link
    relies on marked; None for a link resting on no claim or on a withdrawn one (it proves
    nothing, and the case file says so). The versions are added to `held`: the file's
    marking counts their levels."""
    claim = link.claim
    if claim is None or claim.is_deleted:
        return None
    found = versions_of(reader, claim)
    held += found
    return {
        "question": claim.question,
        "contested": contested(found),
        "versions": [
            {
                "claim": c.pk,
                "relied_on": c.pk == claim.pk,
                "value": c.value_display,
                "qualifier": c.qualifier,
                "attributed_to": c.attributed_to,
                "assessment": c.assessment,
                "citations": cite(c.excerpts.all()),
            }
            for c in found
        ],
    }
