"""`verify` compares a long text's search document with what indexing would write without
holding the archive's books together: a text over the batch budget is read alone, folded a
piece at a time and compared by digest, and it finds every change the batch comparison finds."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from khavaran.evidence.models import Source
from khavaran.records import integrity
from khavaran.records.integrity import index_drift
from khavaran.search.models import SearchDocument
from tests.factories import make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

TEXTS = [
    "Witness A saw the commission at Evin prison in 1988. " * 5,
    "شاهد ب: هیئت مرگ در گوهردشت، مرداد ۱۳۶۷. علي‌اكبر " * 5,
    "Witness C named the prosecutor. " * 5,
]


@pytest.fixture
def archive(data_dir: Path, tmp_path: Path) -> dict[str, int]:
    sources = [make_source(tmp_path, text, name=f"s{i}.txt") for i, text in enumerate(TEXTS)]
    excerpt = make_excerpt(sources[1], "هیئت مرگ در گوهردشت")
    make_person(excerpt, "علی‌اکبر", script="persian")
    make_claim(excerpt)
    return {"source": sources[1].pk, "excerpt": excerpt.pk}


def _documents(kind: str, ref_id: int) -> Any:
    return SearchDocument.objects.filter(kind=kind, ref_id=ref_id)


TAMPERING: dict[str, Callable[[dict[str, int]], object]] = {
    "nothing": lambda ids: None,
    "words added": lambda ids: _documents("source", ids["source"]).update(
        body="fabricated words", original_body="Fabricated words"
    ),
    "folded text only": lambda ids: _documents("source", ids["source"]).update(body="x"),
    "original text only": lambda ids: _documents("source", ids["source"]).update(original_body="x"),
    "made public": lambda ids: _documents("source", ids["source"]).update(
        confidentiality="confidential"
    ),
    "retitled": lambda ids: _documents("source", ids["source"]).update(
        title="x", original_title="X"
    ),
    "passage rewritten": lambda ids: _documents("excerpt", ids["excerpt"]).update(body="x"),
    "dropped": lambda ids: _documents("source", ids["source"]).delete(),
    # A document indexed before originals were kept has none to compare.
    "no original kept": lambda ids: _documents("source", ids["source"]).update(original_body=None),
    "stray document": lambda ids: SearchDocument.objects.create(
        kind="source", ref_id=10**6, body="x", confidentiality="public"
    ),
}


def _found() -> list[str]:
    return [f"{d.object_id}: {d.message}" for d in index_drift()]


@pytest.mark.parametrize("tampering", TAMPERING)
def test_a_long_text_is_compared_as_a_short_one_is(
    archive: dict[str, int], tampering: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    TAMPERING[tampering](archive)
    in_batches = _found()
    monkeypatch.setattr(integrity, "TEXT_BYTES", 10)
    alone = _found()
    assert alone == in_batches
    assert bool(alone) == (tampering not in {"nothing", "no original kept"})


def test_the_long_comparison_names_each_field_changed(archive: dict[str, int], monkeypatch) -> None:
    monkeypatch.setattr(integrity, "TEXT_BYTES", 10)
    TAMPERING["folded text only"](archive)
    _documents("excerpt", archive["excerpt"]).update(original_body="x", language="en")
    assert _found() == [
        f"source {archive['source']}: changed outside Khavaran: body differs from its record",
        f"excerpt {archive['excerpt']}: changed outside Khavaran: language, original_body "
        "differ from its record",
    ]


def texts_held() -> int:
    """How many sources with their text read are alive in this process now."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Source) and "text" in o.__dict__)


def test_one_long_text_is_held_at_a_time_and_let_go_before_its_document_is_read(
    archive: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(integrity, "TEXT_BYTES", 10)
    building, reading = [], []
    build, read = integrity.source_document, integrity._stored_digest

    def counted_build(source: Source) -> Any:
        building.append(texts_held())
        return build(source)

    def counted_read(document: Any, key: str) -> str | None:
        if document.model is SearchDocument and document.get().kind == "source":
            reading.append(texts_held())
        return read(document, key)

    monkeypatch.setattr(integrity, "source_document", counted_build)
    monkeypatch.setattr(integrity, "_stored_digest", counted_read)
    assert _found() == []
    assert building == [1, 1, 1]
    # The stored body, then the stored original: neither beside the source's text.
    assert reading == [0] * 6


def test_short_texts_are_compared_many_to_a_batch(
    archive: dict[str, int], django_assert_num_queries: Any
) -> None:
    # Per kind: its records (sources and passages: without their texts, then the texts; names
    # and claims: then their citations), its stored documents, the ids every document indexes.
    with django_assert_num_queries(4 * 4):
        assert _found() == []
