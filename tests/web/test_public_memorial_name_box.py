"""The name box of the memorial's lists finds a name as the search page does: a compound typed
joined, split, with a ZWNJ or a hyphen, Arabic letter forms, runs of spaces, the words in any
order; and it never finds a person, or a name, that the reader may not see."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.accounts.actions import create_user
from khavaran.public_ids import row_of
from khavaran.records import actions
from khavaran.records.models import Person
from khavaran.web.actions import set_public_site
from tests.factories import ACTOR, make_excerpt, make_source

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
# Each person's names as recorded (Persian, Latin); the keys name them in the tests.
NAMES = {
    "rezaei": ("حسین‌علی رضایی", "Hosseinali Rezaei"),
    "karimi": ("کاظم کریمی", "Kazem Karimi"),
    "sadeghi": ("علی‌اکبر صادقی", "Ali-Akbar Sadeghi"),
    "mousavi": ("غلامحسین موسوی", "Gholamhossein Mousavi"),
    "hosseinzadeh": ("مریم حسین‌زاده", "Maryam Hosseinzadeh"),
}


@pytest.fixture
def victims(data_dir: Path, tmp_path: Path) -> dict[str, Person]:
    """Five public victims, a restricted victim with the same name as one of them, and a
    public victim whose second name only a restricted letter gives."""
    public = make_excerpt(make_source(tmp_path, "The prisoners named here were executed."))
    letter = make_source(
        tmp_path, "A family's letter names them.", name="letter.txt", confidentiality="restricted"
    )
    secret = make_excerpt(letter)
    incident = actions.create_incident("Executions of 1988", kind="execution", actor=ACTOR)
    people: dict[str, Person] = {}
    for key, (persian, latin) in NAMES.items():
        people[key] = actions.create_person(
            [
                actions.NameSpec(persian, "persian", [public]),
                actions.NameSpec(latin, "latin", [public]),
            ],
            actor=ACTOR,
        )
    people["hidden"] = actions.create_person(
        [actions.NameSpec("حسین‌علی رضایی", "persian", [secret])],
        actor=ACTOR,
        confidentiality="restricted",
    )
    people["jafari"] = actions.create_person(
        [
            actions.NameSpec("Parvin Jafari", "latin", [public]),
            actions.NameSpec("حسین‌علی رضایی", "persian", [secret]),
        ],
        actor=ACTOR,
    )
    for person in people.values():
        excerpts = [secret] if person.confidentiality == "restricted" else [public]
        actions.add_participant(incident, person, role="victim", excerpts=excerpts, actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    return people


def _client(language: str = "en", role: str | None = None) -> Client:
    client = Client()
    if role is not None:
        client.force_login(create_user(f"u-{role}", role=role, password=PASSWORD, actor=ACTOR))
    client.post("/language/", {"language": language, "next": "/"})
    return client


def _found(client: Client, path: str, name: str, prefix: str = "/public") -> list[int]:
    page = client.get(path, {"name": name}).content.decode()
    if not prefix:
        return [int(pk) for pk in re.findall(r'<a href="/people/(\d+)/">', page)]
    # The public site links each person by public id (`khavaran.public_ids`).
    found = re.findall(rf'<a href="{prefix}/people/([\w-]{{16}})/">', page)
    return [row_of("person", token) or 0 for token in found]


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("حسين علي رضايي", "rezaei"),  # Arabic yeh
        ("حسین‌علی رضایی", "rezaei"),  # with the ZWNJ, as recorded
        ("حسین علی رضایی", "rezaei"),  # a space for the ZWNJ
        ("رضایی حسینعلی", "rezaei"),  # family name first, the compound joined
        ("Hossein Ali Rezaei", "rezaei"),
        ("کاظم  کریمی", "karimi"),  # two spaces
        ("علیاکبر", "sadeghi"),
        ("Ali Akbar", "sadeghi"),
        ("Aliakbar", "sadeghi"),
        ("غلام حسین", "mousavi"),
        ("Gholam-Hossein", "mousavi"),
        ("حسینزاده", "hosseinzadeh"),
    ],
)
@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_name_box_finds_every_spelling_the_search_page_finds(
    victims: dict[str, Person], typed: str, who: str, language: str
) -> None:
    assert _found(_client(language), "/public/victims/", typed) == [victims[who].pk]


def test_a_part_of_a_name_still_finds_it(victims: dict[str, Person]) -> None:
    assert _found(_client(), "/public/victims/", "Karim") == [victims["karimi"].pk]


def test_the_count_and_pages_are_of_the_people_found(victims: dict[str, Person]) -> None:
    page = _client().get("/public/victims/", {"name": "حسین علی رضایی"}).content.decode()
    assert "<strong>1 victim recorded here by name so far</strong>" in page


def test_no_hidden_person_or_hidden_name_is_matched_for_the_public(
    victims: dict[str, Person],
) -> None:
    # The restricted victim and the public victim's restricted second name share the words.
    found = _found(_client(), "/public/victims/", "رضایی حسینعلی")
    assert found == [victims["rezaei"].pk]
    assert _found(_client(), "/public/victims/", "Jafari") == [victims["jafari"].pk]


def test_staff_find_the_people_and_names_their_clearance_reads(
    victims: dict[str, Person],
) -> None:
    everyone = {victims[k].pk for k in ("rezaei", "hidden", "jafari")}
    investigator = _found(_client(role="investigator"), "/people/", "رضایی حسینعلی", prefix="")
    viewer = _found(_client(role="viewer"), "/people/", "رضایی حسینعلی", prefix="")
    assert set(investigator) == everyone
    assert viewer == [victims["rezaei"].pk]


@pytest.mark.parametrize("typed", ["حسین علی نیری", "Hosseinali Nayyeri", "نیری حسینعلی"])
def test_the_demo_finds_the_official_nayyeri_however_his_name_is_typed(
    client_as: Any, typed: str
) -> None:
    from khavaran.records.models import Name

    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    nayyeri = Name.objects.get(text="Hossein-Ali Nayyeri").person_id
    assert _found(client_as(None), "/public/officials/", typed) == [nayyeri]
