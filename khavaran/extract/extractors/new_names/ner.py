"""Named entities from a spaCy pipeline, only when one is installed and configured.

``KHAVARAN_NER_MODEL`` names an installed pipeline (a package name or a path). Nothing is ever
downloaded: without spaCy or the model, this returns no proposals and the patterns still work.
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache
from typing import Any

from khavaran.extract.context import Context
from khavaran.extract.proposals import EntityType, Proposal

_LABELS: dict[str, EntityType] = {
    "PERSON": "person", "PER": "person", "ORG": "organization",
    "GPE": "place", "LOC": "place", "FAC": "place",
}  # fmt: skip


@lru_cache(maxsize=1)
def _pipeline(model: str) -> Any:
    try:
        spacy = importlib.import_module("spacy")
        return spacy.load(model)
    except (ImportError, OSError):
        return None


def entities(context: Context, extractor: str) -> list[Proposal]:
    """Persons, organizations and places the configured pipeline finds (none without one)."""
    model = os.environ.get("KHAVARAN_NER_MODEL", "").strip()
    nlp = _pipeline(model) if model else None
    if nlp is None:
        return []
    return [
        context.proposal("mention", ent.start_char, ent.end_char, extractor,
                         entity_type=_LABELS[ent.label_], confidence=0.6)
        for ent in nlp(context.text).ents
        if ent.label_ in _LABELS
    ]  # fmt: skip
