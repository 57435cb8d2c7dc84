"""Grow a `khavaran demo` data dir to N sources for the web benchmark, in bulk SQL.

The demo's sources are cloned (text, excerpts, custody) inside SQLite, so no text crosses into
Python; people, names, tenures, participations and claims are spread over the new sources, each
fact citing excerpts like the real actions do; every searchable row gets its search document
(folded with `normalize_for_search` beside the text as written, as
`khavaran.search.engine.index_document` stores them) and the FTS triggers index it. One
headline person (the benchmarked person page) gets a realistic load for a prominent official:
dozens of facts, each with a few citations.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khavaran.text.arabic_script import normalize_for_search

NOW = "2026-11-26 10:00:00"
# Share of new sources per level: most material is public reporting, some is witness material.
LEVELS = (("public", 0.7), ("restricted", 0.2), ("confidential", 0.1))
ORDER = ("public", "restricted", "confidential")
EXCERPTS_PER_SOURCE = 3
SOURCES_PER_PERSON = 20
CLAIMS_PER_PERSON = 10
# About four times the demo's Raisi (16 facts, 23 citations): 60 facts, about 120 citations.
HEADLINE = {"names": 4, "claims": 30, "tenures": 6, "participations": 4, "extra_citations": 2}
GIVEN = [
    ("Ali", "علی"),
    ("Hassan", "حسن"),
    ("Mohammad", "محمد"),
    ("Reza", "رضا"),
    ("Mehdi", "مهدی"),
    ("Fatemeh", "فاطمه"),
    ("Maryam", "مریم"),
    ("Zahra", "زهرا"),
    ("Parvin", "پروین"),
    ("Hamid", "حمید"),
    ("Mahmoud", "محمود"),
    ("Shirin", "شیرین"),
]
FAMILY = [
    ("Ahmadi", "احمدی"),
    ("Hosseini", "حسینی"),
    ("Karimi", "کریمی"),
    ("Rezaei", "رضایی"),
    ("Moradi", "مرادی"),
    ("Jafari", "جعفری"),
    ("Sadeghi", "صادقی"),
    ("Rahimi", "رحیمی"),
    ("Mousavi", "موسوی"),
    ("Tabrizi", "تبریزی"),
    ("Shirazi", "شیرازی"),
    ("Kazemi", "کاظمی"),
]


@dataclass
class Grower:
    """Inserts with explicit ids, so facts can cite the excerpts made a moment before."""

    con: sqlite3.Connection
    rng: random.Random
    next_id: dict[str, int] = field(default_factory=dict)
    # (excerpt id, its source's level, folded quote) for every new excerpt.
    excerpts: list[tuple[int, str, str]] = field(default_factory=list)
    public_excerpts: list[tuple[int, str, str]] = field(default_factory=list)
    docs: list[tuple[object, ...]] = field(default_factory=list)

    def ids(self, table: str, count: int) -> range:
        if table not in self.next_id:
            (top,) = self.con.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
            self.next_id[table] = top + 1
        start = self.next_id[table]
        self.next_id[table] += count
        return range(start, start + count)

    def doc(
        self, kind: str, ref: int, level: str, title: str, body: str, original: str, **extra: object
    ) -> None:
        """A search document: ``body`` folded, ``original`` as written (snippets come from it)."""
        self.docs.append(
            (
                kind,
                ref,
                extra.get("source_id"),
                extra.get("source_kind", ""),
                extra.get("language", ""),
                level,
                normalize_for_search(title),
                body,
                title,
                original,
            )
        )
        if len(self.docs) >= 20_000:
            self.flush_docs()

    def flush_docs(self) -> None:
        self.con.executemany(
            "INSERT INTO search_searchdocument (kind, ref_id, source_id, source_kind, language, "
            "confidentiality, title, body, original_title, original_body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.docs,
        )
        self.docs = []

    def cite(
        self,
        table: str,
        owner: str,
        fact: int,
        count: int,
        linked: frozenset[int] = frozenset(),
        public: bool = False,
    ) -> tuple[str, str]:
        """Link `count` random new excerpts to a fact, none of those it already cites (`linked`),
        only public ones if `public`; returns (most protected level, quotes)."""
        pool = self.excerpts
        if public:
            if not self.public_excerpts:  # every excerpt is made before any fact cites one
                self.public_excerpts = [e for e in self.excerpts if e[1] == "public"]
            pool = self.public_excerpts
        chosen = self.rng.sample(pool, count)
        while any(e[0] in linked for e in chosen):  # likely only on a small data set
            chosen = self.rng.sample(pool, count)
        self.con.executemany(
            f"INSERT INTO {table} ({owner}, excerpt_id) VALUES (?, ?)",
            [(fact, e[0]) for e in chosen],
        )
        return max((e[1] for e in chosen), key=ORDER.index), " … ".join(e[2] for e in chosen)


def _level(rng: random.Random) -> str:
    return rng.choices([lv for lv, _ in LEVELS], [w for _, w in LEVELS])[0]


def _batches(items: range, size: int = 5_000) -> Iterator[range]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def add_sources(g: Grower, total: int) -> None:
    seeds = g.con.execute(
        "SELECT id, title, kind, language, text FROM evidence_source ORDER BY id"
    ).fetchall()
    folded = {s[0]: normalize_for_search(s[4]) for s in seeds}
    quotes = {
        s[0]: g.con.execute(
            "SELECT id, quoted_text FROM evidence_excerpt WHERE source_id = ? ORDER BY start",
            (s[0],),
        ).fetchall()[:EXCERPTS_PER_SOURCE]
        for s in seeds
    }
    for batch in _batches(g.ids("evidence_source", total - len(seeds))):
        rows, custody, excerpts = [], [], []
        for pk in batch:
            seed = seeds[pk % len(seeds)]
            level, title = _level(g.rng), f"{seed[1]} ({pk})"
            sha = hashlib.sha256(f"web-benchmark-{pk}".encode()).hexdigest()
            rows.append((pk, title, sha, level, NOW, seed[0]))
            custody.append((pk, sha))
            g.doc(
                "source", pk, level, title, folded[seed[0]], seed[4], source_id=pk, language=seed[3]
            )
            for (excerpt, quote), eid in zip(
                quotes[seed[0]], g.ids("evidence_excerpt", len(quotes[seed[0]])), strict=True
            ):
                excerpts.append((eid, pk, excerpt))
                g.excerpts.append((eid, level, normalize_for_search(quote)))
                g.doc("excerpt", eid, level, title, g.excerpts[-1][2], quote, source_id=pk)
        _insert_source_rows(g.con, rows, custody, excerpts)


def _insert_source_rows(
    con: sqlite3.Connection,
    rows: list[tuple[object, ...]],
    custody: list[tuple[int, str]],
    excerpts: list[tuple[int, int, int]],
) -> None:
    # Every other column copied from the seed source, whatever columns the schema has now.
    columns = [row[1] for row in con.execute("PRAGMA table_info(evidence_source)")]
    given = ("id", "title", "sha256", "confidentiality", "created_at", "is_deleted")
    copied = [c for c in columns if c not in given]
    con.executemany(
        f"INSERT INTO evidence_source ({', '.join((*given, *copied))}) "
        f"SELECT ?, ?, ?, ?, ?, 0, {', '.join(copied)} FROM evidence_source WHERE id = ?",
        rows,
    )
    con.executemany(
        "INSERT INTO evidence_custodyevent (source_id, action, actor, at, method, tool_version, "
        "sha256_seen, origin, note) VALUES (?, 'collected', 'benchmark', '" + NOW + "', "
        "'benchmarks/web.py', 'khavaran 0.1.0', ?, '', '')",
        custody,
    )
    con.executemany(
        "INSERT INTO evidence_excerpt (id, source_id, start, end, quoted_text, page, "
        "time_offset, created_by, created_at) SELECT ?, ?, start, end, quoted_text, page, "
        "time_offset, 'benchmark', '" + NOW + "' FROM evidence_excerpt WHERE id = ?",
        excerpts,
    )


def add_name(
    g: Grower, person: int, level: str, text: str, script: str, kind: str, public: bool = False
) -> None:
    (pk,) = g.ids("records_name", 1)
    g.con.execute(
        "INSERT INTO records_name (id, person_id, text, script, kind) VALUES (?, ?, ?, ?, ?)",
        (pk, person, text, script, kind),
    )
    cited, _ = g.cite("records_name_excerpts", "name_id", pk, 1 + pk % 2, public=public)
    doc_level = max(level, cited, key=ORDER.index)
    language = "fa" if script == "persian" else ""
    g.doc("name", pk, doc_level, text, normalize_for_search(text), text, language=language)


def add_claim(g: Grower, person: int, question: str) -> None:
    (pk,) = g.ids("records_claim", 1)
    level, quotes = g.cite("records_claim_excerpts", "claim_id", pk, 1 + pk % 2)
    number = float(g.rng.randrange(1, 5000))
    g.con.execute(
        "INSERT INTO records_claim (id, is_deleted, question, subject_text, predicate, "
        "value_text, value_number, qualifier, attributed_to, assessment, assessed_by, "
        "confidentiality, subject_person_id) VALUES (?, 0, ?, '', 'statement', '', ?, '', "
        "'benchmark', 'uncorroborated', '', ?, ?)",
        (pk, question, number, level, person),
    )
    text = f"{number:,.0f} benchmark {quotes}"
    g.doc("claim", pk, level, question, normalize_for_search(text), text)


def add_tenure(g: Grower, person: int, post: int) -> None:
    (pk,) = g.ids("records_tenure", 1)
    g.con.execute(
        "INSERT INTO records_tenure (id, is_deleted, confidence, person_id, post_id) "
        "VALUES (?, 0, 'medium', ?, ?)",
        (pk, person, post),
    )
    g.cite("records_tenure_excerpts", "tenure_id", pk, 1 + pk % 2)


def add_participation(
    g: Grower, person: int, incident: int, role: str, public: bool = False
) -> None:
    (pk,) = g.ids("records_participant", 1)
    g.con.execute(
        "INSERT INTO records_participant (id, is_deleted, role, incident_id, person_id) "
        "VALUES (?, 0, ?, ?, ?)",
        (pk, role, incident, person),
    )
    g.cite("records_participant_excerpts", "participant_id", pk, 1 + pk % 2, public=public)


def _existing(g: Grower, table: str) -> list[int]:
    return [row[0] for row in g.con.execute(f"SELECT id FROM {table} ORDER BY id")]


def add_people(g: Grower, count: int) -> range:
    """Ordinary people: two names each, claims, a tenure or a participation."""
    posts, incidents = _existing(g, "records_post"), _existing(g, "records_incident")
    people = g.ids("records_person", count)
    for pk in people:
        level = "confidential" if pk % 10 == 0 else "public"
        g.con.execute(
            "INSERT INTO records_person (id, is_deleted, key, confidentiality, father_name, "
            "gender, notes) VALUES (?, 0, '', ?, '', '', '')",
            (pk, level),
        )
        (given, given_fa), (family, family_fa) = g.rng.choice(GIVEN), g.rng.choice(FAMILY)
        add_name(g, pk, level, f"{given} {family}", "latin", "birth")
        add_name(g, pk, level, f"{given_fa} {family_fa}", "persian", "birth")
        for i in range(CLAIMS_PER_PERSON):
            add_claim(g, pk, f"role-of:person-{pk}:{i % 3}")
        if pk % 2:
            add_tenure(g, pk, g.rng.choice(posts))
        else:
            add_participation(g, pk, g.rng.choice(incidents), "victim")
    return people


def add_victims(g: Grower, count: int) -> None:
    """A memorial-sized list: public victims of the demo's public executions, each with a Latin
    and a Persian name and their participation, all cited from public excerpts (so the public
    memorial lists every one). Names are drawn from the pools with a second family name on half
    of them, so names repeat as real lists' do (many Mohammad Ahmadis) but not only."""
    incidents = _existing_where(g, "records_incident", "kind = 'execution'")
    people = g.ids("records_person", count)
    for pk in people:
        g.con.execute(
            "INSERT INTO records_person (id, is_deleted, key, confidentiality, father_name, "
            "gender, notes) VALUES (?, 0, '', 'public', '', '', '')",
            (pk,),
        )
        (given, given_fa), (family, family_fa) = g.rng.choice(GIVEN), g.rng.choice(FAMILY)
        if pk % 2:
            (other, other_fa) = g.rng.choice(FAMILY)
            family, family_fa = f"{other}-{family}", f"{other_fa} {family_fa}"
        add_name(g, pk, "public", f"{given} {family}", "latin", "birth", public=True)
        add_name(g, pk, "public", f"{given_fa} {family_fa}", "persian", "birth", public=True)
        add_participation(g, pk, g.rng.choice(incidents), "victim", public=True)


