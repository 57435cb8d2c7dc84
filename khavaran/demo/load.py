"""Load the shipped example case (and the project's reference corpus when it is beside us)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from khavaran.accounts.actions import create_user
from khavaran.config.statistics import refresh_statistics
from khavaran.ingest.case_facts import ImportSummary, import_facts

CASE = Path(__file__).parent / "case" / "case.json"


def reference_corpus() -> Path | None:
    """`../shared/corpus` (from the working directory or the checkout), when it exists."""
    candidates = [os.environ.get("KHAVARAN_SAMPLE_CORPUS", ""), "../shared/corpus"]
    candidates.append(str(Path(__file__).resolve().parents[3] / "shared" / "corpus"))
    for candidate in filter(None, candidates):
        path = Path(candidate)
        if (path / "case-1988.json").is_file():
            return path.resolve()
    return None


@dataclass(frozen=True)
class DemoResult:
    admin: str
    password: str
    shipped: ImportSummary
    corpus: ImportSummary | None


def load_demo(*, actor: str = "demo") -> DemoResult:
    shipped = import_facts(CASE, actor=actor)
    corpus_dir = reference_corpus()
    corpus = import_facts(corpus_dir / "case-1988.json", actor=actor) if corpus_dir else None
    password = secrets.token_urlsafe(12)
    create_user("admin", role="admin", password=password, actor=actor)
    refresh_statistics()
    return DemoResult("admin", password, shipped, corpus)
