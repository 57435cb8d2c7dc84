"""Small factories: plain functions that build what a test needs through the real actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from khavaran.evidence.actions import add_excerpt, cite_quote
from khavaran.evidence.models import Excerpt, Source
from khavaran.ingest.pipeline import IngestOptions, ingest_file
from khavaran.records import actions
from khavaran.records.models import Claim, Person

ACTOR = "tester"


def make_source(
    tmp_path: Path,
    text: str = "The commission ordered executions in 1988.",
    *,
    name: str = "source.txt",
    confidentiality: str = "public",
    encoding: str = "utf-8",
) -> Source:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    outcome = ingest_file(path, IngestOptions(actor=ACTOR, confidentiality=confidentiality))
    assert outcome.source_id is not None, outcome.reason
    return Source.objects.get(pk=outcome.source_id)


def make_excerpt(source: Source, quote: str | None = None) -> Excerpt:
    if quote is None:
        return add_excerpt(source, start=0, end=min(20, len(source.text)), actor=ACTOR)
    return cite_quote(source, quote, actor=ACTOR)


def make_person(excerpt: Excerpt, name: str = "Ebrahim Raisi", **overrides: Any) -> Person:
    spec = actions.NameSpec(text=name, script=overrides.pop("script", "latin"), excerpts=[excerpt])
    return actions.create_person([spec], actor=ACTOR, **overrides)


def make_claim(excerpt: Excerpt, **overrides: Any) -> Claim:
    fields: dict[str, Any] = {
        "question": "number-killed:massacre-1988",
        "predicate": "victim_count",
        "value_number": 30000,
        "excerpts": [excerpt],
    }
    fields.update(overrides)
    return actions.record_claim(actions.ClaimSpec(**fields), actor=ACTOR)
