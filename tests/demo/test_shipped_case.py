"""The example case shipped for ``khavaran demo`` (``khavaran/demo/case/``) is consistent and ours.

Plain pytest, no Django: every cited quote occurs in its file (up to whitespace), every key that a
fact references exists, the protected testimony stays protected, and no sentence of the sample
corpus in ``../shared/corpus`` (not ours to redistribute) was copied into the shipped texts.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CASE_DIR = REPO / "khavaran" / "demo" / "case"
CORPUS_DIR = REPO.parent / "shared" / "corpus"

ROLES = {"victim", "perpetrator", "ordering authority", "witness", "present"}
CONFIDENTIALITY = {"public", "restricted", "confidential"}
ISO_PREFIX = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
PERSIAN_DIGITS = re.compile("[۰-۹]")
ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
MIN_COPIED_WORDS = 12


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return " ".join(text.split())


class _MainText(HTMLParser):
    """Text inside <main> (or <body> if there is none), without <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = {"main": 0, "body": 0, "script": 0, "style": 0}
        self.main: list[str] = []
        self.body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.depth:
            self.depth[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth.get(tag):
            self.depth[tag] -= 1

    def handle_data(self, data: str) -> None:
        if self.depth["script"] or self.depth["style"]:
            return
        if self.depth["main"]:
            self.main.append(data)
        if self.depth["body"]:
            self.body.append(data)


def html_main_text(raw: str) -> str:
    parser = _MainText()
    parser.feed(raw)
    parser.close()
    return " ".join(parser.main or parser.body)


@cache
def case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASE_DIR / "case.json").read_text(encoding="utf-8"))
    return data


@cache
def text_of(name: str) -> str:
    """The text Khavaran cites from: the file itself, or the main text of an HTML page."""
    raw = (CASE_DIR / name).read_text(encoding="utf-8")
    return html_main_text(raw) if name.endswith((".html", ".htm")) else raw


def source_files() -> list[str]:
    return [s["file"] for s in case()["sources"]]


def facts() -> list[tuple[str, dict[str, Any]]]:
    """Every fact that carries citations, with a label for messages."""
    c = case()
    out: list[tuple[str, dict[str, Any]]] = []
    for kind in ("people", "organizations", "tenures", "incidents", "claims"):
        for i, fact in enumerate(c[kind]):
            label = f"{kind}[{i}] {fact.get('key') or fact.get('question') or fact.get('person')}"
            out.append((label, fact))
            for j, part in enumerate(fact.get("participants", [])):
                out.append((f"{label}.participants[{j}] {part['person']}", part))
    return out


def all_cites() -> list[tuple[str, dict[str, str]]]:
    return [(label, cite) for label, fact in facts() for cite in fact["cite"]]


# --- shape ----------------------------------------------------------------------------------------


def test_format_and_top_level_keys() -> None:
    c = case()
    assert c["format"] == "khavaran-case/1"
    assert {
        "about",
        "case",
        "sources",
        "people",
        "organizations",
        "tenures",
        "incidents",
        "claims",
    } <= set(c)
    assert c["case"]["key"] and c["case"]["title"]


def test_sources_exist_and_are_described() -> None:
    files = source_files()
    assert len(files) == len(set(files)), "a source is listed twice"
    assert 6 <= len(files) <= 8
    for src in case()["sources"]:
        assert {"file", "kind", "title", "language", "confidentiality", "origin"} <= set(src), src
        assert src["confidentiality"] in CONFIDENTIALITY
        assert (CASE_DIR / src["file"]).is_file(), f"missing source file {src['file']}"
        assert "/" not in src["file"] and "\\" not in src["file"]


def test_every_fact_cites_something() -> None:
    for label, fact in facts():
        assert fact.get("cite"), f"{label} cites nothing"


# --- citations ------------------------------------------------------------------------------------


def test_every_cited_file_is_a_listed_source_in_the_folder() -> None:
    listed = set(source_files())
    for label, cite in all_cites():
        assert cite["file"] in listed, f"{label}: {cite['file']} is not a listed source"
        assert (CASE_DIR / cite["file"]).is_file(), f"{label}: {cite['file']} does not exist"


def test_every_quote_occurs_in_its_file_up_to_whitespace() -> None:
    missing = [
        f"{label}: {cite['quote']!r} not in {cite['file']}"
        for label, cite in all_cites()
        if not cite["quote"].strip() or squash(cite["quote"]) not in squash(text_of(cite["file"]))
    ]
    assert not missing, "\n".join(missing)


