"""A word whose hamza sits on another seat is the same word: هیأت and هیئت (the 1988 "death
commission"), مسئول and مسؤول, whichever of them the writer and the reader chose."""

from __future__ import annotations

import pytest

from khavaran.search.engine import search
from khavaran.search.query import Query
from tests.factories import make_source

ALL = ("public", "restricted", "confidential")


def found(query: str) -> set[int]:
    return {h.ref_id for h in search(query, levels=ALL, doc_kinds=["source"])}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "written, typed",
    [
        ("هیأت مرگ در اوین", "هیئت مرگ"),
        ("هیئت مرگ در اوین", "هیأت مرگ"),
        ("مسئول زندان", "مسؤول"),
        ("مسؤول زندان", "مسئول"),
    ],
)
def test_a_word_is_found_with_its_hamza_on_either_seat(data_dir, tmp_path, written, typed):
    source = make_source(tmp_path, written, name="report.txt")
    assert found(typed) == {source.pk}


def test_words_without_a_hamza_look_up_nothing_more():
    assert Query.parse("هیات زندان").alternatives == ((("هیاتزندان",),), (("هیاتزندان",),))
