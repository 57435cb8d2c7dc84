"""A name typed in one spelling finds the person under the others: Latin transliterations
(Rezaie, Rezaei, Rezayi), and the Persian script (رضایی), whichever way round."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from khavaran.search.engine import MARK_END, MARK_START, search
from khavaran.search.models import SearchDocument
from khavaran.verify import verify_all
from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db
ALL = ("public", "restricted", "confidential")


@pytest.fixture
def people(data_dir, tmp_path):
    excerpt = make_excerpt(make_source(tmp_path, "Names on the Khavaran list.", name="l.txt"))

    def person(name: str, script: str = "latin"):
        return make_person(excerpt, name, script=script).names.get().pk

    names = ["Hamid Rezaei", "حمید رضایی", "Hossein-Ali Nayyeri", "Mahmoud Abbasi"]
    names += ["Mohammad Abbasi", "Hamid Karimi"]
    return {name: person(name, "persian" if name[0] > "\u0600" else "latin") for name in names}


def names_found(query: str) -> set[int]:
    return {h.ref_id for h in search(query, levels=ALL, doc_kinds=["name"])}


@pytest.mark.parametrize("typed", ["Hamid Rezaie", "Hamid Rezayi", "حمید رضائی", "Rezaee"])
def test_a_name_finds_its_other_spellings_in_both_scripts(people, typed):
    assert names_found(typed) == {people["Hamid Rezaei"], people["حمید رضایی"]}


def test_a_doubled_letter_or_a_hyphen_spelled_otherwise_still_finds_the_name(people):
    assert names_found("Nayeri") == {people["Hossein-Ali Nayyeri"]}
    assert names_found("Hosein Ali Nayeri") == {people["Hossein-Ali Nayyeri"]}
    assert names_found("نیری") == {people["Hossein-Ali Nayyeri"]}


def test_names_that_only_share_their_consonants_stay_apart(people):
    # Mahmoud and Mohammad share m-h-m-d; Mahmoud's long u keeps them apart.
    assert names_found("Mahmoud Abbasi") == {people["Mahmoud Abbasi"]}
    assert names_found("Mohamad Abbasi") == {people["Mohammad Abbasi"]}
    # Every word must match: Hamid alone would find Karimi too.
    assert people["Hamid Karimi"] not in names_found("Hamid Rezaie")


def test_a_name_found_by_its_sound_is_shown_as_written_and_marked_whole(people):
    (hit,) = [h for h in search("Nayeri", levels=ALL, doc_kinds=["name"])]
    assert hit.title == "Hossein-Ali Nayyeri"
    assert hit.snippet == f"{MARK_START}Hossein-Ali Nayyeri{MARK_END}"
    (exact,) = [h for h in search("Nayyeri", levels=ALL, doc_kinds=["name"])]
    assert exact.snippet == f"Hossein-Ali {MARK_START}Nayyeri{MARK_END}"


def test_sources_are_not_matched_by_sound(data_dir, tmp_path):
    make_source(tmp_path, "Hamid Rezaei gave testimony.", name="t.txt")
    assert search("Rezaie", levels=ALL, doc_kinds=["source", "excerpt"]) == []


def test_the_sounds_are_part_of_the_index_verify_checks(people):
    # A name indexed without its sounds (or with another's) is drift, like any other.
    assert verify_all().ok
    SearchDocument.objects.filter(ref_id=people["Hamid Rezaei"], kind="name").update(
        body="hamid rezaei"
    )
    assert not verify_all().ok


def test_names_indexed_before_the_sounds_get_them_when_the_data_dir_is_migrated(people):
    migration = importlib.import_module("khavaran.search.migrations.0003_name_sounds")
    migration._bodies(apps, False)  # as a data dir made before it
    assert SearchDocument.objects.get(ref_id=people["حمید رضایی"], kind="name").body == (
        "حمید رضایی"
    )
    assert names_found("Rezaie") == set()
    migration._bodies(apps, True)
    assert names_found("Rezaie") == {people["Hamid Rezaei"], people["حمید رضایی"]}
    assert verify_all().ok
