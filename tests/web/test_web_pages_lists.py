"""Every list can be browsed to its end: a family finds their relative among thousands of
victims page by page, with the number of victims the reader may see, in English and Persian;
staff lists page the same way. A hidden person is neither listed nor counted for the public."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.accounts.actions import create_user
from khavaran.public_ids import row_of
from khavaran.records import actions
from khavaran.records.models import Incident, Person
from khavaran.web.actions import set_public_site
from khavaran.web.pages import PER_PAGE
from tests.factories import ACTOR, make_claim, make_excerpt, make_source

pytestmark = pytest.mark.django_db

VICTIMS = PER_PAGE + 5
PASSWORD = "correct horse battery staple"


@pytest.fixture
def excerpt(data_dir: Path, tmp_path: Path) -> Any:
    return make_excerpt(make_source(tmp_path, "The prisoners named here were executed in 1988."))


@pytest.fixture
def massacre(excerpt: Any) -> Incident:
    """A public incident with more public victims than a page shows, one restricted victim
    (a family asked for them not to be named) and the site open."""
    incident = actions.create_incident("Executions of 1988", kind="execution", actor=ACTOR)
    specs = [
        actions.PersonSpec([actions.NameSpec(f"Victim {i:03d}", "latin", [excerpt])])
        for i in range(VICTIMS)
    ]
    hidden = actions.PersonSpec(
        [actions.NameSpec("Hidden Victim", "latin", [excerpt])], confidentiality="restricted"
    )
    for person in actions.create_people([*specs, hidden], actor=ACTOR):
        actions.add_participant(incident, person, role="victim", excerpts=[excerpt], actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    return incident


def _client(language: str = "en", role: str | None = None) -> Client:
    client = Client()
    if role is not None:
        user = create_user(f"user-{role}", role=role, password=PASSWORD, actor=ACTOR)
        client.force_login(user)
    client.post("/language/", {"language": language, "next": "/"})
    return client


def _people_on(page: str, prefix: str = "/public") -> list[int]:
    if not prefix:
        return [int(pk) for pk in re.findall(r'<a href="/people/(\d+)/">', page)]
    # The public site links each person by public id (`khavaran.public_ids`).
    found = re.findall(rf'<a href="{prefix}/people/([\w-]{{16}})/">', page)
    return [row_of("person", token) or 0 for token in found]


def test_the_memorial_lists_every_public_victim_page_by_page(massacre: Incident) -> None:
    client = _client()
    first = client.get("/public/victims/").content.decode()
    second = client.get("/public/victims/?page=2").content.decode()
    assert f"{VICTIMS} victims" in first and "Page 1 of 2" in first and "Page 2 of 2" in second
    assert len(_people_on(first)) == PER_PAGE and len(_people_on(second)) == VICTIMS - PER_PAGE
    public = Person.objects.filter(confidentiality="public")
    assert sorted(_people_on(first) + _people_on(second)) == sorted(p.pk for p in public)
    assert 'href="?page=2" rel="next"' in first and 'href="?page=1" rel="prev"' in second


def test_a_hidden_victim_is_neither_listed_nor_counted_for_the_public(
    massacre: Incident,
) -> None:
    hidden = Person.objects.get(confidentiality="restricted")
    client = _client()
    pages = [client.get(f"/public/victims/?page={n}").content.decode() for n in (1, 2)]
    assert all(hidden.pk not in _people_on(page) for page in pages)
    assert all("Hidden Victim" not in page for page in pages)
    # (Not a bare "56": on PostgreSQL the people's ids run into the hundreds.)
    assert f"{VICTIMS} victims" in pages[0] and f"{VICTIMS + 1} victims" not in pages[0]
    found = client.get("/public/victims/?name=hidden").content.decode()
    assert "0 victims" in found and "No name matches." in found
    home = client.get("/public/").content.decode()
    assert f"({VICTIMS} victims)" in home and 'href="/public/victims/"' in home


@pytest.mark.parametrize("asked", ["abc", "0", "-3", "", "1.5"])
def test_a_page_number_that_is_not_one_gives_the_first_page(massacre: Incident, asked: str) -> None:
    response = _client().get(f"/public/victims/?page={asked}")
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode()


def test_a_page_past_the_end_gives_the_last_page(massacre: Incident) -> None:
    response = _client().get("/public/victims/?page=999999999999999999999")
    assert response.status_code == 200 and "Page 2 of 2" in response.content.decode()


def test_the_persian_page_counts_and_numbers_its_pages_in_persian(massacre: Incident) -> None:
    page = _client("fa").get("/public/victims/?page=2").content.decode()
    assert "۵۵ قربانی" in page and "صفحهٔ ۲ از ۲" in page
    assert '<a href="?page=1" rel="prev">پیشین</a>' in page


def test_victims_are_listed_by_the_name_the_reader_reads(excerpt: Any) -> None:
    incident = actions.create_incident("Executions", kind="execution", actor=ACTOR)
    # Alphabetical in Latin letters one way, in Persian letters the other.
    abbas = actions.create_person(
        [
            actions.NameSpec("Abbas", "latin", [excerpt]),
            actions.NameSpec("یاسر", "persian", [excerpt]),
        ],
        actor=ACTOR,
    )
    zahra = actions.create_person(
        [
            actions.NameSpec("zahra", "latin", [excerpt]),
            actions.NameSpec("آرش", "persian", [excerpt]),
        ],
        actor=ACTOR,
    )
    for person in (zahra, abbas):
        actions.add_participant(incident, person, role="victim", excerpts=[excerpt], actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    english = _client("en").get("/public/victims/").content.decode()
    persian = _client("fa").get("/public/victims/").content.decode()
    assert _people_on(english) == [abbas.pk, zahra.pk]
    assert _people_on(persian) == [zahra.pk, abbas.pk]


def test_the_name_box_finds_a_name_typed_with_arabic_letters(excerpt: Any) -> None:
    incident = actions.create_incident("Executions", kind="execution", actor=ACTOR)
    ali = actions.create_person([actions.NameSpec("علی‌اکبر", "persian", [excerpt])], actor=ACTOR)
    other = actions.create_person([actions.NameSpec("حسن", "persian", [excerpt])], actor=ACTOR)
    for person in (ali, other):
        actions.add_participant(incident, person, role="victim", excerpts=[excerpt], actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    # Arabic yeh and kaf, and a space where the name has a zero-width non-joiner.
    page = _client("fa").get("/public/victims/", {"name": "علي اكبر"}).content.decode()
    assert _people_on(page) == [ali.pk] and "۱ قربانی" in page


def test_the_page_links_keep_the_name_asked_for(massacre: Incident) -> None:
    page = _client().get("/public/victims/", {"name": "victim"}).content.decode()
    assert f"{VICTIMS} victims" in page
    assert 'href="?name=victim&amp;page=2" rel="next"' in page


def test_the_staff_people_list_counts_what_each_reader_may_see(massacre: Incident) -> None:
    # "Hidden Victim" comes first by name, so on the first page.
    investigator = _client(role="investigator").get("/people/").content.decode()
    viewer = _client(role="viewer")
    first, second = (viewer.get(f"/people/?page={n}").content.decode() for n in (1, 2))
    assert f"{VICTIMS + 1} people" in investigator and "Hidden Victim" in investigator
    assert f"{VICTIMS} people" in first and "Hidden Victim" not in first + second
    assert len(_people_on(second, "")) == VICTIMS - PER_PAGE


def test_incident_lists_page_in_english_and_persian(excerpt: Any) -> None:
    for i in range(PER_PAGE + 1):
        actions.create_incident(f"Arrest {i:03d}", kind="arrest", actor=ACTOR)
    actions.create_incident("Secret", kind="arrest", actor=ACTOR, confidentiality="restricted")
    set_public_site(True, actor=ACTOR)
    public = _client().get("/public/incidents/?page=2").content.decode()
    staff = _client("fa", role="investigator").get("/incidents/?page=2").content.decode()
    assert f"{PER_PAGE + 1} incidents" in public and "Page 2 of 2" in public
    assert "Secret" not in public and "Arrest 050" in public
    assert "۵۲ رویداد" in staff and "صفحهٔ ۲ از ۲" in staff


def test_claims_are_paged_by_question_with_every_version_together(
    excerpt: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("khavaran.web.pages.PER_PAGE", 2)
    for question in ("a-question", "b-question", "c-question"):
        for value in (100, 200):
            make_claim(excerpt, question=question, value_number=value)
    client = _client(role="analyst")
    first = client.get("/claims/").content.decode()
    second = client.get("/claims/?page=2").content.decode()
    assert "3 questions" in first and "Page 1 of 2" in first
    assert "a-question" in first and "b-question" in first and "c-question" not in first
    assert len(re.findall(r'<a href="/claims/\d+/">', second)) == 2 and "c-question" in second


@pytest.mark.parametrize(
    "url",
    [
        "/organizations/",
        "/posts/",
        "/tenures/",
        "/places/",
        "/sources/",
        "/claims/",
        "/people/",
        "/incidents/",
    ],
)
def test_every_staff_list_says_how_many_it_holds(url: str, excerpt: Any) -> None:
    page = _client(role="analyst").get(url + "?page=x")
    assert page.status_code == 200
    assert re.search(r'<p class="total"><strong>\d+ \w+</strong>', page.content.decode())


def test_the_public_sources_say_how_many_are_public(excerpt: Any, tmp_path: Path) -> None:
    make_source(tmp_path, "A confidential letter.", name="secret.txt", confidentiality="restricted")
    set_public_site(True, actor=ACTOR)
    page = _client().get("/public/sources/").content.decode()
    assert "<strong>1 source</strong>" in page


def test_a_name_only_a_restricted_source_gives_neither_finds_nor_orders_a_victim(
    excerpt: Any, tmp_path: Path
) -> None:
    secret = make_excerpt(
        make_source(
            tmp_path, "Family letter: Aaron.", name="letter.txt", confidentiality="restricted"
        )
    )
    incident = actions.create_incident("Executions", kind="execution", actor=ACTOR)
    # Publicly "Zand"; the family's letter alone calls him "Aaron", which would sort first.
    zand = actions.create_person([actions.NameSpec("Zand", "latin", [excerpt])], actor=ACTOR)
    actions.add_name(zand, actions.NameSpec("Aaron", "latin", [secret]), actor=ACTOR)
    other = actions.create_person([actions.NameSpec("Mina", "latin", [excerpt])], actor=ACTOR)
    for person in (zand, other):
        actions.add_participant(incident, person, role="victim", excerpts=[excerpt], actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    client = _client()
    assert _people_on(client.get("/public/victims/").content.decode()) == [other.pk, zand.pk]
    found = client.get("/public/victims/", {"name": "aaron"}).content.decode()
    assert _people_on(found) == [] and "Aaron" not in found