def _existing_where(g: Grower, table: str, where: str) -> list[int]:
    query = f"SELECT id FROM {table} WHERE {where} AND confidentiality = 'public' ORDER BY id"
    return [row[0] for row in g.con.execute(query)]


def load_headline(g: Grower, person: int) -> None:
    """A prominent official: more names, claims, tenures and participations, and more
    citations on the facts the demo already holds."""
    posts, incidents = _existing(g, "records_post"), _existing(g, "records_incident")
    for i in range(HEADLINE["names"]):
        add_name(g, person, "public", f"Ebrahim Raisi-Sadati {i}", "latin", "alias")
    for i in range(HEADLINE["claims"]):
        add_claim(g, person, f"role-of:headline:{i % 5}")
    for i in range(HEADLINE["tenures"]):
        add_tenure(g, person, posts[i % len(posts)])
    for i in range(HEADLINE["participations"]):
        add_participation(g, person, incidents[i % len(incidents)], "perpetrator")
    for table, owner, fk in (
        ("records_name", "name", "person_id"),
        ("records_tenure", "tenure", "person_id"),
        ("records_participant", "participant", "person_id"),
        ("records_claim", "claim", "subject_person_id"),
    ):
        facts = [r[0] for r in g.con.execute(f"SELECT id FROM {table} WHERE {fk} = ?", (person,))]
        for fact in facts:
            linked = frozenset(
                r[0]
                for r in g.con.execute(
                    f"SELECT excerpt_id FROM {table}_excerpts WHERE {owner}_id = ?", (fact,)
                )
            )
            g.cite(f"{table}_excerpts", f"{owner}_id", fact, HEADLINE["extra_citations"], linked)


def grow(
    db: Path, total: int, headline_key: str = "raisi", seed: int = 2026, victims: int = 0
) -> dict[str, int]:
    """Grow the database to `total` sources and `victims` more public victims; returns the ids
    the benchmark drives: the headline person and a sample of ordinary people."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    g = Grower(con, random.Random(seed))
    con.execute("BEGIN")
    add_sources(g, total)
    people = add_people(g, max(1, total // SOURCES_PER_PERSON))
    (person,) = con.execute(
        "SELECT id FROM records_person WHERE key = ?", (headline_key,)
    ).fetchone()
    load_headline(g, person)
    add_victims(g, victims)
    g.flush_docs()
    # No ANALYZE: an install never runs one, so the benchmark must not plan better than it.
    con.execute("COMMIT")
    con.close()
    return {"person": person, "people": g.rng.sample(people, min(200, len(people)))}
