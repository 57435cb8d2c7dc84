"""Fixtures for the web tests: the shipped example case loaded once, and a cast of named users,
one per role (`cast["viewer"]` is Vida, and so on)."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Migrate once, load the example case and the cast; every test rolls back on top."""
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    from khavaran.accounts.actions import create_user
    from khavaran.ingest.case_facts import import_facts

    with django_db_blocker.unblock():
        import_facts(CASE, actor="test")
        for role, name in CAST.items():
            create_user(name, role=role, password=PASSWORD, actor="test")
    yield


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
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
def case() -> dict[str, Any]:
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
