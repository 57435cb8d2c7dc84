"""`verify` reads rows with long texts a bounded amount at a time: an archive's books are never
held together, while its many small rows still come many to a query."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from khavaran.audit import replay
from khavaran.audit.replay import drift, long_columns, rows_by_size, sized_groups
from khavaran.evidence.integrity import EVIDENCE
from khavaran.evidence.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db

SOURCES = next(a for a in EVIDENCE if a.model == "evidence.Source")


def _sources(tmp_path: Path, texts: list[str]) -> list[int]:
    return [make_source(tmp_path, text, name=f"s{i}.txt").pk for i, text in enumerate(texts)]


def texts_held() -> int:
    """How many sources with their text read are alive in this process now."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Source) and "text" in o.__dict__)


def test_long_columns_are_a_models_text_columns() -> None:
    assert set(long_columns(Source)) == {"text", "origin"}


def test_rows_are_grouped_by_the_bytes_of_their_texts(data_dir: Path, tmp_path: Path) -> None:
    # Sizes in UTF-8 bytes: a Persian letter is two.
    pks = _sources(tmp_path, ["a" * 30, "ب" * 15, "c" * 30, "d" * 30, "e" * 500, "f" * 10])
    groups = sized_groups(Source.objects.order_by("pk"), ("text",), rows=10, text_bytes=100)
    got = [[row.pk for row in group] for group in groups]
    assert got == [pks[:3], [pks[3]], [pks[4]], [pks[5]]]


def test_a_group_holds_at_most_the_rows_asked_for(data_dir: Path, tmp_path: Path) -> None:
    pks = _sources(tmp_path, [f"text {i}" for i in range(5)])
    groups = sized_groups(Source.objects.order_by("pk"), ("text",), rows=2, text_bytes=10**6)
    assert [[row.pk for row in group] for group in groups] == [pks[:2], pks[2:4], pks[4:]]


def test_rows_come_in_order_whole_their_texts_read_once_a_group(
    data_dir: Path, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    texts = ["Witness A saw the commission.", "شاهد کمیسیون را دید.", "A third one."]
    _sources(tmp_path, texts)
    sources = Source.objects.order_by("pk")
    titles = [source.title for source in sources.all()]
    # One query for the rows without their texts, one for the texts of the group.
    with django_assert_num_queries(2):
        rows = rows_by_size(sources, ("text",), rows=10, text_bytes=10**6)
        assert [(row.text, row.title) for row in rows] == list(zip(texts, titles, strict=True))


def test_a_rows_text_is_let_go_when_the_next_is_asked_for(data_dir: Path, tmp_path: Path) -> None:
    # Held elsewhere too (a prefetched passage points back at its source), it is still let go.
    _sources(tmp_path, ["Witness A saw it.", "Witness B saw it."])
    kept = []
    for row in rows_by_size(Source.objects.order_by("pk"), ("text",)):
        assert row.__dict__["text"].startswith("Witness")
        assert all("text" not in earlier.__dict__ for earlier in kept)
        kept.append(row)
    assert all("text" not in row.__dict__ for row in kept)


def test_a_source_longer_than_the_budget_is_read_alone(
    data_dir: Path, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    _sources(tmp_path, ["x" * 200, "y" * 200, "z" * 200])
    sources = Source.objects.order_by("pk")
    with django_assert_num_queries(4):
        rows = list(rows_by_size(sources, ("text",), rows=10, text_bytes=100))
    assert [row.text[0] for row in rows] == ["x", "y", "z"]


def test_the_log_is_compared_with_one_long_source_read_and_held_at_a_time(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries: Any,
) -> None:
    _sources(tmp_path, ["Witness A " * 20, "Witness B " * 20, "Witness C " * 20])
    monkeypatch.setattr(replay, "TEXT_BYTES", 100)
    held: list[int] = []

    def snapshot(source: Source) -> dict[str, Any]:
        held.append(texts_held())
        return SOURCES.fields(source)

    # The log's states, the rows without their texts, then each text by itself.
    with django_assert_num_queries(1 + 1 + 3):
        assert list(drift(replay.Audited(SOURCES.model, snapshot))) == []
    assert held == [1, 1, 1]


def test_many_small_sources_are_read_in_two_queries(
    data_dir: Path, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    _sources(tmp_path, [f"Witness {i} saw the commission." for i in range(20)])
    with django_assert_num_queries(1 + 2):
        assert list(drift(SOURCES)) == []


def test_a_long_source_changed_behind_the_log_is_still_caught(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pks = _sources(tmp_path, ["Witness A " * 20, "Witness B " * 20, "Witness C " * 20])
    Source.objects.filter(pk=pks[1]).update(text="Witness X " * 20)
    monkeypatch.setattr(replay, "TEXT_BYTES", 100)
    assert [(d.object_id, d.message) for d in drift(SOURCES)] == [
        (
            str(pks[1]),
            "changed outside Khavaran: text_sha256 differs from what the audit log last recorded",
        )
    ]


def test_a_query_naming_only_the_text_reads_it_by_group_too(data_dir: Path, tmp_path: Path) -> None:
    _sources(tmp_path, ["Witness A saw it.", "Witness B saw it."])
    (group,) = sized_groups(Source.objects.only("text").order_by("pk"), ("text",))
    assert all("text" in row.get_deferred_fields() for row in group)
