"""Readers see titles and snippets as the source wrote them, though the index holds text folded
to one letter form, lower case and ASCII digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khavaran.search.engine import MARK_END, MARK_START, search
from khavaran.search.models import SearchDocument
from khavaran.search.snippets import fold_with_offsets, in_original
from khavaran.text.arabic_script import normalize_for_search
from tests.factories import make_source

MARKS = (MARK_START, MARK_END)
ALL = ("public", "restricted", "confidential")


def marked(word: str) -> str:
    return f"{MARK_START}{word}{MARK_END}"


@pytest.mark.django_db
def test_a_hit_keeps_the_case_digits_and_letter_forms_of_its_source(data_dir, tmp_path):
    text = "Report of 1988: the Massacre at Evin, زندان اوين در سال ۱۳۶۷ و اعدام‌ها."
    make_source(tmp_path, text, name="mixed.txt", title="Amnesty International, Iran 1988")
    [hit] = search("massacre", levels=ALL, doc_kinds=["source"])
    assert hit.title == "Amnesty International, Iran 1988"
    assert marked("Massacre") in hit.snippet and "Report of 1988" in hit.snippet
    [persian] = search("زندان اوین ۱۳۶۷", levels=ALL, doc_kinds=["source"])
    assert marked("زندان") + " " + marked("اوين") in persian.snippet
    assert marked("۱۳۶۷") in persian.snippet
    assert "اعدام‌ها" in persian.snippet  # the zero-width non-joiner is kept


@pytest.mark.django_db
def test_a_long_source_is_cut_around_the_match_with_ellipses(data_dir, tmp_path):
    filler = "Sentence about nothing in particular. " * 400
    make_source(tmp_path, filler + "Hojjat al-Eslam NAYYERI signed the order. " + filler)
    [hit] = search("nayyeri", levels=ALL, doc_kinds=["source"])
    assert marked("NAYYERI") in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 400


@pytest.mark.django_db
def test_a_document_indexed_without_its_original_shows_the_folded_forms(data_dir, tmp_path):
    make_source(tmp_path, "The Massacre of 1988.", title="Report")
    SearchDocument.objects.update(original_title=None, original_body=None)
    [hit] = search("massacre", levels=ALL, doc_kinds=["source"])
    assert hit.title == "report" and marked("massacre") in hit.snippet


def test_diacritics_tatweel_and_presentation_forms_map_back_to_what_was_written() -> None:
    original = "مُحَمَّد ـــ رضا ﻻهوتی"
    folded = normalize_for_search(original)
    snippet = f"{marked('محمد')} رضا لاهوتی"
    assert in_original(snippet, folded, original, MARKS) == f"{marked('مُحَمَّد')} ـــ رضا ﻻهوتی"


def test_a_snippet_that_cannot_be_found_again_is_shown_as_the_backend_gave_it() -> None:
    assert in_original(marked("evin"), "evin prison", "Qezel Hesar", MARKS) == marked("evin")
    assert in_original(marked("evin"), "evin prison", None, MARKS) == marked("evin")


# Letters in both forms, ZWNJ, tatweel, harakat, presentation forms, digits, case, space.
LETTERS = "ابپتثيكکیی ـ\u200c\u064e\u0651ﻻﱮ۱٢3aBß \n\t.،"


@given(st.text(alphabet=st.sampled_from(LETTERS), max_size=40))
def test_folding_with_offsets_folds_as_the_index_does(text: str) -> None:
    folded, starts, ends = fold_with_offsets(text)
    assert folded.strip() == normalize_for_search(text)
    assert len(folded) == len(starts) == len(ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)


@pytest.mark.django_db
def test_the_migration_gives_documents_indexed_before_it_their_originals(data_dir, tmp_path):
    from importlib import import_module

    from django.apps import apps

    source = make_source(tmp_path, "The Massacre of 1988.", title="Amnesty Report")
    SearchDocument.objects.update(original_title=None, original_body=None)
    import_module("khavaran.search.migrations.0002_original_text")._fill(apps, None)
    document = SearchDocument.objects.get(kind="source", ref_id=source.pk)
    assert (document.original_title, document.original_body) == (
        "Amnesty Report",
        "The Massacre of 1988.",
    )
    [hit] = search("massacre", levels=ALL, doc_kinds=["source"])
    assert hit.title == "Amnesty Report" and marked("Massacre") in hit.snippet
