"""Import structured facts (format `khavaran-case/1`) whose every citation quotes a source file.

Three passes, the first two without writing anything: the file's shape (each item's fields,
their types, vocabulary and dates), then every source file is read and every quote looked up in
its text; only when all is well are the sources ingested and the facts written, in one
transaction. Every problem names the item and the field, and nothing of the file is imported.

The format (`case-1988.json` in the shared corpus is its reference; optional fields in []):
  sources[]        file, [kind, title, origin, confidentiality (default: restricted)]
  people[]         key, names[] (text, [script, kind (default: birth)]), cite[],
                   [confidentiality]
  organizations[]  key, name, [kind, cite[], confidentiality]
  tenures[]        person, post, cite[], [organization, start, end, confidence, date_as_written,
                   calendar_as_written]
  incidents[]      key, title, [kind, start, end, date_as_written, calendar_as_written, place,
                   participants[] (person, role, cite[]), cite[], confidentiality]
  claims[]         question, cite[], value (text or number) or value_min and value_max,
                   [subject, property, qualifier, attributed_to, confidentiality]
  cite[]           file, quote
Kinds, roles, scripts, confidence and levels take the values of `khavaran.vocabulary` (a space may
stand for "_"); any other value is refused. `start` and `end` are Gregorian ISO prefixes (1988,
1988-07, 1988-08-15) with the end not before the start; `date_as_written` keeps the source's words
in the calendar `calendar_as_written` names (gregorian, solar-hijri, lunar-hijri) and, when it can
be read, must agree with them.

Levels. A record's `confidentiality` only ever raises the level its sources give it. A person is
as protected as the least protected source that names them: one public source makes a name public
knowledge, while a witness known only from a confidential testimony stays confidential. A new post
is as protected as the least protected source of a tenure in it. Organizations, incidents and
claims are at least as protected as the most protected source they cite.

Importing a file again adds nothing twice: people, organizations and incidents are found by key;
tenures, participants and claims by what they say and the passages they cite.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from khavaran.evidence.actions import find_quote, recover_interrupted_writes
from khavaran.ingest.case_facts.report import FactsImportError, ImportSummary
from khavaran.ingest.case_facts.shape import item_label, shape_problems
from khavaran.ingest.case_facts.writer import Writer
from khavaran.ingest.extraction import UnreadableFile, extract_file

FORMAT = "khavaran-case/1"


def _cites(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (fact label, cite) pair in the file, in order."""
    for section in ("people", "organizations", "tenures", "incidents", "claims"):
        for i, fact in enumerate(data.get(section) or []):
            label = item_label(section, i, fact)
            for cite in fact.get("cite") or []:
                yield label, cite
            for j, participant in enumerate(fact.get("participants") or []):
                for cite in participant["cite"]:
                    yield f"{label} participant[{j}] ({participant['person']})", cite


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactsImportError(path, ["no such file"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FactsImportError(path, [f"not valid UTF-8 JSON: {error}"]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FactsImportError(path, [f'not a facts file: "format" must be "{FORMAT}"'])
    return data


def check(path: Path, data: dict[str, Any]) -> dict[str, str]:
    """Check every item, read every named source and find every quote; returns file name ->
    extracted text. Raises FactsImportError with every problem found."""
    # Quotes and references are only looked up in a file whose items have the right shape.
    problems = shape_problems(data)
    if problems:
        raise FactsImportError(path, problems)
    texts: dict[str, str] = {}
    for entry in data.get("sources") or []:
        name = entry["file"]
        try:
            texts[name] = extract_file(path.parent / name).text
        except (UnreadableFile, OSError) as error:
            problems.append(f"source {name}: {getattr(error, 'strerror', None) or error}")
    problems += _key_problems(data)
    for label, cite in _cites(data):
        name, quote = cite["file"], cite["quote"]
        if name not in texts:
            problems.append(f"{label}: cites {name!r}, which is not among the sources")
        elif find_quote(texts[name], quote) is None:
            problems.append(f"{label}: quote not found in {name}: {quote!r}")
    if problems:
        raise FactsImportError(path, problems)
    return texts


def _key_problems(data: dict[str, Any]) -> list[str]:
    people = {p["key"] for p in data.get("people") or []}
    orgs = {o["key"] for o in data.get("organizations") or []}
    problems = []
    for i, tenure in enumerate(data.get("tenures") or []):
        if tenure["person"] not in people:
            problems.append(f"tenures[{i}]: unknown person {tenure['person']!r}")
        if tenure.get("organization") and tenure["organization"] not in orgs:
            problems.append(f"tenures[{i}]: unknown organization {tenure['organization']!r}")
    for i, incident in enumerate(data.get("incidents") or []):
        for j, participant in enumerate(incident.get("participants") or []):
            if participant["person"] not in people:
                problems.append(
                    f"incidents[{i}] participant[{j}]: unknown person {participant['person']!r}"
                )
    return problems


def import_facts(path: Path, *, actor: str) -> ImportSummary:
    """Check, then import everything in one transaction; raises FactsImportError."""
    path = path.resolve()
    data = load(path)
    check(path, data)
    try:
        with transaction.atomic():
            return Writer(path, data, actor).run()
    except BaseException:
        recover_interrupted_writes(own=True)
        raise


__all__ = ["FORMAT", "FactsImportError", "ImportSummary", "check", "import_facts", "load"]
