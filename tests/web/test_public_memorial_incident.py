"""An incident's public page names its victims, and apart from them the others it names with
their roles, each in name order, a page at a time; it shows no empty "where"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.public_ids import public_id
from khavaran.records import actions
from khavaran.records.models import Incident
from khavaran.web.actions import set_public_site
from khavaran.web.collation import by_name
from khavaran.web.pages import PER_PAGE
from tests.factories import ACTOR, make_excerpt, make_source

pytestmark = pytest.mark.django_db

VICTIMS = PER_PAGE + 5
# Persian names whose code-point order is not their alphabetical order.
GIVEN = ["مریم", "کاظم", "پروین", "گلرخ", "ژاله", "چنگیز", "نسرین", "آرش", "بهرام", "زهرا", "یوسف"]


@pytest.fixture
def executions(data_dir: Path, tmp_path: Path) -> Incident:
    """A public execution with more victims than a page shows, a perpetrator and a witness,
    and a restricted victim; no place."""
    excerpt = make_excerpt(make_source(tmp_path, "The prisoners named here were executed."))
    secret = make_excerpt(
        make_source(tmp_path, "A letter.", name="letter.txt", confidentiality="restricted")
    )
    incident = actions.create_incident("Executions of 1988", kind="execution", actor=ACTOR)
    names = [f"{GIVEN[i % len(GIVEN)]} {GIVEN[i // len(GIVEN)]}" for i in range(VICTIMS)]
    specs = [actions.PersonSpec([actions.NameSpec(n, "persian", [excerpt])]) for n in names]
    for person in actions.create_people(specs, actor=ACTOR):
        actions.add_participant(incident, person, role="victim", excerpts=[excerpt], actor=ACTOR)
    for name, role in (("Hossein-Ali Nayyeri", "perpetrator"), ("A guard", "witness")):
        person = actions.create_person([actions.NameSpec(name, "latin", [excerpt])], actor=ACTOR)
        actions.add_participant(incident, person, role=role, excerpts=[excerpt], actor=ACTOR)
    hidden = actions.create_person(
        [actions.NameSpec("Hidden Victim", "latin", [secret])],
        actor=ACTOR,
        confidentiality="restricted",
    )
    actions.add_participant(incident, hidden, role="victim", excerpts=[secret], actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    return incident


def _page(incident: Incident, query: str = "", language: str = "en") -> str:
    client = Client()
    client.post("/language/", {"language": language, "next": "/"})
    return client.get(
        f"/public/incidents/{public_id('incident', incident.pk)}/{query}"
    ).content.decode()


def _victims(page: str) -> list[str]:
    start = page.index("<h2>")
    section = page[start : page.index("<h2>", start + 1)]
    return re.findall(r'<bdi lang="fa" dir="rtl">([^<]+)</bdi>', section)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_victims_are_shown_a_page_at_a_time_in_name_order(
    executions: Incident, language: str
) -> None:
    first, second = (_page(executions, f"?page={n}", language) for n in (1, 2))
    shown = _victims(first) + _victims(second)
    assert len(_victims(first)) == PER_PAGE and len(shown) == VICTIMS
    assert shown == by_name(shown)


def test_the_victims_are_counted_as_the_names_recorded_and_none_is_hidden(
    executions: Incident,
) -> None:
    pages = [_page(executions, f"?page={n}") for n in (1, 2)]
    assert f"<strong>{VICTIMS} victims recorded here by name so far</strong>" in pages[0]
    assert all("Hidden Victim" not in page for page in pages)


def test_victims_and_others_are_named_by_their_role_not_as_participants(
    executions: Incident,
) -> None:
    page = _page(executions)
    assert "<h2>Victims</h2>" in page and "<h2>Others named</h2>" in page
    assert "Participants" not in page
    others = page[page.index("<h2>Others named</h2>") : page.index("<h2>Claims</h2>")]
    assert "Hossein-Ali Nayyeri</bdi></a> — Perpetrator" in others
    assert "A guard</bdi></a> — Witness" in others


def test_the_others_keep_their_place_when_the_victims_are_paged(executions: Incident) -> None:
    page = _page(executions, "?page=2")
    assert "<h2>Others named</h2>" in page and "Hossein-Ali Nayyeri" in page
    assert 'href="?page=1" rel="prev"' in page


def test_an_incident_without_a_place_shows_no_where(executions: Incident) -> None:
    assert "<dt>Where</dt>" not in _page(executions)
    placed = actions.create_incident(
        "Burials", kind="burial", actor=ACTOR, place_text="Khavaran", excerpts=[]
    )
    assert "<dt>Where</dt><dd>Khavaran</dd>" in _page(placed)


def test_the_demo_massacre_page_names_its_perpetrators_apart(
    client_as: Any, case: dict[str, Any]
) -> None:
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    page = (
        client_as(None)
        .get(f"/public/incidents/{public_id('incident', case['massacre'].pk)}/")
        .content.decode()
    )
    others = page[page.index("<h2>Others named</h2>") : page.index("<h2>Claims</h2>")]
    assert "Perpetrator" in others and "Participants" not in page
