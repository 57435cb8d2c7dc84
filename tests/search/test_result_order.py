"""The order of a reader's hits tells nothing about documents they may not read: a score that
weighs words by how many documents hold them, hidden ones too, would."""

from __future__ import annotations

import pytest
from django.db import connection

from khavaran.search.engine import search
from tests.factories import make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db
ALL = ("public", "restricted", "confidential")


def order(query: str, levels: tuple[str, ...], *, titles: bool = True) -> list[tuple[str, int]]:
    return [(h.kind, h.ref_id) for h in search(query, levels=levels, titles=titles)]


def hide(tmp_path, text: str, count: int, level: str = "confidential") -> None:
    # Numbered: a file with the same bytes would be the same source.
    for n in range(count):
        make_source(tmp_path, f"{text} {n}", name=f"{level}-{text}-{n}.txt", confidentiality=level)


def test_hidden_documents_do_not_change_the_order_of_a_public_readers_hits(data_dir, tmp_path):
    # Each source leans on one of the two words: which word is rarer in the whole index
    # decides a collection-wide ranking.
    make_source(tmp_path, "alpha alpha alpha beta gamma", name="a.txt")
    make_source(tmp_path, "alpha beta beta beta gamma", name="b.txt")
    make_source(tmp_path, "alpha beta gamma", name="c.txt", confidentiality="restricted")
    public = [(("public",), False), (("public",), True)]
    readers = [*public, (ALL[:2], True)]
    before = [order("alpha beta", levels, titles=titles) for levels, titles in readers]
    hide(tmp_path, "beta beta", 6, level="restricted")
    middle = [order("alpha beta", levels, titles=titles) for levels, titles in readers]
    hide(tmp_path, "alpha alpha", 12)
    after = [order("alpha beta", levels, titles=titles) for levels, titles in readers]
    assert len(before[0]) == 2
    assert before[: len(public)] == middle[: len(public)] == after[: len(public)]
    # Confidential documents are hidden from a reader of restricted ones too.
    assert middle[-1] == after[-1]


def test_a_reader_of_every_level_still_gets_hits_ranked_by_relevance(data_dir, tmp_path):
    weak = make_source(tmp_path, "guard report with many other words in it", name="w.txt")
    strong = make_source(tmp_path, "guard guard guard", name="s.txt", confidentiality="restricted")
    hits = search("guard", levels=ALL, doc_kinds=["source"])
    assert [h.ref_id for h in hits] == [strong.pk, weak.pk]
    assert hits[0].score > hits[1].score > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL ranks every reader")
def test_below_full_clearance_sqlite_lists_names_claims_excerpts_then_sources(data_dir, tmp_path):
    # SQLite's bm25 counts hidden documents; PostgreSQL's ts_rank_cd ranks each document alone.
    older = make_source(tmp_path, "Lajevardi ran Evin prison in 1988.", name="old.txt")
    newer = make_source(tmp_path, "Lajevardi was warden; Lajevardi signed.", name="new.txt")
    excerpt = make_excerpt(newer, "Lajevardi was warden")
    person = make_person(excerpt, "Asadollah Lajevardi")
    claim = make_claim(excerpt, attributed_to="Lajevardi")
    hits = search("Lajevardi", levels=("public",))
    assert [(h.kind, h.ref_id) for h in hits] == [
        ("name", person.names.get().pk),
        ("claim", claim.pk),
        ("excerpt", excerpt.pk),
        ("source", newer.pk),
        ("source", older.pk),
    ]
    # Scores weigh hidden documents, so readers below full clearance get none.
    assert {h.score for h in hits} == {0.0}


@pytest.mark.parametrize("levels", [("public",), ALL])
def test_matching_refs_finds_what_search_finds_in_the_same_order_without_snippets(
    data_dir, tmp_path, levels
):
    from khavaran.search.engine import matching_refs

    public = make_excerpt(make_source(tmp_path, "Rezaei and Rezaie were listed.", name="p.txt"))
    hidden = make_excerpt(
        make_source(
            tmp_path, "Reza Rezaei, a witness.", name="w.txt", confidentiality="confidential"
        )
    )
    for name, excerpt in (
        ("Ali Rezaei", public),
        ("Hassan Rezaie", public),
        ("Reza Rezaei", hidden),
    ):
        make_person(excerpt, name=name)
    found = search("Rezaei", levels=levels, doc_kinds=["name"], limit=50)
    refs = matching_refs("Rezaei", levels=levels, doc_kinds=["name"], limit=50)
    assert refs == [hit.ref_id for hit in found]
    assert len(refs) == (2 if levels == ("public",) else 3)
    assert matching_refs("Rezaei", levels=levels, doc_kinds=["name"], limit=1) == refs[:1]
