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

from khavaran.search.models import SearchDocument
from khavaran.search.snippets import in_original
from khavaran.text.arabic_script import has_arabic_script, normalize_for_search
from khavaran.vocabulary import Confidentiality

# Snippet highlight markers; renderers turn them into <mark>, bold or brackets.
MARK_START, MARK_END = "\u27e6", "\u27e7"
_TOKEN = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]+)"')


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
class Query:
    """A user's query split into folded phrases (each a tuple of tokens, matched in order).

    ``alternatives`` holds, for each phrase, the other spellings that match it as well: the
    joined and the split forms of a Persian compound (see ``_compound_forms``).
    """

    phrases: tuple[tuple[str, ...], ...]
    alternatives: tuple[tuple[tuple[str, ...], ...], ...] = ()

    @classmethod
    def parse(cls, text: str) -> Query:
        quoted = [p for p in map(_tokens, _PHRASE.findall(text)) if p]
        # Split on the typed spaces before folding: a word that folds to several tokens
        # ("اعدام‌ها" with its ZWNJ, "al-Hadi") is still one word and must match as a phrase.
        words = [w for w in map(_tokens, _PHRASE.sub(" ", text).split()) if w]
        alternatives = [()] * len(quoted) + [_compound_forms(w) for w in words]
        return cls(tuple(quoted + words), tuple(alternatives))

    def forms(self) -> list[tuple[tuple[str, ...], ...]]:
        """Each phrase with its alternatives, the phrase first."""
        extra = self.alternatives or ((),) * len(self.phrases)
        return [(p, *a) for p, a in zip(self.phrases, extra, strict=True)]

    def fts5(self) -> str:
        groups = [_either([f'"{" ".join(p)}"' for p in f], " OR ") for f in self.forms()]
        if all(len(f) == 1 for f in self.forms()):
            return " ".join(groups)
        # FTS5 takes no implicit AND beside a parenthesized group.
        return " AND ".join(groups)

    def tsquery(self) -> str:
        return " & ".join(
            _either(["(" + " <-> ".join(p) + ")" for p in f], " | ") for f in self.forms()
        )


def _either(forms: list[str], operator: str) -> str:
    return forms[0] if len(forms) == 1 else "(" + operator.join(forms) + ")"


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(normalize_for_search(text)))


# Parts shorter than this are not split off a joined word. Two-letter tokens (ها، می، از) are
# the commonest: their look-ups would cost the most and match by chance the most.
_MIN_PART = 3


def _compound_forms(word: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The other spellings of a typed Persian word: joined, and split in two at each place.

    Persian writes a compound with a ZWNJ, a space or nothing ("حسین‌علی", "حسین علی",
    "حسینعلی"); the index folds the ZWNJ to a space, so it holds "حسین" "علی" for the first two
    and "حسینعلی" for the last. A word typed with a ZWNJ also matches its joined form, and a
    word typed joined also matches each two-word split of it as a phrase. The typed form stays
    first and matches as before (a query for "اعدام" finds "اعدام‌ها"). Latin words are left as
    they are. Each extra form is one more phrase to look up: a split with a missing half costs
    one look-up and matches nothing.
    """
    joined = "".join(word)
    if len(joined) < 2 * _MIN_PART or not all(_is_arabic_word(t) for t in word):
        return ()
    splits = [(joined[:i], joined[i:]) for i in range(_MIN_PART, len(joined) - _MIN_PART + 1)]
    forms = dict.fromkeys([(joined,), *splits])
    forms.pop(word, None)
    return tuple(forms)


def _is_arabic_word(token: str) -> bool:
    return token.isalpha() and has_arabic_script(token)


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

    def fields(self) -> dict[str, Any]:
        return {
            "body": normalize_for_search(self.body),
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

    ``titles=False`` matches and ranks on the text alone, for readers who may not see every
    title: a match on a source's file-derived title would confirm a name it hides.

    Raises:
        ValueError: ``limit`` is below 1 (SQLite would read a negative limit as none).
    """
    if limit < 1:
        raise ValueError(f"a search returns at least 1 hit; limit={limit}")
    query = Query.parse(text)
    if not query.phrases or not levels:
        return []
    filters, params = _filters(levels, language, source_kind, doc_kinds)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = _postgres_sql(filters or "TRUE", titles=titles)
            cursor.execute(sql, [query.tsquery(), *params, limit])
            return [_hit(row) for row in cursor.fetchall()]
    match = query.fts5() if titles else f"body : ({query.fts5()})"
    return _sqlite_search(match, filters, params, limit)


def _filters(
    levels: Sequence[str],
    language: str | None,
    source_kind: str | None,
    doc_kinds: Iterable[str] | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    # A reader cleared for every level needs no filter, and so no row look-up per match.
    if not set(Confidentiality.values) <= set(levels):
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


def _sqlite_search(match: str, filters: str, params: list[Any], limit: int) -> list[SearchHit]:
    """Two phases: rank every match, then make snippets for the hits shown.

    In one statement SQLite makes a snippet (re-tokenizing the document) for every row that
    enters the top-`limit` heap on its way, hundreds for a common term; ranking first keeps
    that to `limit` snippets, and the document table is read only when a filter needs it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_sqlite_rank_sql(filters), [match, *params, limit])
        ranked = cursor.fetchall()
        if not ranked:
            return []
        cursor.execute(_SQLITE_HITS, [json.dumps([rowid for rowid, _ in ranked]), match])
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    # A document deleted between the two statements is left out, not an error.
    # FTS5's bm25 is lower for better matches; hits carry higher-is-better scores.
    return [_hit(rows[rowid], -score) for rowid, score in ranked if rowid in rows]


def _hit(row: tuple[Any, ...], score: float | None = None) -> SearchHit:
    """A hit from a row of `_COLUMNS`, with the title and snippet as written."""
    kind, ref_id, source_id, title, original_title, body, original_body, snippet = row[:8]
    rank, language, source_kind = row[8:]
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
        f"WHERE d.tsv @@ q{text_only} AND {filters} ORDER BY ts_rank_cd({vector}, q) DESC "
        "LIMIT %s"
    )
