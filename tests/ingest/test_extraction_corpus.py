"""The shipped sample corpus: every file reads, and every quote of the case is in its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khavaran.ingest.extraction import extract_file, supported_extensions

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the sample corpus is not here")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.suffix in supported_extensions())


def quotes_by_file() -> list[tuple[str, str]]:
    case = json.loads((CORPUS / "case-1988.json").read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node and "quote" in node:
                found.append((node["file"], node["quote"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(case)
    return found


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_it_reads_every_corpus_file_in_its_language(path: Path) -> None:
    extraction = extract_file(path)
    assert extraction.text.strip()
    assert extraction.encoding == "utf-8"
    assert extraction.language == ("fa" if "-fa-" in path.name else "en")


def test_every_quote_of_the_case_occurs_verbatim_in_its_file() -> None:
    texts: dict[str, str] = {}
    quotes = quotes_by_file()
    assert quotes
    for name, quote in quotes:
        if name not in texts:
            texts[name] = extract_file(CORPUS / name).text
        assert quote in texts[name], f"{name}: {quote!r}"


def test_it_titles_the_persian_note_by_its_heading() -> None:
    extraction = extract_file(CORPUS / "note-05-fa-tehran-commission.md")
    assert extraction.title is not None
    assert extraction.title.startswith("یادداشت پژوهشی")
