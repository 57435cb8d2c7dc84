"""The last pass: sources ingested and facts written at the levels their sources give them, and
nothing written twice when a file is imported again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Max

from khavaran.evidence.actions import cite_quote, give_title
from khavaran.evidence.models import Calendar, Excerpt, FuzzyDate, Source
from khavaran.ingest.case_facts.report import FactsImportError, ImportSummary
from khavaran.ingest.case_facts.shape import Dates, is_number, read_dates, word
from khavaran.ingest.pipeline import DUPLICATE, FAILED, IngestOptions, ingest_file
from khavaran.records import actions
from khavaran.records.merging import current_person
from khavaran.records.models import (
    Claim,
    Incident,
    Organization,
    Participant,
    Person,
    Post,
    Record,
    Tenure,
)
from khavaran.text.dates import FuzzyDate as ReadDate
from khavaran.vocabulary import least_protected, most_protected


class Writer:
    def __init__(self, path: Path, data: dict[str, Any], actor: str) -> None:
        self.path, self.data, self.actor = path, data, actor
        self.sources: dict[str, Source] = {}
        self.people: dict[str, Person] = {}
        self.orgs: dict[str, Organization] = {}
        self.incidents: dict[str, Incident] = {}
        self.post_levels: dict[tuple[str, str], str] = {}
        self.summary = ImportSummary()
        self.last_excerpt = Excerpt.objects.aggregate(last=Max("pk"))["last"] or 0

    def _section(self, name: str) -> list[dict[str, Any]]:
        return self.data.get(name) or []

    def run(self) -> ImportSummary:
        for entry in self._section("sources"):
            self._source(entry)
        for person in self._section("people"):
            self._person(person)
        for org in self._section("organizations"):
            self._organization(org)
        self._post_levels()
        for tenure in self._section("tenures"):
            self._tenure(tenure)
        for incident in self._section("incidents"):
            self._incident(incident)
        for claim in self._section("claims"):
            self._claim(claim)
        return self.summary

    def _source(self, entry: dict[str, Any]) -> None:
        options = IngestOptions(
            actor=self.actor,
            confidentiality=word(entry.get("confidentiality") or "restricted"),
            origin=entry.get("origin") or "",
            method="khavaran import-facts",
            kind=word(entry.get("kind") or "document"),
            title=entry.get("title"),
            # Only a level the file states raises a source stored before (never the default).
            level_given=bool(entry.get("confidentiality")),
        )
        outcome = ingest_file(self.path.parent / entry["file"], options)
        if outcome.status == FAILED or outcome.source_id is None:
            raise FactsImportError(self.path, [f"source {entry['file']}: {outcome.reason}"])
        source = Source.objects.get(pk=outcome.source_id)
        if outcome.status != DUPLICATE:
            self.summary.sources += 1
        else:
            self._note_kept(entry, source)
        self.sources[entry["file"]] = source

    def _note_kept(self, entry: dict[str, Any], source: Source) -> None:
        """Say what the file states of a source stored before that the import did not write:
        a title a person gave and the kind may have been corrected since, so they are kept,
        but not silently. A title made from the file's name gives way to the file's."""
        if entry.get("title") and not source.title_given:
            reason = f"khavaran import-facts {self.path.name} gives the source its title"
            give_title(source, entry["title"], actor=self.actor, reason=reason)
            self.summary.notes.append(
                f"source {entry['file']} is stored already, as source {source.pk}: it is now "
                f"titled {source.title!r}, as the file says (its title came from its file name)"
            )
        kept = [
            f"its {field} {getattr(source, field)!r} is kept (the file says {entry[field]!r})"
            for field in ("title", "kind")
            if entry.get(field) and word(entry[field]) != word(str(getattr(source, field) or ""))
        ]
        if entry.get("origin"):
            kept.append("the file's origin is added to its chain of custody")
        if kept:
            self.summary.notes.append(
                f"source {entry['file']} is stored already, as source {source.pk}: "
                + "; ".join(kept)
            )

    def _excerpts(self, cites: list[dict[str, Any]]) -> list[Excerpt]:
        excerpts = [
            cite_quote(self.sources[c["file"]], c["quote"], actor=self.actor) for c in cites
        ]
        # Counted when new: a second import of the same file cites the same, existing ones.
        self.summary.excerpts.update(e.pk for e in excerpts if e.pk > self.last_excerpt)
        return excerpts

    def _raise(self, record: Record | Claim, level: str | None) -> None:
        """A more protected level than the record has, asked for in the file (never lowered)."""
        if level and most_protected([record.confidentiality, level]) != record.confidentiality:
            reason = f"khavaran import-facts {self.path.name} makes it {level}"
            actions.update_record(
                record, {"confidentiality": level}, actor=self.actor, reason=reason
            )

    def _person(self, fact: dict[str, Any]) -> None:
        excerpts = self._excerpts(fact["cite"])
        names = [
            actions.NameSpec(
                text=n["text"],
                script=word(n.get("script") or "other"),
                excerpts=_relevant(excerpts, n["text"]),
                kind=word(n.get("kind") or "birth"),
            )
            for n in fact["names"]
        ]
        asked = word(fact.get("confidentiality") or "public")
        known = _live_person(fact["key"])
        if known is None:
            # Known to the public as soon as one public source names them.
            naming = least_protected(e.source.confidentiality for s in names for e in s.excerpts)
            self.people[fact["key"]] = actions.create_person(
                names,
                actor=self.actor,
                key=fact["key"],
                confidentiality=most_protected([asked, naming]),
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
        self._raise(known, asked)
        self.people[fact["key"]] = known

    def _organization(self, fact: dict[str, Any]) -> None:
        asked = word(fact.get("confidentiality") or "public")
        excerpts = self._excerpts(fact.get("cite") or [])
        known = Organization.objects.filter(key=fact["key"], is_deleted=False).first()
        if known is not None:
            self.orgs[fact["key"]] = actions.add_citations(known, excerpts, actor=self.actor)
            self._raise(self.orgs[fact["key"]], asked)
            return
        self.orgs[fact["key"]] = actions.create_organization(
            fact["name"],
            actor=self.actor,
            key=fact["key"],
            kind=word(fact.get("kind") or "other"),
            excerpts=excerpts,
            confidentiality=asked,
        )
        self.summary.organizations += 1

    def _post_levels(self) -> None:
        """Each post's level: that of the least protected source of a tenure in it."""
        for fact in self._section("tenures"):
            post = (fact["post"], fact.get("organization") or "")
            levels = [self.sources[c["file"]].confidentiality for c in fact["cite"]]
            known = self.post_levels.get(post, "confidential")
            self.post_levels[post] = least_protected([known, *levels])

    def _tenure(self, fact: dict[str, Any]) -> None:
        organization = self.orgs.get(fact.get("organization") or "")
        is_new = not Post.objects.filter(title=fact["post"], organization=organization).exists()
        post = actions.get_or_create_post(fact["post"], organization, actor=self.actor)
        if is_new:
            self._raise(post, self.post_levels[(fact["post"], fact.get("organization") or "")])
        person, excerpts = self.people[fact["person"]], self._excerpts(fact["cite"])
        # Read, not yet stored: a tenure imported before needs no new dates.
        read = read_dates(fact)
        same_dates: dict[str, object] = {
            **({"start__earliest": read.start.earliest} if read.start else {"start__isnull": True}),
            **({"end__latest": read.end.latest} if read.end else {"end__isnull": True}),
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
            start=self._date(read.start, fact.get("start"), read),
            end=self._date(read.end, fact.get("end"), read),
            confidence=word(fact.get("confidence") or "medium"),
        )
        self.summary.tenures += 1

    def _dates(self, fact: dict[str, Any]) -> tuple[FuzzyDate | None, FuzzyDate | None]:
        """The fact's start and end, stored (checked before anything was written)."""
        dates = read_dates(fact)
        return self._date(dates.start, fact.get("start"), dates), self._date(
            dates.end, fact.get("end"), dates
        )

    def _date(self, day: ReadDate | None, iso: str | None, dates: Dates) -> FuzzyDate | None:
        if day is None:
            return None
        written = dates.written_for(day)
        return actions.save_fuzzy_date(
            day.earliest,
            day.latest,
            original=written or str(iso),
            # A date the words do not describe is as the file gives it: Gregorian ISO.
            calendar=dates.calendar if written else Calendar.GREGORIAN,
            precision=day.precision,
        )

    def _incident(self, fact: dict[str, Any]) -> None:
        asked = word(fact.get("confidentiality") or "public")
        known = Incident.objects.filter(key=fact["key"], is_deleted=False).first()
        if known is not None:
            excerpts = self._excerpts(fact.get("cite") or [])
            self.incidents[fact["key"]] = actions.add_citations(known, excerpts, actor=self.actor)
            self._raise(self.incidents[fact["key"]], asked)
            self._participants(self.incidents[fact["key"]], fact)
            return
        start, end = self._dates(fact)
        incident = actions.create_incident(
            fact["title"],
            kind=word(fact.get("kind") or "other"),
            actor=self.actor,
            key=fact["key"],
            start=start,
            end=end,
            place_text=fact.get("place") or "",
            excerpts=self._excerpts(fact.get("cite") or []),
            confidentiality=asked,
        )
        self.incidents[fact["key"]] = incident
        self.summary.incidents += 1
        self._participants(incident, fact)

    def _participants(self, incident: Incident, fact: dict[str, Any]) -> None:
        for participant in fact.get("participants") or []:
            role = word(participant["role"])
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
        subject, value = fact.get("subject") or "", fact.get("value")
        level = fact.get("confidentiality")
        spec = actions.ClaimSpec(
            question=fact["question"],
            predicate=fact.get("property") or "",
            excerpts=self._excerpts(fact["cite"]),
            subject_person=self.people.get(subject),
            subject_incident=self.incidents.get(subject),
            subject_organization=self.orgs.get(subject),
            subject_text=""
            if subject in {**self.people, **self.incidents, **self.orgs}
            else subject,
            value_number=value if is_number(value) else None,
            value_text=value if isinstance(value, str) else "",
            value_min=fact.get("value_min"),
            value_max=fact.get("value_max"),
            qualifier=fact.get("qualifier") or "",
            attributed_to=fact.get("attributed_to") or "",
            confidentiality=word(level) if level else None,
        )
        known = _same_claim(spec)
        if known is not None:
            self._raise(known, spec.confidentiality)
            return
        actions.record_claim(spec, actor=self.actor)
        self.summary.claims += 1


def _live_person(key: str) -> Person | None:
    """The person a facts file's key stands for: the live one with that key, or the one a
    person with that key was merged into (a re-import must not bring back the duplicate)."""
    live = Person.objects.filter(key=key, is_deleted=False).first()
    if live is not None:
        return live
    gone = Person.objects.filter(key=key, is_deleted=True).order_by("-pk").first()
    if gone is None:
        return None
    current = current_person(gone)
    return None if current.is_deleted else current


def _same_claim(spec: actions.ClaimSpec) -> Claim | None:
    """A claim already stored that says the same, citing the same passages (a file imported
    again)."""
    fields = {k: v for k, v in spec.__dict__.items() if k not in {"excerpts", "confidentiality"}}
    cited = sorted(e.pk for e in spec.excerpts)
    candidates = Claim.objects.filter(is_deleted=False, **fields).prefetch_related("excerpts")
    return next((c for c in candidates if sorted(e.pk for e in c.excerpts.all()) == cited), None)


def _relevant(excerpts: list[Excerpt], name: str) -> list[Excerpt]:
    """The excerpts that contain this name, or all of them when none does verbatim."""
    matching = [e for e in excerpts if name in e.quoted_text]
    return matching or excerpts
