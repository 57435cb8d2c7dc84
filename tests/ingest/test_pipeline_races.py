"""Two ingests of the same new file at once: one source, its original kept, both in custody.

Each test interleaves the two by hand: the second ingest runs in full while the first is between
storing the file and recording its row, as two processes would when the second is quicker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Source
from khavaran.ingest import pipeline
from khavaran.ingest.pipeline import DUPLICATE, INGESTED, IngestOptions, IngestOutcome, ingest_file

# Autocommit, as two processes have: each row commits (and drops its marker) at once.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report(data_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text("Testimony about the trucks at Evin, August 1988.", encoding="utf-8")
    return path


def while_extracting(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], Any]) -> list[Any]:
    """Run `meanwhile` once, when the first ingest reaches extraction; returns its results."""
    real = pipeline.extract_file  # type: ignore[attr-defined]
    results: list[Any] = []
    started: list[bool] = []

    def extract_file(*args: Any, **kwargs: Any) -> Any:
        if not started:
            started.append(True)
            results.append(meanwhile())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_file", extract_file)
    return results


def ingest(path: Path, actor: str) -> IngestOutcome:
    return ingest_file(path, IngestOptions(actor=actor, confidentiality="restricted"))


def test_the_ingest_that_loses_the_race_keeps_the_original_the_winner_recorded(
    monkeypatch: pytest.MonkeyPatch, report: Path
) -> None:
    quicker = while_extracting(monkeypatch, lambda: ingest(report, "bahar"))
    slower = ingest(report, "arash")
    [winner] = quicker
    assert (winner.status, slower.status) == (INGESTED, DUPLICATE)
    source = Source.objects.get()
    assert slower.source_id == winner.source_id == source.pk
    store = get_store()
    assert store.hash_of(source.sha256) == source.sha256
    assert list(store.pending.iterdir()) == []
    assert [e.actor for e in source.custody.order_by("pk")] == ["bahar", "arash"]


def failing_for(monkeypatch: pytest.MonkeyPatch, actor: str) -> None:
    """Make recording a source fail for `actor`'s ingest only (its database went away)."""
    real = pipeline.add_source  # type: ignore[attr-defined]

    def add_source(*args: Any, **kwargs: Any) -> Source:
        if kwargs["actor"] == actor:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "add_source", add_source)


def test_a_failed_ingest_keeps_the_original_another_ingest_recorded_meanwhile(
    monkeypatch: pytest.MonkeyPatch, report: Path
) -> None:
    failing_for(monkeypatch, "arash")
    quicker = while_extracting(monkeypatch, lambda: ingest(report, "bahar"))
    with pytest.raises(RuntimeError, match="went away"):
        ingest(report, "arash")
    assert [o.status for o in quicker] == [INGESTED]
    source = Source.objects.get()
    assert get_store().hash_of(source.sha256) == source.sha256
    assert list(get_store().pending.iterdir()) == []


def test_a_failed_ingest_leaves_the_original_to_the_ingest_still_recording_it(
    monkeypatch: pytest.MonkeyPatch, report: Path
) -> None:
    failing_for(monkeypatch, "bahar")

    def fails() -> str:
        with pytest.raises(RuntimeError, match="went away"):
            ingest(report, "bahar")
        return "failed"

    meanwhile = while_extracting(monkeypatch, fails)
    assert ingest(report, "arash").status == INGESTED
    assert meanwhile == ["failed"]
    source = Source.objects.get()
    assert get_store().hash_of(source.sha256) == source.sha256
    assert list(get_store().pending.iterdir()) == []
