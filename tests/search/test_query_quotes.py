"""A quoted phrase is an exact phrase whichever quotation marks the reader types: the Persian
«…» the help text asks for, the curly “…” and ‘…’ a phone puts in by itself, „…“, and straight
quotes; an apostrophe or a quote left open quotes nothing."""

from __future__ import annotations

import pytest

from khavaran.search.engine import search
from khavaran.search.query import Query
from tests.factories import make_source

ALL = ("public", "restricted", "confidential")


@pytest.mark.parametrize(
    "typed",
    [
        '"رضایی حسینعلی"',
        "«رضایی حسینعلی»",
        "»رضایی حسینعلی«",
        "“رضایی حسینعلی”",
        "„رضایی حسینعلی“",
        "‘رضایی حسینعلی’",
    ],
)
def test_each_kind_of_quotation_marks_makes_one_phrase(typed: str) -> None:
    assert Query.parse(typed).phrases == (("رضایی", "حسینعلی"),)
    assert Query.parse(typed).fts5() == '"رضایی حسینعلی"'


def test_a_phones_curly_quotes_make_an_english_phrase_beside_other_words() -> None:
    query = Query.parse("“death commission” Tehran")
    assert query.phrases == (("death", "commission"), ("tehran",))
    assert query.fts5() == '"death commission" "tehran"'


def test_words_either_side_of_a_quoted_phrase_are_words_and_do_not_join_across_it() -> None:
    query = Query.parse("Hossein «a b» Ali")
    assert query.phrases == (("a", "b"), ("hossein",), ("ali",))
    # Typed side by side they would also match "hosseinali"; here the phrase stands between.
    assert all("hosseinali" not in " ".join(form) for forms in query.forms() for form in forms)


@pytest.mark.parametrize("typed", ["«رضایی حسینعلی", "رضایی حسینعلی»", "Ma’soumeh Rezaei"])
def test_a_quote_left_open_or_an_apostrophe_quotes_nothing(typed: str) -> None:
    phrases = Query.parse(typed).phrases
    assert len(phrases) == 2
    assert Query.parse(typed).alternatives != ((), ())


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["«رضایی حسینعلی»", "“رضایی حسینعلی”", '"رضایی حسینعلی"'])
def test_a_persian_phrase_in_quotes_finds_the_words_together_only(
    data_dir, tmp_path, typed: str
) -> None:
    together = make_source(tmp_path, "رضایی حسینعلی در زندان بود.", name="together.txt")
    make_source(tmp_path, "حسینعلی گفت که رضایی در زندان بود.", name="apart.txt")
    assert {h.ref_id for h in search(typed, levels=ALL, doc_kinds=["source"])} == {together.pk}
    # Unquoted, both are found: the quotes are what makes it a phrase.
    unquoted = {h.ref_id for h in search("رضایی حسینعلی", levels=ALL, doc_kinds=["source"])}
    assert together.pk in unquoted and len(unquoted) == 2