# --- references between facts ---------------------------------------------------------------------


def test_keys_are_unique() -> None:
    c = case()
    for kind in ("people", "organizations", "incidents"):
        keys = [x["key"] for x in c[kind]]
        assert len(keys) == len(set(keys)), f"duplicate key in {kind}"
    all_keys = [x["key"] for kind in ("people", "organizations", "incidents") for x in c[kind]]
    assert len(all_keys) == len(set(all_keys)), "a key names two different things"


def test_every_referenced_key_exists() -> None:
    c = case()
    people = {p["key"] for p in c["people"]}
    orgs = {o["key"] for o in c["organizations"]}
    incidents = {i["key"] for i in c["incidents"]}
    for t in c["tenures"]:
        assert t["person"] in people, t
        assert t["organization"] in orgs, t
    for inc in c["incidents"]:
        for part in inc.get("participants", []):
            assert part["person"] in people, (inc["key"], part)
            assert part["role"] in ROLES, (inc["key"], part)
    for claim in c["claims"]:
        assert claim["subject"] in people | orgs | incidents, claim


def vocabulary(name: str) -> set[str]:
    """The values of one vocabulary in khavaran/vocabulary.py, read without importing Django."""
    path = REPO / "khavaran" / "vocabulary.py"
    if not path.is_file():
        pytest.skip("khavaran/vocabulary.py not present")
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    pytest.skip(f"{name} not found in khavaran/vocabulary.py")


def test_kinds_and_roles_are_in_the_project_vocabulary() -> None:
    c = case()
    assert {s["kind"] for s in c["sources"]} <= vocabulary("SOURCE_KINDS")
    assert {o["kind"] for o in c["organizations"]} <= vocabulary("ORGANIZATION_KINDS")
    assert {i["kind"] for i in c["incidents"]} <= vocabulary("INCIDENT_KINDS")
    roles = {p["role"].replace(" ", "_") for i in c["incidents"] for p in i.get("participants", [])}
    assert roles <= vocabulary("PARTICIPANT_ROLES")
    assert {t["confidence"] for t in c["tenures"]} <= vocabulary("CONFIDENCE")
    assert {s["confidentiality"] for s in c["sources"]} <= vocabulary("CONFIDENTIALITY")


# --- content --------------------------------------------------------------------------------------


def earliest(date: str) -> str:
    return (date + "-01-01")[:10]


def latest(date: str) -> str:
    return {4: date + "-12-31", 7: date + "-31"}.get(len(date), date)


def test_dates_are_iso_prefixes() -> None:
    c = case()
    for fact in [*c["tenures"], *c["incidents"]]:
        for field in ("start", "end"):
            assert ISO_PREFIX.match(fact[field]), (field, fact)
        assert earliest(fact["start"]) <= latest(fact["end"]), fact
    for inc in c["incidents"]:
        if "date_as_written" in inc:
            assert inc["calendar_as_written"] in {"gregorian", "solar-hijri", "lunar-hijri"}
            assert PERSIAN_DIGITS.search(inc["date_as_written"])


def test_minimum_contents() -> None:
    c = case()
    bilingual = [
        p for p in c["people"] if {n["script"] for n in p["names"]} >= {"latin", "persian"}
    ]
    assert len(bilingual) >= 8
    for p in bilingual:
        persian = next(n["text"] for n in p["names"] if n["script"] == "persian")
        assert ARABIC_LETTERS.search(persian), p
    assert len(c["organizations"]) >= 6
    assert len(c["tenures"]) >= 8
    assert len([i for i in c["incidents"] if i.get("participants")]) >= 3
    assert all(t["confidence"] in {"high", "medium", "low"} for t in c["tenures"])


def test_contested_figures_keep_every_version() -> None:
    claims = case()["claims"]
    toll = [c for c in claims if c["question"] == "number-killed:massacre-1988"]
    assert len({c["attributed_to"] for c in toll}) >= 4
    for c in toll:
        if "value" in c:
            assert isinstance(c["value"], int) and c["value"] > 0, c
        else:
            assert 0 < c["value_min"] <= c["value_max"], c
    assert any(c.get("value") == 30000 for c in toll)
    assert any((c.get("value_min"), c.get("value_max")) == (2800, 3800) for c in toll)
    arrest = [c for c in claims if c["question"] == "house-arrest:montazeri"]
    assert len({c["value"] for c in arrest}) >= 2


