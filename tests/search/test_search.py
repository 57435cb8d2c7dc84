"""Search in Persian and English over sources, excerpts, names and claims, behind one
interface (FTS5 on SQLite, text search on PostgreSQL)."""

from __future__ import annotations

import pytest

from khavaran.search.engine import MARK_END, MARK_START, search
from khavaran.search.query import Query
from tests.factories import make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db
ALL = ("public", "restricted", "confidential")


def test_a_persian_query_finds_text_written_with_arabic_letter_forms(data_dir, tmp_path):
    # Arabic yeh and kaf, as many Persian files are typed.
    source = make_source(tmp_path, "گزارش كشتار زندانيان سياسي در سال ۱۳۶۷", name="ar.txt")
    hits = search("کشتار زندانیان", levels=ALL)
    assert [h.ref_id for h in hits if h.kind == "source"] == [source.pk]
    # The snippet shows the words as the source wrote them, Arabic letter forms included.
    assert f"{MARK_START}كشتار{MARK_END} {MARK_START}زندانيان{MARK_END}" in hits[0].snippet


def test_an_arabic_form_query_finds_persian_text_and_digits_meet(data_dir, tmp_path):
    source = make_source(tmp_path, "اعدام‌های تابستان ۱۳۶۷ در زندان اوین", name="fa.txt")
    assert [h.ref_id for h in search("زندان اوين", levels=ALL)] == [source.pk]
    assert [h.ref_id for h in search("1367", levels=ALL)] == [source.pk]


def test_english_results_are_ranked_and_highlighted(data_dir, tmp_path):
    strong = make_source(
        tmp_path, "Massacre. The massacre of prisoners; a massacre.", name="strong.txt"
    )
    weak = make_source(
        tmp_path,
        "A long report about many things, once about a massacre, "
        "and then about other unrelated matters for a long while.",
        name="weak.txt",
    )
    hits = search("massacre", levels=ALL, doc_kinds=["source"])
    assert [h.ref_id for h in hits] == [strong.pk, weak.pk]
    assert hits[0].score > hits[1].score
    assert f"{MARK_START}massacre{MARK_END}" in hits[1].snippet.lower()


def test_it_searches_excerpts_names_and_claims(data_dir, tmp_path):
    source = make_source(tmp_path, "Ebrahim Raisi was the deputy prosecutor of Tehran.")
    excerpt = make_excerpt(source, "deputy prosecutor of Tehran")
    person = make_person(excerpt, "Ebrahim Raisi")
    claim = make_claim(excerpt, attributed_to="Human Rights Watch")
    kinds = {(h.kind, h.ref_id) for h in search("Raisi", levels=ALL)}
    assert ("name", person.names.get().pk) in kinds
    assert ("claim", claim.pk) not in kinds
    assert ("claim", claim.pk) in {
        (h.kind, h.ref_id) for h in search("Human Rights Watch", levels=ALL)
    }
    assert ("excerpt", excerpt.pk) in {(h.kind, h.ref_id) for h in search("prosecutor", levels=ALL)}


def test_it_never_returns_what_the_reader_may_not_see(data_dir, tmp_path):
    make_source(
        tmp_path, "The witness named the guard.", name="w.txt", confidentiality="confidential"
    )
    public = make_source(
        tmp_path, "A public note naming no guard.", name="p.txt", confidentiality="public"
    )
    assert [h.ref_id for h in search("guard", levels=("public",))] == [public.pk]
    assert len(search("guard", levels=ALL)) == 2


def test_it_filters_by_language_and_kind(data_dir, tmp_path):
    make_source(tmp_path, "Evin prison in 1988", name="en.txt")
    make_source(tmp_path, "زندانیان سیاسی در زندان Evin در تابستان ۱۳۶۷ اعدام شدند", name="fa.txt")
    assert {h.language for h in search("Evin", levels=ALL, language="fa")} == {"fa"}
    assert search("Evin", levels=ALL, source_kind="dataset") == []


