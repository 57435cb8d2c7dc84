"""The memorial lists victims as memorials do: by family name, then given name, each in the
name the reader sees first (Persian on a Persian page, Latin on an English page), the reader's
script first, Persian names by the Persian alphabet. Names are stored whole: the family name
is the last part, unless known given names show the list wrote it first ("Rezaei, Mohammad
Reza", "احمدی علی"); titles do not count."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.public_ids import row_of
from khavaran.records import actions
from khavaran.records.models import Person
from khavaran.web.actions import set_public_site
from khavaran.web.collation import family_name_key, split_family_name
from tests.factories import ACTOR, make_excerpt, make_source


def by_family(names: list[str], lang: str = "fa") -> list[str]:
    return sorted(names, key=lambda name: family_name_key(name, lang))


def test_names_sort_by_family_name_not_by_the_given_name_written_first() -> None:
    assert by_family(["Ali Karimi", "Zahra Ahmadi", "Abbas Zamani"], "en") == [
        "Zahra Ahmadi",
        "Ali Karimi",
        "Abbas Zamani",
    ]


def test_one_family_sorts_by_given_name_in_the_persian_alphabet() -> None:
    names = ["مریم کاظمی", "کاوه احمدی", "پروین احمدی", "علی احمدی"]
    assert by_family(names) == ["پروین احمدی", "علی احمدی", "کاوه احمدی", "مریم کاظمی"]


def test_a_name_written_family_name_first_or_with_a_title_sorts_under_the_family_name() -> None:
    assert (
        family_name_key("Rezaei, Mohammad Reza", "en")[:2]
        == family_name_key("Mohammad Reza Rezaei", "en")[:2]
    )
    assert family_name_key("احمدی علی")[:2] == family_name_key("علی احمدی")[:2]
    assert by_family(["Seyed Ali Mousavi", "Mehdi Nouri", "Hamid Jafari"], "en") == [
        "Hamid Jafari",
        "Seyed Ali Mousavi",
        "Mehdi Nouri",
    ]


def test_a_name_of_one_part_is_not_cut() -> None:
    # A compound given name joined by a ZWNJ, recorded alone, sorts under its first letter.
    assert split_family_name("علی‌اکبر") == ("", "علی‌اکبر")
    assert by_family(["مریم", "علی‌اکبر"]) == ["علی‌اکبر", "مریم"]


def test_a_shorter_family_name_sorts_before_a_longer_one_it_begins() -> None:
    assert by_family(["Ali Ahmadi", "Zahra Ahmad"], "en") == ["Zahra Ahmad", "Ali Ahmadi"]


@pytest.fixture
def victims(data_dir: Path, tmp_path: Path) -> dict[str, Person]:
    """Public victims, some named in both scripts, some in one; one restricted victim whose
    family name would come first."""
    excerpt = make_excerpt(make_source(tmp_path, "The prisoners named here were executed."))
    secret = make_excerpt(
        make_source(tmp_path, "A letter.", name="letter.txt", confidentiality="restricted")
    )
    incident = actions.create_incident("Executions", kind="execution", actor=ACTOR)
    named = {
        "zamani": [("Ahmad Zamani", "latin"), ("احمد زمانی", "persian")],
        "ahmadi": [("Zahra Ahmadi", "latin"), ("زهرا احمدی", "persian")],
        "karimi": [("کاوه کریمی", "persian")],
        "babaei": [("Ali Babaei", "latin")],
        "tabrizi": [("Mehdi Tabrizi", "latin"), ("مهدی تبریزی", "persian")],
    }
    people = {
        key: actions.create_person(
            [actions.NameSpec(text, script, [excerpt]) for text, script in names], actor=ACTOR
        )
        for key, names in named.items()
    }
    people["hidden"] = actions.create_person(
        [actions.NameSpec("Aaron Aabidi", "latin", [secret])],
        actor=ACTOR,
        confidentiality="restricted",
    )
    for person in people.values():
        excerpts = [secret] if person.confidentiality == "restricted" else [excerpt]
        actions.add_participant(incident, person, role="victim", excerpts=excerpts, actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    return people


def _listed(language: str, path: str = "/public/victims/") -> list[int]:
    client = Client()
    client.post("/language/", {"language": language, "next": "/"})
    page = client.get(path).content.decode()
    found = re.findall(r'<a href="/public/people/([\w-]{16})/">', page)
    return [row_of("person", token) or 0 for token in found]


@pytest.mark.django_db
def test_the_persian_memorial_lists_persian_family_names_first(
    victims: dict[str, Person],
) -> None:
    # احمدی, تبریزی, زمانی, کریمی by the Persian alphabet, then Babaei, named only in Latin.
    expected = ["ahmadi", "tabrizi", "zamani", "karimi", "babaei"]
    assert _listed("fa") == [victims[key].pk for key in expected]
    assert _listed("fa", "/public/") == [victims[key].pk for key in expected]


@pytest.mark.django_db
def test_the_english_memorial_lists_latin_family_names_first(
    victims: dict[str, Person],
) -> None:
    # Ahmadi, Babaei, Tabrizi, Zamani, then کریمی, named only in Persian.
    expected = ["ahmadi", "babaei", "tabrizi", "zamani", "karimi"]
    assert _listed("en") == [victims[key].pk for key in expected]


@pytest.mark.django_db
def test_the_name_box_narrows_the_list_and_keeps_its_order(victims: dict[str, Person]) -> None:
    client = Client()
    page = client.get("/public/victims/", {"name": "Zahra"}).content.decode()
    found = re.findall(r'<a href="/public/people/([\w-]{16})/">', page)
    assert [row_of("person", token) for token in found] == [victims["ahmadi"].pk]


@pytest.mark.django_db
def test_the_order_is_kept_until_an_audited_change_and_then_made_again(
    victims: dict[str, Person], tmp_path: Path, django_assert_num_queries: Any
) -> None:
    from khavaran.web.views.public import _people_in_role, by_family_name

    people = _people_in_role(("victim",))
    first = list(by_family_name(people, "en").ids)
    with django_assert_num_queries(1):  # the audit chain's head only: the order is kept
        assert by_family_name(people, "en").ids == first
    excerpt = make_excerpt(make_source(tmp_path, "Aabid was executed.", name="aabid.txt"))
    aabid = actions.create_person([actions.NameSpec("Reza Aabid", "latin", [excerpt])], actor=ACTOR)
    incident = actions.create_incident("Execution", kind="execution", actor=ACTOR)
    actions.add_participant(incident, aabid, role="victim", excerpts=[excerpt], actor=ACTOR)
    assert by_family_name(people, "en").ids == [aabid.pk, *first]
