"""What the memorial says of its victims: counts read as the names recorded so far, never as
the toll; each victim is shown beside what they are a victim of; the home page remembers by
name those killed, and lists the victims of an arrest or a trial only with their incident."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.public_ids import public_id, row_of
from khavaran.records import actions
from khavaran.records.models import Incident, Person
from khavaran.web.actions import set_public_site
from tests.factories import ACTOR, make_claim, make_excerpt, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def memorial(data_dir: Path, tmp_path: Path) -> dict[str, Any]:
    """A victim of the 1988 executions, a victim of a 2016 trial, and a victim of the
    executions whose part in a restricted incident is hidden."""
    excerpt = make_excerpt(make_source(tmp_path, "Prisoners were executed; a cleric was tried."))
    secret = make_excerpt(
        make_source(tmp_path, "A letter.", name="letter.txt", confidentiality="restricted")
    )
    summer = actions.save_fuzzy_date(date(1988, 7, 19), date(1988, 9, 30), original="1988")
    court = actions.save_fuzzy_date(date(2016, 11, 1), date(2016, 11, 30), original="2016")
    executions = actions.create_incident(
        "Executions of 1988", kind="execution", actor=ACTOR, start=summer, excerpts=[excerpt]
    )
    trial = actions.create_incident(
        "Trial of a cleric", kind="trial", actor=ACTOR, start=court, excerpts=[excerpt]
    )
    hidden = actions.create_incident(
        "Secret transfer", kind="detention", actor=ACTOR, confidentiality="restricted"
    )
    people = {
        key: actions.create_person([actions.NameSpec(name, "latin", [excerpt])], actor=ACTOR)
        for key, name in (("killed", "Parvin Ahmadi"), ("tried", "Ahmad Montazeri"))
    }
    actions.add_participant(
        executions, people["killed"], role="victim", excerpts=[excerpt], actor=ACTOR
    )
    actions.add_participant(trial, people["tried"], role="victim", excerpts=[excerpt], actor=ACTOR)
    actions.add_participant(hidden, people["killed"], role="victim", excerpts=[secret], actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    return {"excerpt": excerpt, "executions": executions, "trial": trial, **people}


def _page(path: str, language: str = "en") -> str:
    client = Client()
    client.post("/language/", {"language": language, "next": "/"})
    return client.get(path).content.decode()


def _section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def _people_in(html: str) -> list[int]:
    # The public site links each person by public id (`khavaran.public_ids`).
    found = re.findall(r'<a href="/public/people/([\w-]{16})/">', html)
    return [row_of("person", token) or 0 for token in found]


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_home_page_remembers_by_name_only_the_victims_of_killings(
    memorial: dict[str, Any], language: str
) -> None:
    home = _page("/public/", language)
    remembered = _section(home, '<ul class="records">', "</ul>")
    assert _people_in(remembered) == [memorial["killed"].pk]
    assert (
        f'href="/public/incidents/{public_id("incident", memorial["executions"].pk)}/"'
        in remembered
    )
    assert 'href="/public/victims/"' in home


def test_the_home_page_counts_names_recorded_so_far_not_the_toll(
    memorial: dict[str, Any],
) -> None:
    home = _page("/public/")
    assert "1 person killed recorded here by name so far." in home
    assert "not the number killed, which is far higher" in home
    assert "All victims recorded here by name</a> (2 victims)" in home


@pytest.mark.parametrize("language", ["en", "fa"])
def test_each_victim_is_listed_with_what_they_are_a_victim_of(
    memorial: dict[str, Any], language: str
) -> None:
    page = _page("/public/victims/", language)
    found = re.findall(r'<a href="/public/people/([\w-]{16})/">.*?(<small.*?</small>|</li>)', page)
    items = {row_of("person", token): item for token, item in found}
    tried, killed = items[memorial["tried"].pk], items[memorial["killed"].pk]
    assert f'href="/public/incidents/{public_id("incident", memorial["trial"].pk)}/"' in tried
    assert ("2016" if language == "en" else "۲۰۱۶") in tried
    assert "Trial of a cleric" in tried and "Executions" not in tried
    assert "Executions of 1988" in killed and ("1988" if language == "en" else "۱۹۸۸") in killed


def test_a_hidden_incident_is_never_shown_beside_a_victim(memorial: dict[str, Any]) -> None:
    pages = [_page("/public/"), _page("/public/victims/")]
    assert all("Secret transfer" not in page for page in pages)


def test_the_victims_list_says_its_count_is_of_names_recorded_so_far(
    memorial: dict[str, Any],
) -> None:
    page = _page("/public/victims/")
    assert "<h1>Victims recorded here by name</h1>" in page
    assert "<strong>2 victims recorded here by name so far</strong>" in page
    assert "not the number killed, which is far higher" in page


def test_the_count_leads_to_the_figures_the_sources_give_when_the_public_may_read_them(
    memorial: dict[str, Any],
) -> None:
    without = [_page("/public/"), _page("/public/victims/")]
    make_claim(memorial["excerpt"], subject_incident=memorial["executions"])
    with_figures = [_page("/public/"), _page("/public/victims/")]
    link = 'href="/public/claims/question/number-killed%3Amassacre-1988/"'
    assert all(link not in page for page in without)
    assert all(link in page for page in with_figures)


def test_a_restricted_figure_is_not_linked(memorial: dict[str, Any], tmp_path: Path) -> None:
    secret = make_excerpt(
        make_source(tmp_path, "Internal estimate.", name="est.txt", confidentiality="restricted")
    )
    make_claim(secret, confidentiality="restricted")
    assert "/public/claims/question/" not in _page("/public/")


def test_the_demo_lists_montazeri_with_his_trial_not_among_the_killed(client_as: Any) -> None:
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    montazeri = Person.objects.get(key="ahmad-montazeri")
    home = client_as(None).get("/public/").content.decode()
    listed = client_as(None).get("/public/victims/").content.decode()
    assert montazeri.pk not in _people_in(_section(home, '<ul class="records">', "</ul>"))
    mark = f'<a href="/public/people/{public_id("person", montazeri.pk)}/">'
    beside = listed[listed.index(mark) : listed.index("</li>", listed.index(mark))]
    trials = Incident.objects.filter(participants__person=montazeri, kind="trial")
    assert (
        all(f'href="/public/incidents/{public_id("incident", t.pk)}/"' in beside for t in trials)
        and trials
    )
