"""Search latency: `python benchmarks/search.py [--sources 100000 --excerpts 1000000]`.

Builds a fresh data dir holding generated mixed Persian/English sources and excerpts (written
in bulk; the FTS triggers index them), then times 200 mixed-script queries through
`khavaran.search.engine.search` and, in the same run on the same database file, the same
queries as raw FTS5 statements through the `sqlite3` module. Prints JSON: p50/p95/max of each,
the app/raw ratio, the slowest queries, build time and database size.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from search_corpus import ARABIC_FORMS, Corpus, generate

LEVELS = ("public", "restricted", "confidential")
SOURCE_KINDS = ("document", "testimony", "web", "dataset")
INSERT = (
    "INSERT INTO search_searchdocument (kind, ref_id, source_id, source_kind, language, "
    "confidentiality, title, body, original_title, original_body) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
RAW = (
    "SELECT rowid, snippet(search_fts, 1, '\u27e6', '\u27e7', '…', 24), "
    "-bm25(search_fts, 4.0, 1.0) FROM search_fts WHERE search_fts MATCH ? "
    "ORDER BY bm25(search_fts, 4.0, 1.0) LIMIT 20"
)


class Rows:
    """Row tuples for the bulk insert, made from the corpus token ids."""

    def __init__(self, corpus: Corpus, excerpts: int, seed: int) -> None:
        self.corpus, self.excerpts = corpus, excerpts
        self.rng = np.random.default_rng(seed)
        self.folded, self.words = corpus.folded, corpus.words
        n = len(corpus.tokens)
        self.kind = self.rng.choice(len(SOURCE_KINDS), n, p=[0.5, 0.3, 0.15, 0.05])
        self.level = self.rng.choice(len(LEVELS), n, p=[0.3, 0.5, 0.2])
        self.titles = [self.texts(ids[: int(self.rng.integers(3, 10))]) for ids in corpus.tokens]

    def texts(self, ids: np.ndarray) -> tuple[str, str]:
        """The folded text the index sees and the text as written, which readers see."""
        tokens = ids.tolist()
        return " ".join(map(self.folded.__getitem__, tokens)), " ".join(
            map(self.words.__getitem__, tokens)
        )

    def common(self, i: int) -> tuple[str, str, str]:
        language = "fa" if self.corpus.is_persian[i] else "en"
        return SOURCE_KINDS[self.kind[i]], language, LEVELS[self.level[i]]

    def sources(self) -> Iterator[tuple[object, ...]]:
        for i, ids in enumerate(self.corpus.tokens):
            (title, original_title), (body, original) = self.titles[i], self.texts(ids)
            yield ("source", i + 1, None, *self.common(i), title, body, original_title, original)

    def excerpt_rows(self) -> Iterator[tuple[object, ...]]:
        owners = self.rng.integers(0, len(self.corpus.tokens), self.excerpts)
        lengths = self.rng.integers(5, 41, self.excerpts)
        for n, (i, length) in enumerate(zip(owners.tolist(), lengths.tolist(), strict=True)):
            ids = self.corpus.tokens[i]
            start = int(self.rng.integers(0, max(1, len(ids) - length)))
            body, original = self.texts(ids[start : start + length])
            title, original_title = self.titles[i]
            yield ("excerpt", n + 1, i + 1, *self.common(i), title, body, original_title, original)


def build(data_dir: Path, sources: int, excerpts: int, seed: int) -> tuple[Corpus, Path]:
    from khavaran.config.bootstrap import setup_django

    setup_django(data_dir)
    db = data_dir / "khavaran.sqlite3"
    corpus = generate(sources, seed)
    raw = sqlite3.connect(db)
    if raw.execute("SELECT count(*) FROM search_searchdocument").fetchone()[0]:
        return corpus, db
    rows = Rows(corpus, excerpts, seed + 2)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=OFF")
    with raw:
        raw.executemany(INSERT, rows.sources())
        raw.executemany(INSERT, rows.excerpt_rows())
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return corpus, db


def make_queries(corpus: Corpus, count: int, seed: int) -> list[tuple[str, str]]:
    """(category, text) pairs in the proportions users type them."""
    rng = random.Random(seed)
    fa, en = corpus.persian.words, corpus.english.words
    first_fa, first_en = fa[fa.index("علی") : fa.index("علی") + 30], en[en.index("ali") :][:30]
    pick = {
        # Common content words: nobody searches for "the" or "و" alone.
        "common-fa": lambda: rng.choice(fa[24:150]),
        "common-en": lambda: rng.choice(en[26:150]),
        "mid": lambda: rng.choice(rng.choice([fa, en])[300:3000]),
        "rare": lambda: rng.choice(rng.choice([fa, en])[3000:]),
        "name-fa": lambda: f"{rng.choice(first_fa)} {rng.choice(fa[400:])}",
        "name-en": lambda: f"{rng.choice(first_en)} {rng.choice(en[400:])}",
        "two-words": lambda: f"{rng.choice(fa[8:200])} {rng.choice(fa[200:5000])}",
        "phrase": lambda: '"' + _bigram(corpus, rng) + '"',
        "arabic-forms": lambda: _with_arabic_forms(fa, rng),
        "persian-digits": lambda: rng.choice(["۱۳۶۷", "۱۳۶۰", "۱۳۶۷ اوین", "۱۳۸۸", "۱۲"]),
    }
    shares = {"common-fa": 20, "common-en": 15, "mid": 30, "rare": 25, "name-fa": 20,
              "name-en": 15, "two-words": 25, "phrase": 25, "arabic-forms": 15,
              "persian-digits": 10}  # fmt: skip
    queries = [(cat, pick[cat]()) for cat, n in shares.items() for _ in range(n)]
    rng.shuffle(queries)
    return queries[:count]


def _bigram(corpus: Corpus, rng: random.Random) -> str:
    ids = corpus.tokens[rng.randrange(len(corpus.tokens))]
    start = rng.randrange(len(ids) - 2)
    return " ".join(corpus.words[i] for i in ids[start : start + 2].tolist())


def _with_arabic_forms(fa: list[str], rng: random.Random) -> str:
    words = [w for w in fa[8:2000] if "ی" in w or "ک" in w]
    return rng.choice(words).translate(ARABIC_FORMS)


def timed(call: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of `repeat` calls, so one noisy neighbour does not decide."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(queries: list[tuple[str, str]], db: Path, repeat: int) -> dict[str, object]:
    from django.db import connection

    from khavaran.search.engine import Query, search

    with connection.cursor() as cursor:
        pragmas = {p: cursor.execute(f"PRAGMA {p}").fetchone()[0]
                   for p in ("cache_size", "mmap_size")}  # fmt: skip
    raw = sqlite3.connect(db)
    # The raw statements get the app connection's cache settings: the ratio measures the app.
    for name, value in pragmas.items():
        raw.execute(f"PRAGMA {name}={value}")
    results = []
    for n, (category, text) in enumerate(queries):
        match = Query.parse(text).fts5()
        app_call = lambda: search(text, levels=LEVELS, limit=20)  # noqa: B023, E731
        raw_call = lambda: raw.execute(RAW, (match,)).fetchall()  # noqa: B023, E731
        # Alternate which side goes first, so neither always finds the pages the other loaded.
        if n % 2:
            rawms, app = timed(raw_call, repeat), timed(app_call, repeat)
        else:
            app, rawms = timed(app_call, repeat), timed(raw_call, repeat)
        hits = len(search(text, levels=LEVELS, limit=20))
        matches = raw.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                              (match,)).fetchone()[0]  # fmt: skip
        results.append({"query": text, "category": category, "app_ms": round(app, 2),
                        "raw_ms": round(rawms, 2), "matches": matches, "hits": hits})  # fmt: skip
    return {"pragmas": pragmas, "results": results}


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    at = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": round(at(0.5), 2), "p95": round(at(0.95), 2), "max": round(ordered[-1], 2)}


def summary(measured: dict[str, object], build_s: float, db: Path, args: argparse.Namespace
            ) -> dict[str, object]:  # fmt: skip
    results: list[dict[str, object]] = measured["results"]  # type: ignore[assignment]
    app = percentiles([r["app_ms"] for r in results])  # type: ignore[misc]
    raw = percentiles([r["raw_ms"] for r in results])  # type: ignore[misc]
    slowest = sorted(results, key=lambda r: -r["app_ms"])[:10]  # type: ignore[operator]
    size = sum(p.stat().st_size for p in db.parent.glob("khavaran.sqlite3*"))
    categories = sorted({str(r["category"]) for r in results})
    by_category = {
        c: percentiles([r["app_ms"] for r in results if r["category"] == c])  # type: ignore[misc]
        for c in categories
    }
    return {
        "benchmark": "search", "sources": args.sources, "excerpts": args.excerpts,
        "queries": len(results), "repeat": args.repeat, "app_ms": app, "raw_ms": raw,
        "ratio_p50": round(app["p50"] / raw["p50"], 2),
        "ratio_p95": round(app["p95"] / raw["p95"], 2),
        "build_s": round(build_s, 1), "db_mib": round(size / 2**20, 1),
        "pragmas": measured["pragmas"], "app_ms_by_category": by_category, "slowest": slowest,
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--excerpts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--pragma",
        action="append",
        default=[],
        help="e.g. mmap_size=1073741824: try a connection setting on both sides",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="keep the built data dir here; an already filled one is reused",
    )
    args = parser.parse_args()
    os.environ.pop("KHAVARAN_DATABASE_URL", None)
    data_dir = args.data_dir
    if data_dir is None:
        # A throwaway build (up to 1.5 GiB at a million excerpts): removed when the run ends.
        data_dir = Path(tempfile.mkdtemp(prefix="khavaran-search-bench-"))
        atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    started = time.perf_counter()
    corpus, db = build(data_dir, args.sources, args.excerpts, args.seed)
    build_s = time.perf_counter() - started
    queries = make_queries(corpus, args.queries, args.seed)
    from django.db import connection

    with connection.cursor() as cursor:
        for pragma in args.pragma:
            cursor.execute(f"PRAGMA {pragma}")
    for _, text in queries:  # one pass to warm the page cache, as a running server would be
        from khavaran.search.engine import search

        search(text, levels=LEVELS, limit=20)
    print(json.dumps(summary(measure(queries, db, args.repeat), build_s, db, args),
                     ensure_ascii=False, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
