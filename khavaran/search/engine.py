"""Search behind one interface: SQLite FTS5 on the embedded default, PostgreSQL text search on
the server. Documents are indexed folded by `normalize_for_search`, and so are queries, so a
Persian query finds text written with Arabic letter forms and the other way round. Readers see
titles and snippets as the source wrote them (`snippets.in_original`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection

from khavaran.search.models import DocKind, SearchDocument
from khavaran.search.query import SOUND, Query, sounds_of
from khavaran.search.snippets import in_original
from khavaran.text.arabic_script import normalize_for_search
from khavaran.vocabulary import Confidentiality

# Snippet highlight markers; renderers turn them into <mark>, bold or brackets.
MARK_START, MARK_END = "\u27e6", "\u27e7"


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref_id: int
    source_id: int | None
    title: str
    snippet: str
    score: float
    language: str
    source_kind: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Document:
    kind: str
    ref_id: int
    body: str
    confidentiality: str
    title: str = ""
    language: str = ""
    source_id: int | None = None
    source_kind: str = ""
    # A person's name: each word's sound is indexed too (`query.SOUND`).
    sounds: bool = False

    def fields(self) -> dict[str, Any]:
        body = normalize_for_search(self.body)
        return {
            "body": f"{body} {sounds_of(self.body)}".rstrip() if self.sounds else body,
            "title": normalize_for_search(self.title),
            "original_body": self.body,
            "original_title": self.title,
            "confidentiality": self.confidentiality,
            "language": self.language or "",
            "source_id": self.source_id,
            "source_kind": self.source_kind,
        }


def index_document(
    kind: str,
    ref_id: int,
    *,
    body: str,
    confidentiality: str,
    title: str = "",
    language: str = "",
    source_id: int | None = None,
    source_kind: str = "",
    new: bool = False,
) -> None:
    """Add or replace the searchable form of one thing (`new=True` skips the look-up)."""
    doc = Document(kind, ref_id, body, confidentiality, title, language, source_id, source_kind)
    if new:
        index_new_documents([doc])
    else:
        reindex(doc)


def reindex(doc: Document) -> None:
    """Add or replace one thing's searchable form."""
    SearchDocument.objects.update_or_create(kind=doc.kind, ref_id=doc.ref_id, defaults=doc.fields())


def index_new_documents(docs: Sequence[Document]) -> None:
    """Index things that have no document yet, in one statement."""
    SearchDocument.objects.bulk_create(
        SearchDocument(kind=d.kind, ref_id=d.ref_id, **d.fields()) for d in docs
    )


def remove_document(kind: str, ref_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, ref_id=ref_id).delete()


def search(
    text: str,
    *,
    levels: Sequence[str],
    language: str | None = None,
    source_kind: str | None = None,
    doc_kinds: Iterable[str] | None = None,
    limit: int = 20,
    titles: bool = True,
) -> list[SearchHit]:
    """Ranked hits with highlighted snippets, limited to the confidentiality levels given.

    A typed word also finds people's names that sound the same, in either script
    (`query.SOUND`: Rezaie finds Rezaei and رضایی).

    ``titles=False`` matches and ranks on the text alone, for readers who may not see every
    title: a match on a source's file-derived title would confirm a name it hides.

    The order of a reader's hits depends on no document they may not read. PostgreSQL's
    ``ts_rank_cd`` looks at each document alone, so it ranks every reader. FTS5's bm25 weighs
    words and document lengths over the whole index, hidden documents too (a word's order
    would tell that hidden documents hold it often), so it ranks only readers of every level;
    the others get the shortest kinds of document first (``_KIND_ORDER``), newest first.

    Raises:
        ValueError: ``limit`` is below 1 (SQLite would read a negative limit as none).
    """
    query = _query(text, levels, limit)
    if query is None:
        return []
    filters, params = _filters(levels, language, source_kind, doc_kinds)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = _postgres_sql(filters or "TRUE", titles=titles)
            cursor.execute(sql, [query.tsquery(), *params, limit])
            return [_hit(row) for row in cursor.fetchall()]
    match = query.fts5() if titles else f"body : ({query.fts5()})"
    return _sqlite_search(match, filters, params, limit, ranked=_reads_every_level(levels))


