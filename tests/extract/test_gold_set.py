"""The gold set is what the benchmark says it is: enough texts, spans that hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "extraction_gold"
DOCS = [json.loads(p.read_text("utf-8")) for p in sorted(GOLD.glob("[a-z][a-z]-*.json"))]


def test_there_are_twenty_texts_six_of_them_persian_in_three_styles() -> None:
    assert len(DOCS) >= 20
    assert sum(d["language"] == "fa" for d in DOCS) >= 6
    assert {d["style"] for d in DOCS} == {"news", "ngo", "testimony"}


@pytest.mark.parametrize("doc", DOCS, ids=[d["id"] for d in DOCS])
def test_every_annotation_span_holds_its_text(doc: dict[str, Any]) -> None:
    for key in ("mentions", "quotes", "claims", "dates"):
        for item in doc[key]:
            assert doc["text"][item["start"] : item["end"]] == item["text"], (key, item)
