"""The Proposal: one thing an extractor found, with its exact span in the source text."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any, Literal

Kind = Literal["mention", "quote", "claim", "date", "relation", "defect"]
KINDS: tuple[Kind, ...] = ("mention", "quote", "claim", "date", "relation", "defect")
EntityType = Literal["person", "organization", "place"]

# Fields that say what was proposed (not how sure the extractor was): they make the fingerprint.
_KEY_FIELDS = (
    "kind", "start", "end", "text", "entity_type", "entity_id", "speaker", "attributed_to",
    "value", "normalized_date", "relation", "subject", "object",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed mention, quote, claim, date, relation or defect.

    Invariant: ``text == source_text[start:end]``.

    Attributes:
        kind: mention, quote, claim, date, relation or defect.
        start, end: character offsets into the source's extracted text.
        text: the spanned text, verbatim.
        entity_type: person, organization or place (mentions only).
        entity_id: id of the known entity a mention refers to, None for a new or ambiguous name.
        speaker: who says a quote, as named in the text; None when the text gives no one.
        attributed_to: who a claim is attributed to, as named in the text; None when unattributed.
        value: a claim's figure ("30000", "4000-5000", "thousands"); a defect's reason.
        normalized_date: ISO date or "earliest/latest" interval, when the date parser is present.
        relation: the relation's verb ("ordered", "placed under house arrest", ...).
        subject, object: a relation's ends, as named in the text.
        context_start, context_end: the clause a date or relation belongs to (offsets).
        extractor: name of the extractor in the registry.
        confidence: the extractor's confidence, 0..1 (not part of the fingerprint).
    """

    kind: Kind
    start: int
    end: int
    text: str
    extractor: str
    entity_type: EntityType | None = None
    entity_id: str | None = None
    speaker: str | None = None
    attributed_to: str | None = None
    value: str | None = None
    normalized_date: str | None = None
    relation: str | None = None
    subject: str | None = None
    object: str | None = None
    context_start: int | None = None
    context_end: int | None = None
    confidence: float = 0.5

    def fingerprint(self) -> str:
        """Stable hash of what is proposed, so a rejected proposal is not proposed again."""
        key = {name: getattr(self, name) for name in _KEY_FIELDS}
        payload = json.dumps(key, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        """All fields plus the fingerprint, JSON-ready."""
        return asdict(self) | {"fingerprint": self.fingerprint()}

    def to_json(self) -> str:
        """One JSON object on one line (the ``--json`` output format)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)
