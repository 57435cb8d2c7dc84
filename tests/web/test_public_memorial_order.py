"""The memorial's lists are in the reader's alphabetical order: Persian names by the Persian
alphabet (ک before م, پ چ ژ گ in their places, Arabic letter forms as the Persian letters),
Latin names without regard to case; by family name, then given name, and the page says so
(test_public_memorial_family_order.py). A hidden person is never listed, counted or ordered
by."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from khavaran.public_ids import row_of
from khavaran.records import actions
from khavaran.records.models import Person
from khavaran.web.actions import set_public_site
from khavaran.web.collation import PERSIAN_ALPHABET, by_name, name_key
from khavaran.web.pages import PER_PAGE
from tests.factories import ACTOR, make_excerpt, make_source

# In the Persian alphabet's order, each after the one before: code-point order gets ک, پ, چ,
# ژ and گ wrong, and sorts the Arabic forms (كريم, يوسف) apart.
PERSIAN_ORDER = [
    "احمد",
    "آرش",
    "بهرام",
    "پروین",
    "تقی",
    "جواد",
    "چنگیز",
    "حسن",
    "زهرا",
    "ژاله",
    "سعید",
    "علی‌اکبر",  # a ZWNJ breaks words as a space does, and a break comes before a letter
    "علی رضا",
    "علیرضا",
    "کاظمی",
    "كريم",
    "گلرخ",
    "مریم",
    "نسرین",
    "يوسف",
]

# The memorial lists a name of two words by its second, the family name: "علی رضا" under ر.
MEMORIAL_ORDER = [name for name in PERSIAN_ORDER if name != "علی رضا"]
MEMORIAL_ORDER.insert(MEMORIAL_ORDER.index("حسن") + 1, "علی رضا")


def test_persian_names_sort_by_the_persian_alphabet() -> None:
    assert by_name(reversed(PERSIAN_ORDER)) == PERSIAN_ORDER


def test_latin_names_sort_without_regard_to_case_or_accents() -> None:
    assert by_name(["zahra", "Émile", "Abbas", "bahman"], "en") == [
        "Abbas",
        "bahman",
        "Émile",
        "zahra",
    ]


def test_the_readers_script_comes_first() -> None:
    assert by_name(["Abbas", "مریم"], "fa") == ["مریم", "Abbas"]
    assert by_name(["Abbas", "مریم"], "en") == ["Abbas", "مریم"]


@given(st.text(alphabet=PERSIAN_ALPHABET + "يكىةؤإأ \u200c", max_size=12))
def test_a_name_sorts_as_its_persian_spelling_and_however_its_words_are_broken(
    name: str,
) -> None:
    persian = name.translate(str.maketrans("يكىةؤإأ", "یکیهواا"))
    assert name_key(name) == name_key(persian)
    assert name_key(name.replace(" ", "\u200c")) == name_key(" ".join(name.split()))


@pytest.fixture
def public_victims(data_dir: Path, tmp_path: Path) -> dict[str, Person]:
    """A public victim for each Persian name, one for each Latin name, and a restricted
    victim whose name would come first."""
    excerpt = make_excerpt(make_source(tmp_path, "The prisoners named here were executed."))
    secret = make_excerpt(
        make_source(tmp_path, "A letter.", name="letter.txt", confidentiality="restricted")
    )
    incident = actions.create_incident("Executions", kind="execution", actor=ACTOR)
    people: dict[str, Person] = {}
    for text in [*reversed(PERSIAN_ORDER), "zahra", "Abbas", "bahman"]:
        script = "persian" if text[0] > "z" else "latin"
        people[text] = actions.create_person(
            [actions.NameSpec(text, script, [excerpt])], actor=ACTOR
        )
    people["hidden"] = actions.create_person(
        [actions.NameSpec("ا", "persian", [secret]), actions.NameSpec("Aaron", "latin", [secret])],
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
    # The public site links each person by public id (`khavaran.public_ids`).
    found = re.findall(r'<a href="/public/people/([\w-]{16})/">', page)
    return [row_of("person", token) or 0 for token in found]


@pytest.mark.django_db
def test_the_persian_victims_list_is_in_the_persian_alphabets_order(
    public_victims: dict[str, Person],
) -> None:
    expected = [*MEMORIAL_ORDER, "Abbas", "bahman", "zahra"]
    assert _listed("fa") == [public_victims[name].pk for name in expected]


@pytest.mark.django_db
def test_the_english_victims_list_puts_latin_names_first_without_regard_to_case(
    public_victims: dict[str, Person],
) -> None:
    expected = ["Abbas", "bahman", "zahra", *MEMORIAL_ORDER]
    assert _listed("en") == [public_victims[name].pk for name in expected]


@pytest.mark.django_db
def test_the_home_page_remembers_the_first_names_in_the_same_order(
    public_victims: dict[str, Person],
) -> None:
    assert _listed("fa", "/public/") == [public_victims[n].pk for n in MEMORIAL_ORDER[:12]]


@pytest.mark.django_db
def test_the_list_says_it_is_sorted_by_family_name(
    public_victims: dict[str, Person],
) -> None:
    page = Client().get("/public/victims/").content.decode()
    assert "Sorted by family name, then given name." in page
    assert "Sorted by the name as recorded." in Client().get("/public/officials/").content.decode()


@pytest.mark.django_db
def test_pages_follow_one_another_in_name_order(data_dir: Path, tmp_path: Path) -> None:
    excerpt = make_excerpt(make_source(tmp_path, "The prisoners named here were executed."))
    incident = actions.create_incident("Executions", kind="execution", actor=ACTOR)
    names = [a + b for a in "پکمگ" for b in PERSIAN_ALPHABET][: PER_PAGE + 10]
    specs = [actions.PersonSpec([actions.NameSpec(n, "persian", [excerpt])]) for n in names]
    for person in actions.create_people(specs, actor=ACTOR):
        actions.add_participant(incident, person, role="victim", excerpts=[excerpt], actor=ACTOR)
    set_public_site(True, actor=ACTOR)
    client = Client()
    client.post("/language/", {"language": "fa", "next": "/"})
    shown = []
    for number in (1, 2):
        page = client.get(f"/public/victims/?page={number}").content.decode()
        shown += re.findall(r'<bdi lang="fa" dir="rtl">([^<]+)</bdi>', page)
    assert shown == by_name(names)


@pytest.mark.django_db
def test_the_order_is_kept_until_an_audited_change_and_then_made_again(
    public_victims: dict[str, Person], tmp_path: Path, django_assert_num_queries: Any
) -> None:
    from khavaran.web.queries import ordered_ids, people_with_names
    from khavaran.web.views.public import PUBLIC_READER

    people = people_with_names(PUBLIC_READER)
    first = ordered_ids(people, PUBLIC_READER, "en")
    with django_assert_num_queries(1):  # the audit chain's head only: the order is kept
        assert ordered_ids(people, PUBLIC_READER, "en") == first
    excerpt = make_excerpt(make_source(tmp_path, "Aabid was executed.", name="aabid.txt"))
    aabid = actions.create_person([actions.NameSpec("Aabid", "latin", [excerpt])], actor=ACTOR)
    assert ordered_ids(people, PUBLIC_READER, "en") == [aabid.pk, *first]