def test_queries_are_folded_and_phrases_kept():
    assert Query.parse('Ali "Death Committee" كشتار').phrases == (
        ("death", "committee"),
        ("ali",),
        ("کشتار",),
    )
    assert Query.parse('"; DROP TABLE x; --').fts5() == (
        '("drop" OR "droptable") AND ("table" OR "droptable") AND "x"'
    )
    assert Query.parse("   ").phrases == ()


def test_excerpts_follow_their_source_when_it_becomes_confidential(data_dir, tmp_path):
    from khavaran.evidence.actions import set_confidentiality

    source = make_source(tmp_path, "The guard's name was written on the list.")
    make_excerpt(source, "guard's name")
    set_confidentiality(source, "confidential", actor="admin", reason="witness at risk")
    assert search("guard", levels=("public",)) == []
    assert {h.kind for h in search("guard", levels=ALL)} == {"source", "excerpt"}


def test_a_word_joined_by_a_zwnj_is_searched_as_one_phrase():
    assert Query.parse("اعدام‌های زندان").phrases == (("اعدام", "های"), ("زندان",))
    # A hyphenated name matches as a phrase, or written joined.
    assert Query.parse("al-Hadi").fts5() == '("al hadi" OR "alhadi")'


def test_it_ranks_alike_with_and_without_a_level_filter(data_dir, tmp_path):
    # A reader cleared for every level skips the level filter: the same hits in the same order
    # as when another filter makes the search read each document's row.
    sources = [
        make_source(
            tmp_path, "guard " * (n + 1) + "report", name=f"g{n}.txt", confidentiality=level
        )
        for n, level in enumerate(ALL)
    ]
    everything = [h.ref_id for h in search("guard", levels=ALL)]
    assert everything == [s.pk for s in reversed(sources)]
    filtered = [h.ref_id for h in search("guard", levels=ALL, doc_kinds=["source"])]
    assert filtered == everything


def test_a_compound_name_is_found_written_with_a_zwnj_or_joined(data_dir, tmp_path):
    apart = make_source(tmp_path, "حسین‌علی منتظری نامه نوشت.", name="apart.txt")
    joined = make_source(tmp_path, "آیت‌الله حسینعلی منتظری برکنار شد.", name="joined.txt")
    for query in ("حسین‌علی", "حسینعلی", "حسینعلی منتظری", "حسین‌علی منتظری"):
        found = {h.ref_id for h in search(query, levels=ALL, doc_kinds=["source"])}
        assert found == {apart.pk, joined.pk}, query
    snippets = {h.ref_id: h.snippet for h in search("حسینعلی", levels=ALL, doc_kinds=["source"])}
    # Highlighted as written, the ZWNJ kept (PostgreSQL marks each half, FTS5 the pair).
    shown = snippets[apart.pk]
    assert shown.startswith(MARK_START)
    assert shown.replace(MARK_START, "").replace(MARK_END, "").startswith("حسین\u200cعلی منتظری")


def test_a_word_still_finds_its_zwnj_forms_and_a_zwnj_word_stays_one_phrase(data_dir, tmp_path):
    plural = make_source(tmp_path, "اعدام‌ها در تابستان ادامه یافت.", name="plural.txt")
    apart = make_source(tmp_path, "حکم اعدام صادر شد و آن‌ها رفتند.", name="apart.txt")
    assert {h.ref_id for h in search("اعدام", levels=ALL)} == {plural.pk, apart.pk}
    assert [h.ref_id for h in search("اعدام‌ها", levels=ALL)] == [plural.pk]


def test_persian_words_get_their_joined_and_split_forms():
    # Words of different scripts never join; a Latin word is split only at a name element.
    assert Query.parse("al-Hadi Evin").fts5() == '("al hadi" OR "alhadi") AND "evin"'
    query = Query.parse("حسین‌علی 1367")
    assert query.phrases == (("حسین", "علی"), ("1367",))
    assert query.fts5().startswith('("حسین علی" OR "حسینعلی" OR ') and query.fts5().endswith(
        ') AND "1367"'
    )
    assert query.tsquery().startswith("((حسین <-> علی) | (حسینعلی) | ")
