"""KHAVARAN_SAMPLE_CORPUS: a folder someone configured is loaded, or the demo says why not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khavaran.cli.main import cli
from khavaran.demo.corpus import CorpusNotFound, reference_corpus


def test_a_configured_folder_without_the_corpus_is_an_error_not_a_quiet_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHAVARAN_SAMPLE_CORPUS", str(tmp_path / "corpsu"))
    with pytest.raises(CorpusNotFound, match=r"holds no case-1988\.json"):
        reference_corpus()


def test_a_configured_folder_with_the_corpus_is_the_one_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "case-1988.json").write_text(json.dumps({}), encoding="utf-8")
    monkeypatch.setenv("KHAVARAN_SAMPLE_CORPUS", str(tmp_path))
    assert reference_corpus() == tmp_path.resolve()


def test_the_demo_refuses_a_mistyped_corpus_before_it_replaces_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHAVARAN_SAMPLE_CORPUS", str(tmp_path / "nowhere"))
    data = tmp_path / "demo-data"
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "demo", "--no-serve"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: KHAVARAN_SAMPLE_CORPUS is ")
    assert "Traceback" not in result.output
    assert not data.exists()