def matching_refs(
    text: str, *, levels: Sequence[str], doc_kinds: Iterable[str], limit: int
) -> list[int]:
    """The `ref_id`s of the documents `search` finds for `text`, in its order, without their
    texts or snippets: for a filter that needs only which records match (the memorial's name
    box, where making 5,000 snippets took longer than finding the names)."""
    query = _query(text, levels, limit)
    if query is None:
        return []
    filters, params = _filters(levels, None, None, doc_kinds)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT d.ref_id FROM search_searchdocument d, to_tsquery('simple', %s) q "
                f"WHERE d.tsv @@ q AND {filters or 'TRUE'} "
                "ORDER BY ts_rank_cd(d.tsv, q) DESC, d.id DESC LIMIT %s",
                [query.tsquery(), *params, limit],
            )
            return [ref for (ref,) in cursor.fetchall()]
        ranked = _reads_every_level(levels)
        order = _sqlite_rank_sql(filters) if ranked else _sqlite_order_sql(filters)
        cursor.execute(order, [query.fts5(), *params, limit])
        rowids = [rowid for rowid, _ in cursor.fetchall()]
        if not rowids:
            return []
        cursor.execute(
            "SELECT d.id, d.ref_id FROM json_each(%s) AS r "
            "JOIN search_searchdocument d ON d.id = r.value",
            [json.dumps(rowids)],
        )
        refs = dict(cursor.fetchall())
    # A document deleted between the two statements is left out, as `search` leaves it out.
    return [refs[rowid] for rowid in rowids if rowid in refs]


def _query(text: str, levels: Sequence[str], limit: int) -> Query | None:
    """The parsed query, or None where nothing can match (no words, no level to read)."""
    if limit < 1:
        raise ValueError(f"a search returns at least 1 hit; limit={limit}")
    query = Query.parse(text, sounds=True)
    return query if query.phrases and levels else None


def _reads_every_level(levels: Sequence[str]) -> bool:
    return set(Confidentiality.values) <= set(levels)


