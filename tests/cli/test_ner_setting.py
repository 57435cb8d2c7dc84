"""KHAVARAN_NER_MODEL: a model that cannot be used is named, never passed over in silence."""

from __future__ import annotations

import pytest

from khavaran.extract.extractors.new_names.ner import model_problem

pytestmark = pytest.mark.django_db


def test_without_the_setting_there_is_nothing_to_say(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHAVARAN_NER_MODEL", raising=False)
    assert model_problem() is None


def test_a_model_that_is_not_there_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHAVARAN_NER_MODEL", "fa_core_news_mdd")
    problem = model_problem()
    assert problem is not None and "KHAVARAN_NER_MODEL is 'fa_core_news_mdd'" in problem


def test_extract_and_ingest_say_so_and_still_run_the_patterns(
    khavaran, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHAVARAN_NER_MODEL", str(tmp_path / "no-such-model"))
    (tmp_path / "note.txt").write_text(
        "Ayatollah Hossein-Ali Montazeri wrote to Ayatollah Khomeini.", encoding="utf-8"
    )
    ingested = khavaran("ingest", str(tmp_path / "note.txt"))
    assert ingested.exit_code == 0, ingested.output
    assert "note: KHAVARAN_NER_MODEL is " in ingested.stderr
    from khavaran.evidence.models import Source

    source = Source.objects.get().pk
    extracted = khavaran("extract", str(source))
    assert extracted.exit_code == 0, extracted.output
    assert "names come from the patterns only" in extracted.stderr
    assert f"source {source}:" in extracted.stdout and "0 found" not in extracted.stdout
