"""The Proposal: a span, its text, and a fingerprint that remembers rejections."""

from __future__ import annotations

import json

from khavaran.extract import Proposal


def make_quote(**overrides: object) -> Proposal:
    fields: dict[str, object] = {
        "kind": "quote",
        "start": 4,
        "end": 9,
        "text": "hello",
        "extractor": "quotes",
    }
    return Proposal(**(fields | overrides))  # type: ignore[arg-type]


def test_the_fingerprint_is_stable_and_ignores_confidence() -> None:
    assert make_quote().fingerprint() == make_quote(confidence=0.1).fingerprint()


def test_the_fingerprint_changes_with_the_span_or_the_speaker() -> None:
    base = make_quote().fingerprint()
    assert make_quote(start=5, end=10).fingerprint() != base
    assert make_quote(speaker="Montazeri").fingerprint() != base


def test_to_json_prints_one_line_with_every_field_the_cli_needs() -> None:
    line = make_quote(speaker="منتظری").to_json()
    data = json.loads(line)
    assert "\n" not in line
    assert {"kind", "start", "end", "text", "entity_type", "speaker", "attributed_to", "value",
            "normalized_date", "relation", "fingerprint"} <= data.keys()  # fmt: skip
    assert data["speaker"] == "منتظری"
