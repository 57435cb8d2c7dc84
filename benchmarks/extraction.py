"""Extraction benchmark: precision, recall and F1 per kind on the gold set, and throughput.

    .venv/bin/python benchmarks/extraction.py            # figures as JSON
    .venv/bin/python benchmarks/extraction.py --fill-spans FILE...   # add spans to new gold files

The gold set (benchmarks/data/extraction_gold/*.json) was annotated by reading the texts, before
the extractors were measured on it. Matching: mentions and dates by exact span (and type);
quotes and claims when their spans overlap by at least half (intersection over union >= 0.5).
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khavaran.extract import Gazetteer, Proposal, extract
from khavaran.extract.folding import fold_name

GOLD = Path(__file__).parent / "data" / "extraction_gold"
KINDS = {"mentions": "mention", "quotes": "quote", "claims": "claim", "dates": "date"}
PATTERN_EXTRACTORS = {"new_names", "dates", "quotes", "number_claims", "relations", "defects"}


def load_gold() -> tuple[list[dict[str, Any]], Gazetteer]:
    """The gold documents and the gazetteer of the names the 'database' already knows."""
    docs = [json.loads(p.read_text("utf-8")) for p in sorted(GOLD.glob("[a-z][a-z]-*.json"))]
    names = json.loads((GOLD / "gazetteer.json").read_text("utf-8"))["names"]
    return docs, Gazetteer.build(tuple(n) for n in names)


def fill_spans(doc: dict[str, Any]) -> dict[str, Any]:
    """Spans for annotations given as text: mentions at every free occurrence, others once."""
    text = doc["text"]
    for key in KINDS:
        taken: list[tuple[int, int]] = []
        filled: list[dict[str, Any]] = []
        for item in sorted(doc[key], key=lambda a: -len(a["text"])):
            spans = [
                (m.start(), m.end())
                for m in re.finditer(rf"(?<!\w){re.escape(item['text'])}(?!\w)", text)
            ]
            free = [s for s in spans if not any(a < s[1] and s[0] < b for a, b in taken)]
            for start, end in free if key == "mentions" else free[:1]:
                taken.append((start, end))
                filled.append({**item, "start": start, "end": end})
        doc[key] = sorted(filled, key=lambda a: a["start"])
    return doc


def same_name(a: str | None, b: str | None) -> bool:
    """Whether two names of a speaker agree: equal, or one's words are part of the other's."""
    if a is None or b is None:
        return a is b
    wa, wb = set(fold_name(a).split()), set(fold_name(b).split())
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _match(
    gold: list[dict[str, Any]], found: list[Proposal], exact: bool
) -> list[tuple[dict[str, Any], Proposal]]:
    pairs: list[tuple[dict[str, Any], Proposal]] = []
    used: set[int] = set()
    for item in gold:
        span = (item["start"], item["end"])
        for i, p in enumerate(found):
            fits = (p.start, p.end) == span if exact else _iou(span, (p.start, p.end)) >= 0.5
            if i not in used and fits and p.entity_type == item.get("entity_type"):
                pairs.append((item, p))
                used.add(i)
                break
    return pairs


def evaluate(docs: list[dict[str, Any]], gazetteer: Gazetteer) -> dict[str, Any]:
    """Precision, recall, F1 per kind, quote-speaker accuracy and claim attribution recall."""
    totals = {k: [0, 0, 0] for k in KINDS}  # true positives, proposed, gold
    speaker_ok = attribution_ok = 0
    quotes_matched = 0
    for doc in docs:
        proposals = extract(doc["text"], gazetteer)
        for key, kind in KINDS.items():
            found = [p for p in proposals if p.kind == kind]
            pairs = _match(doc[key], found, exact=key in ("mentions", "dates"))
            totals[key][0] += len(pairs)
            totals[key][1] += len(found)
            totals[key][2] += len(doc[key])
            if key == "quotes":
                quotes_matched += len(pairs)
                speaker_ok += sum(same_name(g["speaker"], p.speaker) for g, p in pairs)
            if key == "claims":
                attribution_ok += sum(
                    same_name(g["attributed_to"], p.attributed_to) for g, p in pairs
                )
    scores = {key: _prf(*counts) for key, counts in totals.items()}
    return {
        "per_kind": scores,
        "quote_speaker_accuracy": round(speaker_ok / max(quotes_matched, 1), 3),
        "claims_with_correct_attribution_recall": round(
            attribution_ok / max(totals["claims"][2], 1), 3
        ),
    }


def _prf(tp: int, proposed: int, gold: int) -> dict[str, float | int]:
    p = tp / proposed if proposed else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "gold": gold,
        "proposed": proposed,
    }


def synthetic_gazetteer(size: int, seed: int = 1988) -> list[tuple[str, str, str]]:
    """`size` made-up person names (Latin and Persian syllables), fixed seed."""
    rng = random.Random(seed)
    latin = [
        "ba",
        "ha",
        "ri",
        "za",
        "de",
        "mo",
        "sa",
        "ne",
        "ja",
        "far",
        "kha",
        "pur",
        "vand",
        "zad",
        "ni",
        "gol",
    ]
    persian = [
        "با",
        "ها",
        "ری",
        "زا",
        "ده",
        "مو",
        "سا",
        "نه",
        "جا",
        "فر",
        "خا",
        "پور",
        "وند",
        "زاد",
        "نی",
        "گل",
    ]
    names: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    i = 0
    while len(names) < size:
        i += 1
        syllables = latin if i % 2 else persian
        first = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
        last = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        name = f"{first.title()} {last.title()}" if i % 2 else f"{first} {last}"
        if name not in seen:
            seen.add(name)
            names.append(("person", f"p{i}", name))
    return names


def throughput(docs: list[dict[str, Any]], gazetteer_size: int = 100_000) -> dict[str, Any]:
    """Words per second on one core, each text extracted on its own (best of 5 rounds).

    Pattern extractors alone, known entities with a 100,000-name gazetteer, and everything.
    """
    texts = [d["text"] for d in docs] * 10
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    known = json.loads((GOLD / "gazetteer.json").read_text("utf-8"))["names"]
    big = Gazetteer.build([*synthetic_gazetteer(gazetteer_size), *(tuple(n) for n in known)])
    build_s = time.perf_counter() - started
    timings = {}
    for label, only, gazetteer in (
        ("pattern_extractors", PATTERN_EXTRACTORS, None),
        ("known_entities_100k_names", {"known_entities"}, big),
        ("all_extractors_100k_names", None, big),
    ):
        seconds = min(_timed(texts, gazetteer, only) for _ in range(5))
        timings[label] = {
            "words_per_second": round(words / seconds),
            "ms_per_1000_words": round(seconds / words * 1_000_000, 2),
        }
    return {
        "words": words,
        "gazetteer_names": len(big),
        "gazetteer_build_seconds": round(build_s, 2),
        **timings,
    }


def _timed(texts: list[str], gazetteer: Gazetteer | None, only: set[str] | None) -> float:
    started = time.perf_counter()
    for text in texts:
        extract(text, gazetteer, only=only)
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    if argv[:1] == ["--fill-spans"]:
        for path in map(Path, argv[1:]):
            doc = fill_spans(json.loads(path.read_text("utf-8")))
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    docs, gazetteer = load_gold()
    report = {
        "documents": len(docs),
        "persian_documents": sum(d["language"] == "fa" for d in docs),
        "words": sum(len(d["text"].split()) for d in docs),
        **evaluate(docs, gazetteer),
        "throughput_one_core": throughput(docs),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
