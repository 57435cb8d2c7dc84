"""Import structured facts (format `khavaran-case/1`) whose every citation quotes a source file.

Two passes: first every file is read and every quote is looked up in its text, without writing
anything; only when all quotes are found are the sources ingested and the facts written, in one
transaction. A quote not found names the fact and the quote, and nothing of the file is imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from khavaran.evidence.actions import cite_quote, find_quote, recover_interrupted_writes
from khavaran.evidence.models import Excerpt, FuzzyDate, Source
from khavaran.ingest.extraction import UnreadableFile, extract_file
from khavaran.ingest.pipeline import DUPLICATE, FAILED, IngestOptions, ingest_file
from khavaran.records import actions
from khavaran.records.models import Incident, Organization, Participant, Person, Tenure
from khavaran.text.dates import UnparseableDate, from_iso_prefix
from khavaran.vocabulary import ORGANIZATION_KINDS, PARTICIPANT_ROLES, SOURCE_KINDS

FORMAT = "khavaran-case/1"


class FactsImportError(ValueError):
    """The facts file cannot be imported; `problems` lists every reason, one line each."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{path.name}: {problems[0]}{more}")


@dataclass
class ImportSummary:
    sources: int = 0
    people: int = 0
    organizations: int = 0
    tenures: int = 0
    incidents: int = 0
    participants: int = 0
    claims: int = 0
    excerpts: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        counts = {k: v for k, v in self.__dict__.items() if isinstance(v, int)}
        return counts | {"excerpts": len(self.excerpts)}


