"""Load the shipped example case (and the project's reference corpus when it is beside us)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from khavaran.accounts.actions import create_user
from khavaran.config.statistics import refresh_statistics
from khavaran.demo.case_file import load_demo_case
from khavaran.demo.corpus import reference_corpus
from khavaran.demo.lists import DemoLists, load_demo_lists
from khavaran.ingest.case_facts import ImportSummary, import_facts

__all__ = ["DemoResult", "load_demo", "reference_corpus"]

CASE = Path(__file__).parent / "case" / "case.json"


@dataclass(frozen=True)
class DemoResult:
    admin: str
    password: str
    shipped: ImportSummary
    corpus: ImportSummary | None
    lists: DemoLists


def load_demo(lists_folder: Path, *, actor: str = "demo") -> DemoResult:
    """The example case, the reference corpus when present, synthetic victim lists (written
    to ``lists_folder``, linked and estimated) and an admin with a one-time password."""
    shipped = import_facts(CASE, actor=actor)
    load_demo_case(actor=actor)
    corpus_dir = reference_corpus()
    corpus = import_facts(corpus_dir / "case-1988.json", actor=actor) if corpus_dir else None
    lists = load_demo_lists(lists_folder, actor=actor)
    password = secrets.token_urlsafe(12)
    # Printed on the terminal: the first sign-in asks the admin to choose their own.
    create_user("admin", role="admin", password=password, actor=actor, one_time=True)
    refresh_statistics()
    return DemoResult("admin", password, shipped, corpus, lists)
