"""Named entities from a spaCy pipeline, only when one is installed and configured.

``KHAVARAN_NER_MODEL`` names an installed pipeline (a package name or a path). Nothing is ever
downloaded: without spaCy or the model, this returns no proposals and the patterns still work,
and `model_problem` says why, so that the commands that extract can tell whoever configured it.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from khavaran.extract.context import Context
from khavaran.extract.proposals import EntityType, Proposal

_LABELS: dict[str, EntityType] = {
    "PERSON": "person", "PER": "person", "ORG": "organization",
    "GPE": "place", "LOC": "place", "FAC": "place",
}  # fmt: skip


SETTING = "KHAVARAN_NER_MODEL"
_log = logging.getLogger(__name__)


def configured_model() -> str:
    return os.environ.get(SETTING, "").strip()


def model_problem() -> str | None:
    """Why the configured pipeline cannot be used, None when none is configured or it can be.

    Cheap: looks for spaCy and the pipeline without loading either.
    """
    model = configured_model()
    if not model:
        return None
    if importlib.util.find_spec("spacy") is None:
        return f"{SETTING} is {model!r}, but spaCy is not installed"
    if Path(model).expanduser().is_dir():
        return None
    try:
        found = importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        found = False
    return (
        None if found else f"{SETTING} is {model!r}: no installed pipeline or folder of that name"
    )


@lru_cache(maxsize=1)
def _pipeline(model: str) -> Any:
    try:
        spacy = importlib.import_module("spacy")
        return spacy.load(model)
    except (ImportError, OSError) as error:
        # Once per process (cached): the patterns still run, and the log says why NER did not.
        _log.warning("%s %r could not be loaded (%s); names come from the patterns only",
                     SETTING, model, error)  # fmt: skip
        return None


def entities(context: Context, extractor: str) -> list[Proposal]:
    """Persons, organizations and places the configured pipeline finds (none without one)."""
    model = configured_model()
    nlp = _pipeline(model) if model else None
    if nlp is None:
        return []
    return [
        context.proposal("mention", ent.start_char, ent.end_char, extractor,
                         entity_type=_LABELS[ent.label_], confidence=0.6)
        for ent in nlp(context.text).ents
        if ent.label_ in _LABELS
    ]  # fmt: skip
