"""Fixtures for the web tests: the shipped example case loaded once, and a cast of named users,
one per role (`cast["viewer"]` is Vida, and so on)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

CASE = Path(__file__).resolve().parents[2] / "khavaran" / "demo" / "case" / "case.json"
PASSWORD = "correct horse battery staple"
CAST = {
    "admin": "ada",
    "investigator": "ines",
    "analyst": "anna",
    "reviewer": "reza",
    "viewer": "vida",
}


@pytest.fixture(scope="module")
def shipped_case(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Load the example case and the cast once per module, inside a transaction that is rolled
    back afterwards (like Django's setUpTestData), so no other test module ever sees them.
    Every test runs in a savepoint on top."""
    from django.db import transaction

    from khavaran.accounts.actions import create_user
    from khavaran.evidence.actions import _store_at
    from khavaran.ingest.case_facts import import_facts

    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    _store_at.cache_clear()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            import_facts(CASE, actor="test")
            for role, name in CAST.items():
                create_user(name, role=role, password=PASSWORD, actor="test")
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def cast(shipped_case: None, db: None) -> dict[str, Any]:
    from khavaran.accounts.models import User

    return {role: User.objects.get(username=name) for role, name in CAST.items()}


@pytest.fixture
def client_as(cast: dict[str, Any]) -> Any:
    """`client_as("viewer")`: a test client signed in as that role (or anonymous for None)."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(cast[role])
        return client

    return make


@pytest.fixture
def case(shipped_case: None, db: None) -> dict[str, Any]:
    """Handles on the shipped case's records."""
    from khavaran.evidence.models import Source
    from khavaran.records.models import Claim, Incident, Person

    testimony = Source.objects.get(original_filename="testimony-khavaran-family.txt")
    return {
        "testimony": testimony,
        "secret_claim": Claim.objects.filter(excerpts__source=testimony).first(),
        "english": Source.objects.get(original_filename="report-tehran-commission.md"),
        "persian": Source.objects.get(original_filename="fa-report-tehran-commission.md"),
        "figures": Source.objects.get(original_filename="death-toll-figures.md"),
        "memorial": Source.objects.get(original_filename="memorial-page.html"),
        "raisi": Person.objects.get(key="raisi"),
        "massacre": Incident.objects.get(key="massacre-1988"),
    }


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests' screenshots go: a temporary folder, so that a test run changes
    no tracked file. KHAVARAN_SCREENSHOTS=docs/screenshots refreshes the docs' images."""
    wanted = os.environ.get("KHAVARAN_SCREENSHOTS")
    return Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
