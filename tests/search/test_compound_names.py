"""A compound name is found however it was written: in Persian with a ZWNJ, a space or nothing
(حسین‌علی, حسین علی, حسینعلی), transliterated with a hyphen, a space or nothing (Pour-Mohammadi,
Pour Mohammadi, Pourmohammadi), whichever of these the reader types."""

from __future__ import annotations

import pytest

from khavaran.search.engine import search
from khavaran.search.query import _MAX_JOINS, Query
from tests.factories import make_source

ALL = ("public", "restricted", "confidential")


def found(query: str, levels: tuple[str, ...] = ALL) -> set[int]:
    return {h.ref_id for h in search(query, levels=levels, doc_kinds=["source"])}


def spellings(tmp_path, *texts: str) -> set[int]:
    return {make_source(tmp_path, text, name=f"s{n}.txt").pk for n, text in enumerate(texts)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "joined, with_zwnj, apart",
    [
        ("پورمحمدی", "پور\u200cمحمدی", "پور محمدی"),
        ("حسینعلی", "حسین\u200cعلی", "حسین علی"),
        # A family name ending in a two-letter element.
        ("نیکفر", "نیک\u200cفر", "نیک فر"),
    ],
)
def test_a_persian_compound_is_found_typed_joined_with_a_zwnj_or_as_two_words(
    data_dir, tmp_path, joined, with_zwnj, apart
):
    spelled = (joined, with_zwnj, apart)
    sources = spellings(tmp_path, *(f"{name} در کمیسیون بود." for name in spelled))
    for query in spelled:
        assert found(query) == sources, query


@pytest.mark.django_db
@pytest.mark.parametrize(
    "joined, hyphenated, apart",
    [
        ("Pourmohammadi", "Pour-Mohammadi", "Pour Mohammadi"),
        ("Hosseinali", "Hossein-Ali", "Hossein Ali"),
        ("Ahmadzadeh", "Ahmad-Zadeh", "Ahmad Zadeh"),
    ],
)
def test_a_transliterated_compound_is_found_joined_hyphenated_or_as_two_words(
    data_dir, tmp_path, joined, hyphenated, apart
):
    spelled = (joined, hyphenated, apart)
    sources = spellings(tmp_path, *(f"{name} sat on the commission." for name in spelled))
    for query in spelled:
        assert found(query) == sources, query


@pytest.mark.django_db
def test_two_words_typed_apart_still_need_every_other_word(data_dir, tmp_path):
    [montazeri] = spellings(tmp_path, "حسینعلی منتظری نوشت.")
    make_source(tmp_path, "حسینعلی دیگری بود.", name="other.txt")
    assert found("حسین علی منتظری") == {montazeri}
    # And the joined form of two words is looked up for public readers too.
    assert found("حسین علی منتظری", levels=("public",)) == {montazeri}


@pytest.mark.django_db
def test_words_typed_apart_do_not_join_across_a_quoted_phrase_or_a_script(data_dir, tmp_path):
    make_source(tmp_path, "حسینعلی در زندان", name="joined.txt")
    # Joined across the quoted word, the query would find the source.
    assert found('حسین "زندان" علی') == set()
    assert Query.parse('حسین "زندان" علی').alternatives == ((), (), ())
    assert Query.parse("Evin زندان").alternatives == ((), ())


def test_adjacent_words_look_up_their_join_beside_each_word():
    query = Query.parse("پور محمدی")
    assert query.fts5() == '("پور" OR "پورمحمدی") AND ("محمدی" OR "پورمحمدی")'
    assert query.tsquery() == "((پور) | (پورمحمدی)) & ((محمدی) | (پورمحمدی))"
    assert Query.parse("Hossein Ali").fts5() == (
        '("hossein" OR "hosseinali") AND ("ali" OR "hosseinali")'
    )


def test_a_long_query_grows_by_a_bounded_number_of_joins():
    # Twelve short words: no word splits, eleven pairs could join.
    words = ["علی", "حسن", "رضا", "کاظم", "نقی", "تقی", "امیر", "جواد", "صمد", "رحیم", "عزیز"]
    words.append("حمید")
    query = Query.parse(" ".join(words))
    looked_up = sum(len(forms) for forms in query.forms())
    assert looked_up == len(words) + 2 * _MAX_JOINS
    assert query.alternatives[-1] == ()


def test_a_joined_latin_word_is_split_only_beside_a_name_element():
    assert Query.parse("Pourmohammadi").alternatives == ((("pour", "mohammadi"),),)
    assert Query.parse("Alizadeh").alternatives == ((("ali", "zadeh"),),)
    # Split anywhere, "massacre" would find "mass acre"; initials are not a word.
    assert Query.parse("massacre").alternatives == ((),)
    assert Query.parse("U.S.").alternatives == ((),)


def test_two_letter_endings_are_split_off_only_when_they_end_names():
    assert ("نیک", "فر") in Query.parse("نیکفر").alternatives[0]
    assert ("شام", "لو") in Query.parse("شاملو").alternatives[0]
    # A plural or a particle stays joined: "ها" and "از" are in most documents.
    assert ("اعدام", "ها") not in Query.parse("اعدامها").alternatives[0]
    assert all(len(part) >= 3 for form in Query.parse("اعدامها").alternatives[0] for part in form)