def _cites(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (fact label, cite) pair in the file, in order."""
    for section in ("people", "organizations", "tenures", "incidents", "claims"):
        for i, fact in enumerate(data.get(section, [])):
            label = f"{section}[{i}]" + (f" ({fact['key']})" if "key" in fact else "")
            for cite in fact.get("cite", []):
                yield label, cite
            for j, participant in enumerate(fact.get("participants", [])):
                for cite in participant.get("cite", []):
                    yield f"{label} participant[{j}] ({participant.get('person')})", cite


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
    """Read every named source and find every quote; returns file name -> extracted text."""
    problems: list[str] = []
    texts: dict[str, str] = {}
    for entry in data.get("sources", []):
        name = entry.get("file", "")
        try:
            texts[name] = extract_file(path.parent / name).text
        except (UnreadableFile, OSError) as error:
            problems.append(f"source {name}: {getattr(error, 'strerror', None) or error}")
    problems += _key_problems(data)
    for label, cite in _cites(data):
        name, quote = cite.get("file", ""), cite.get("quote", "")
        if name not in texts:
            problems.append(f"{label}: cites {name!r}, which is not among the sources")
        elif not quote.strip() or find_quote(texts[name], quote) is None:
            problems.append(f"{label}: quote not found in {name}: {quote!r}")
    if problems:
        raise FactsImportError(path, problems)
    return texts


def _key_problems(data: dict[str, Any]) -> list[str]:
    people = {p.get("key") for p in data.get("people", [])}
    orgs = {o.get("key") for o in data.get("organizations", [])}
    problems = []
    for i, tenure in enumerate(data.get("tenures", [])):
        if tenure.get("person") not in people:
            problems.append(f"tenures[{i}]: unknown person {tenure.get('person')!r}")
        if tenure.get("organization") and tenure["organization"] not in orgs:
            problems.append(f"tenures[{i}]: unknown organization {tenure['organization']!r}")
    for i, incident in enumerate(data.get("incidents", [])):
        for j, participant in enumerate(incident.get("participants", [])):
            if participant.get("person") not in people:
                problems.append(
                    f"incidents[{i}] participant[{j}]: unknown person {participant.get('person')!r}"
                )
    for i, fact in enumerate(data.get("people", []) + data.get("claims", [])):
        if not fact.get("cite"):
            problems.append(f"fact {i}: has no citation")
    return problems


def import_facts(path: Path, *, actor: str) -> ImportSummary:
    """Check, then import everything in one transaction; raises FactsImportError."""
    path = path.resolve()
    data = load(path)
    check(path, data)
    try:
        with transaction.atomic():
            return _Writer(path, data, actor).run()
    except BaseException:
        recover_interrupted_writes(own=True)
        raise


class _Writer:
    def __init__(self, path: Path, data: dict[str, Any], actor: str) -> None:
        self.path, self.data, self.actor = path, data, actor
        self.sources: dict[str, Source] = {}
        self.people: dict[str, Person] = {}
        self.orgs: dict[str, Organization] = {}
        self.incidents: dict[str, Incident] = {}
        self.summary = ImportSummary()

    def run(self) -> ImportSummary:
        for entry in self.data.get("sources", []):
            self._source(entry)
        for person in self.data.get("people", []):
            self._person(person)
        for org in self.data.get("organizations", []):
            self._organization(org)
        for tenure in self.data.get("tenures", []):
            self._tenure(tenure)
        for incident in self.data.get("incidents", []):
            self._incident(incident)
        for claim in self.data.get("claims", []):
            self._claim(claim)
        return self.summary

    def _source(self, entry: dict[str, Any]) -> None:
        kind = entry.get("kind", "document")
        options = IngestOptions(
            actor=self.actor,
            confidentiality=entry.get("confidentiality", "restricted"),
            origin=entry.get("origin", ""),
            method="khavaran import-facts",
            kind=kind if kind in SOURCE_KINDS else "document",
            title=entry.get("title"),
        )
        outcome = ingest_file(self.path.parent / entry["file"], options)
        if outcome.status == FAILED or outcome.source_id is None:
            raise FactsImportError(self.path, [f"source {entry['file']}: {outcome.reason}"])
        source = Source.objects.get(pk=outcome.source_id)
        if outcome.status != DUPLICATE:
            self.summary.sources += 1
        self.sources[entry["file"]] = source

    def _excerpts(self, cites: list[dict[str, Any]]) -> list[Excerpt]:
        excerpts = [
            cite_quote(self.sources[c["file"]], c["quote"], actor=self.actor) for c in cites
        ]
        self.summary.excerpts.update(e.pk for e in excerpts)
        return excerpts

    def _person(self, fact: dict[str, Any]) -> None:
        excerpts = self._excerpts(fact["cite"])
        names = [
            actions.NameSpec(
                text=n["text"],
                script=n.get("script", "other"),
                excerpts=_relevant(excerpts, n["text"]),
            )
            for n in fact["names"]
        ]
        known = Person.objects.filter(key=fact["key"], is_deleted=False).first()
        if known is None:
            self.people[fact["key"]] = actions.create_person(
                names, actor=self.actor, key=fact["key"]
            )
            self.summary.people += 1
            return
        # The same key in another facts file is the same person: add what is new about them.
        spelled = {n.text: n for n in known.names.all()}
        for spec in names:
            if spec.text in spelled:
                actions.add_citations(spelled[spec.text], spec.excerpts, actor=self.actor)
            else:
                actions.add_name(known, spec, actor=self.actor)
        self.people[fact["key"]] = known

    def _organization(self, fact: dict[str, Any]) -> None:
        kind = fact.get("kind", "other").replace(" ", "_")
        known = Organization.objects.filter(key=fact["key"], is_deleted=False).first()
        if known is not None:
            excerpts = self._excerpts(fact.get("cite", []))
            self.orgs[fact["key"]] = actions.add_citations(known, excerpts, actor=self.actor)
            return
        self.orgs[fact["key"]] = actions.create_organization(
            fact["name"],
            actor=self.actor,
            key=fact["key"],
            kind=kind if kind in ORGANIZATION_KINDS else "other",
            excerpts=self._excerpts(fact.get("cite", [])),
        )
        self.summary.organizations += 1

    def _tenure(self, fact: dict[str, Any]) -> None:
        post = actions.get_or_create_post(
            fact["post"], self.orgs.get(fact.get("organization", "")), actor=self.actor
        )
        person, excerpts = self.people[fact["person"]], self._excerpts(fact["cite"])
        start, end = self._date(fact.get("start")), self._date(fact.get("end"))
        same_dates: dict[str, object] = {
            **({"start__earliest": start.earliest} if start else {"start__isnull": True}),
            **({"end__latest": end.latest} if end else {"end__isnull": True}),
        }
        known = Tenure.objects.filter(
            person=person, post=post, is_deleted=False, **same_dates
        ).first()
        if known is not None:
            actions.add_citations(known, excerpts, actor=self.actor)
            return
        actions.record_tenure(
            person,
            post,
            excerpts=excerpts,
            actor=self.actor,
            start=start,
            end=end,
            confidence=fact.get("confidence", "medium"),
        )
        self.summary.tenures += 1

    def _date(self, iso: str | None, written: str = "", calendar: str = "") -> FuzzyDate | None:
        if not iso:
            return None
        try:
            parsed = from_iso_prefix(str(iso))
        except UnparseableDate as error:
            raise FactsImportError(self.path, [str(error)]) from None
        return actions.save_fuzzy_date(
            parsed.earliest,
            parsed.latest,
            original=written or str(iso),
            calendar=calendar or "gregorian",
            precision=parsed.precision,
        )

    def _incident(self, fact: dict[str, Any]) -> None:
        written, calendar = fact.get("date_as_written", ""), fact.get("calendar_as_written", "")
        known = Incident.objects.filter(key=fact["key"], is_deleted=False).first()
        if known is not None:
            excerpts = self._excerpts(fact.get("cite", []))
            self.incidents[fact["key"]] = actions.add_citations(known, excerpts, actor=self.actor)
            self._participants(known, fact)
            return
        incident = actions.create_incident(
            fact["title"],
            kind=fact.get("kind", "other"),
            actor=self.actor,
            key=fact["key"],
            start=self._date(fact.get("start"), written, calendar),
            end=self._date(fact.get("end"), written, calendar),
            place_text=fact.get("place", ""),
            excerpts=self._excerpts(fact.get("cite", [])),
        )
        self.incidents[fact["key"]] = incident
        self.summary.incidents += 1
        self._participants(incident, fact)

    def _participants(self, incident: Incident, fact: dict[str, Any]) -> None:
        for participant in fact.get("participants", []):
            role = participant["role"].replace(" ", "_")
            role = role if role in PARTICIPANT_ROLES else "present"
            person, excerpts = (
                self.people[participant["person"]],
                self._excerpts(participant["cite"]),
            )
            known = Participant.objects.filter(
                incident=incident, person=person, role=role, is_deleted=False
            ).first()
            if known is not None:
                actions.add_citations(known, excerpts, actor=self.actor)
                continue
            actions.add_participant(
                incident, person, role=role, excerpts=excerpts, actor=self.actor
            )
            self.summary.participants += 1

    def _claim(self, fact: dict[str, Any]) -> None:
        subject = fact.get("subject", "")
        value = fact.get("value")
        actions.record_claim(
            actions.ClaimSpec(
                question=fact["question"],
                predicate=fact.get("property", ""),
                excerpts=self._excerpts(fact["cite"]),
                subject_person=self.people.get(subject),
                subject_incident=self.incidents.get(subject),
                subject_organization=self.orgs.get(subject),
                subject_text=""
                if subject in {**self.people, **self.incidents, **self.orgs}
                else subject,
                value_number=value if isinstance(value, int | float) else None,
                value_text=value if isinstance(value, str) else "",
                value_min=fact.get("value_min"),
                value_max=fact.get("value_max"),
                qualifier=fact.get("qualifier", ""),
                attributed_to=fact.get("attributed_to", ""),
            ),
            actor=self.actor,
        )
        self.summary.claims += 1


def _relevant(excerpts: list[Excerpt], name: str) -> list[Excerpt]:
    """The excerpts that contain this name, or all of them when none does verbatim."""
    matching = [e for e in excerpts if name in e.quoted_text]
    return matching or excerpts