def test_testimony_is_confidential_invented_and_barely_cited() -> None:
    c = case()
    testimonies = [s for s in c["sources"] if s["kind"] == "testimony"]
    assert testimonies
    for src in testimonies:
        assert src["confidentiality"] == "confidential"
        assert "INVENTED" in text_of(src["file"])[:200].upper()
        citing = [
            (label, f)
            for label, f in facts()
            if any(cite["file"] == src["file"] for cite in f["cite"])
        ]
        assert all(label.startswith("claims[") for label, _ in citing), citing
        assert len(citing) <= 1
        for _, fact in citing:
            assert fact.get("confidentiality") == "confidential", fact


def test_documents_are_short_and_the_persian_one_is_persian() -> None:
    for name in source_files():
        words = len(text_of(name).split())
        assert 150 <= words <= 450, f"{name}: {words} words"
    persian = [s["file"] for s in case()["sources"] if s["language"] == "fa"]
    assert persian
    for name in persian:
        text = text_of(name)
        assert PERSIAN_DIGITS.search(text) and "۱۳۶۷" in text
        assert not re.search(r"[0-9]", text), (
            "Persian document should write Solar Hijri dates in Persian digits"
        )


def test_html_script_is_not_main_text() -> None:
    for name in source_files():
        if name.endswith(".html"):
            raw = (CASE_DIR / name).read_text(encoding="utf-8")
            main = text_of(name)
            assert "<script" in raw  # the page deliberately carries a script
            assert "XSS" not in main and "document.title" not in main
            assert "newsletter" not in main.lower()  # navigation is not main text


# --- originality ----------------------------------------------------------------------------------


def corpus_texts() -> dict[str, str]:
    names = ["seed-article.txt", *sorted(p.name for p in CORPUS_DIR.glob("note-*.md"))]
    return {
        n: (CORPUS_DIR / n).read_text(encoding="utf-8") for n in names if (CORPUS_DIR / n).is_file()
    }


def sentences(text: str) -> list[str]:
    text = squash(text)
    return [s.strip() for s in re.split(r"(?<=[.!?؟])\s+|\s*\n\s*", text) if s.strip()]


def words(text: str) -> list[str]:
    """Lower-cased words without punctuation, for comparing texts loosely."""
    text = text.replace("\u200c", " ").replace("’", "'").replace("“", '"').replace("”", '"')
    return re.findall(r"[\w']+", text.lower())


def shipped_texts() -> dict[str, str]:
    out = {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(CASE_DIR.iterdir())
        if p.is_file() and p.name != "case.json"
    }
    return out


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason="sample corpus ../shared/corpus not present")
def test_no_sentence_of_the_corpus_is_copied() -> None:
    corpus = corpus_texts()
    assert "seed-article.txt" in corpus
    mine = {name: squash(text) for name, text in shipped_texts().items()}
    mine_words = {name: " ".join(words(text)) for name, text in shipped_texts().items()}
    copied = []
    for cname, ctext in corpus.items():
        for sentence in sentences(ctext):
            ws = words(sentence)
            if len(ws) < MIN_COPIED_WORDS:
                continue
            for name in mine:
                if sentence in mine[name] or " ".join(ws) in mine_words[name]:
                    copied.append(f"{name} copies {cname}: {sentence!r}")
    assert not copied, "\n".join(copied)


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason="sample corpus ../shared/corpus not present")
def test_no_run_of_twelve_words_is_copied() -> None:
    """Stricter than whole sentences: no 12 consecutive words shared with the corpus."""

    def grams(text: str) -> set[tuple[str, ...]]:
        ws = words(text)
        return {tuple(ws[i : i + MIN_COPIED_WORDS]) for i in range(len(ws) - MIN_COPIED_WORDS + 1)}

    corpus: set[tuple[str, ...]] = set().union(*(grams(t) for t in corpus_texts().values()))
    copied = {
        name: sorted(" ".join(g) for g in grams(text) & corpus)[:3]
        for name, text in shipped_texts().items()
    }
    assert not any(copied.values()), copied


def test_seed_article_is_not_shipped() -> None:
    assert not (CASE_DIR / "seed-article.txt").exists()
    assert not list(CASE_DIR.glob("note-0*"))