def _filters(
    levels: Sequence[str],
    language: str | None,
    source_kind: str | None,
    doc_kinds: Iterable[str] | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    # A reader cleared for every level needs no filter, and so no row look-up per match.
    if not _reads_every_level(levels):
        clauses.append("d.confidentiality IN (" + ", ".join(["%s"] * len(levels)) + ")")
        params.extend(levels)
    if language:
        clauses.append("d.language = %s")
        params.append(language)
    if source_kind:
        clauses.append("d.source_kind = %s")
        params.append(source_kind)
    kinds = list(doc_kinds or [])
    if kinds:
        clauses.append("d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")")
        params.extend(kinds)
    return " AND ".join(clauses), params


# The folded and original texts come along so that the snippet can be re-cut from the original.
_TEXTS = "d.title, d.original_title, d.body, d.original_body"
_COLUMNS = (
    f"d.kind, d.ref_id, d.source_id, {_TEXTS}, {{snippet}}, {{score}}, d.language, d.source_kind"
)
_BM25 = "bm25(search_fts, 4.0, 1.0)"
_SNIPPET = f"snippet(search_fts, 1, '{MARK_START}', '{MARK_END}', '…', 24)"
# Phase two: the rows and snippets of the ranked hits only, looked up by rowid in rank order.
_SQLITE_HITS = (
    f"SELECT d.id, {_COLUMNS.format(snippet=_SNIPPET, score=0)} "
    "FROM json_each(%s) AS r JOIN search_fts ON search_fts.rowid = r.value "
    "JOIN search_searchdocument d ON d.id = r.value WHERE search_fts MATCH %s"
)


def _sqlite_search(
    match: str, filters: str, params: list[Any], limit: int, *, ranked: bool
) -> list[SearchHit]:
    """Two phases: order every match, then make snippets for the hits shown.

    In one statement SQLite makes a snippet (re-tokenizing the document) for every row that
    enters the top-`limit` heap on its way, hundreds for a common term; ranking first keeps
    that to `limit` snippets, and the document table is read only when a filter needs it.
    """
    with connection.cursor() as cursor:
        order = _sqlite_rank_sql(filters) if ranked else _sqlite_order_sql(filters)
        cursor.execute(order, [match, *params, limit])
        hits = cursor.fetchall()
        if not hits:
            return []
        cursor.execute(_SQLITE_HITS, [json.dumps([rowid for rowid, _ in hits]), match])
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    # A document deleted between the two statements is left out, not an error.
    # FTS5's bm25 is lower for better matches; hits carry higher-is-better scores.
    return [_hit(rows[rowid], -score if ranked else 0.0) for rowid, score in hits if rowid in rows]


def _hit(row: tuple[Any, ...], score: float | None = None) -> SearchHit:
    """A hit from a row of `_COLUMNS`, with the title and snippet as written."""
    kind, ref_id, source_id, title, original_title, body, original_body, snippet = row[:8]
    rank, language, source_kind = row[8:]
    if kind == DocKind.NAME:
        snippet, body = _name_snippet(snippet, body, original_body)
    return SearchHit(
        kind,
        ref_id,
        source_id,
        original_title if original_title is not None else title,
        in_original(snippet, body, original_body, (MARK_START, MARK_END)),
        rank if score is None else score,
        language,
        source_kind,
    )


_SOUND_WORD = re.compile(rf"\s*{MARK_START}?\b{SOUND}\w+{MARK_END}?")


def _name_snippet(snippet: str, body: str, original: str | None) -> tuple[str, str]:
    """A name's snippet and text without the sounds indexed with it; a name found by its
    sound alone is marked whole."""
    text = _SOUND_WORD.sub("", body)
    shown = _SOUND_WORD.sub("", snippet).strip()
    if MARK_START not in shown and shown != snippet.strip():
        shown = f"{MARK_START}{text}{MARK_END}"
    return shown, text


def _sqlite_rank_sql(filters: str) -> str:
    if not filters:
        return (
            f"SELECT rowid, {_BM25} FROM search_fts WHERE search_fts MATCH %s "
            f"ORDER BY {_BM25} LIMIT %s"
        )
    return (
        f"SELECT search_fts.rowid, {_BM25} FROM search_fts "
        "JOIN search_searchdocument d ON d.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND {filters} ORDER BY {_BM25} LIMIT %s"
    )


# Names, then claims, excerpts and sources: the shorter the document, the more a match says
# about it (what bm25 weighs by length), known from the document alone.
_KIND_ORDER = (DocKind.NAME, DocKind.CLAIM, DocKind.EXCERPT, DocKind.SOURCE)
_BY_KIND = (
    "CASE d.kind "
    + " ".join(f"WHEN '{kind.value}' THEN {n}" for n, kind in enumerate(_KIND_ORDER))
    + f" ELSE {len(_KIND_ORDER)} END"
)


def _sqlite_order_sql(filters: str) -> str:
    """The matches of a reader below full clearance in an order of their own: no bm25, whose
    word weights count hidden documents. Such a reader always has a level filter."""
    return (
        "SELECT search_fts.rowid, 0.0 FROM search_fts "
        "JOIN search_searchdocument d ON d.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND {filters} ORDER BY {_BY_KIND}, d.id DESC LIMIT %s"
    )


def _postgres_sql(filters: str, *, titles: bool = True) -> str:
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1"
    # Without titles the index still finds the candidates; the text alone decides and ranks.
    vector = "d.tsv" if titles else "to_tsvector('simple', d.body)"
    text_only = "" if titles else f" AND {vector} @@ q"
    columns = _COLUMNS.format(
        snippet=f"ts_headline('simple', d.body, q, '{options}')",
        score=f"ts_rank_cd({vector}, q)",
    )
    return (
        f"SELECT {columns} FROM search_searchdocument d, to_tsquery('simple', %s) q "
        f"WHERE d.tsv @@ q{text_only} AND {filters} "
        # Ties in the id order: never in an order the planner chose from the table's statistics.
        f"ORDER BY ts_rank_cd({vector}, q) DESC, d.id DESC LIMIT %s"
    )
