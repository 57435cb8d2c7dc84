"""The case file: a cited document of one case, written at the reader's clearance.

    text = render_case_file(case_file(reader, case), "md", reader=reader)
    write_atomically(Path("case.md"), text)

Built from `records/dossiers.py`, so it holds only what the reader may see. Every fact is
followed by its citation `[n]` (a source of the numbered bibliography) and the quoted passage.
Fields for staff only (who collected a source, its origin and file name) go out only at the
confidential level, as in `khavaran export` (docs/export.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from khavaran import __version__
from khavaran.accounts.access import clearance_of
from khavaran.evidence.access import public_title
from khavaran.evidence.actions import add_custody_event
from khavaran.evidence.models import Excerpt, FuzzyDate, Source
from khavaran.exports.bundle import BundleError, write_bundle
from khavaran.exports.casefile_html import html
from khavaran.exports.casefile_md import markdown
from khavaran.exports.collect import STAFF_CLEARANCE
from khavaran.exports.originals import check_originals
from khavaran.exports.versions import fact_of
from khavaran.exports.whole_file import whole_file
from khavaran.records.dossiers import CaseFile, Dossier, lacks, withdrawn_record
from khavaran.records.models import ElementLink
from khavaran.text import dates
from khavaran.vocabulary import CRIMES, family_of_group, most_protected

# Formats rendered as one text; "bundle" is a ZIP around them (`exports/bundle.py`).
TEXT_FORMATS = ("md", "json", "html")
FORMATS = (*TEXT_FORMATS, "bundle")
FORMAT_NAME = "khavaran-case-file/1"


class CaseFileError(ValueError):
    """The case file cannot be written where asked; the message says where and why."""


class Bibliography:
    """Sources numbered in the order a case file first cites them; below the confidential
    level under their public titles, as exports withhold file names there (a title taken
    from the file can name a witness)."""

    def __init__(self, *, staff: bool = False) -> None:
        self.numbers: dict[int, int] = {}
        self.sources: dict[int, Source] = {}
        self.titles: dict[int, str] = {}
        self.staff = staff
        # Records the file holds beyond the case's own (the competing versions of a fact a
        # link rests on): the file's marking counts their levels too.
        self.held: list[Any] = []

    def number(self, excerpt: Excerpt) -> int:
        source = excerpt.source
        if source.pk not in self.numbers:
            self.numbers[source.pk] = len(self.numbers) + 1
            self.sources[source.pk] = source
            self.titles[source.pk] = source.title if self.staff else public_title(source)
        return self.numbers[source.pk]

    def cite(self, excerpts: Iterable[Excerpt]) -> list[dict[str, Any]]:
        return [
            {
                "n": self.number(e),
                "source": e.source_id,
                "excerpt": e.pk,
                "page": e.page,
                # Where the quote sits in the source's extracted text (code points), so that a
                # reader with the original and the text method can find it again.
                "start": e.start,
                "end": e.end,
                "quoted_text": e.quoted_text,
            }
            for e in excerpts
        ]


def shown_date(fd: FuzzyDate | None) -> dict[str, str] | None:
    """A stored date in Gregorian and Solar Hijri words, with the range it stands for and the
    date as the source wrote it ("مرداد ۱۳۶۷" can be more precise than the year it was
    filed under, and a court reads the witness's own words)."""
    if fd is None:
        return None
    value = dates.FuzzyDate(
        earliest=fd.earliest,
        latest=fd.latest,
        original=fd.original,
        calendar=dates.Calendar(fd.calendar),
        precision=dates.Precision(fd.precision or "range"),
    )
    return {
        "gregorian": dates.format_gregorian(value),
        "solar_hijri": dates.format_solar_hijri(value),
        "earliest": fd.earliest.isoformat(),
        "latest": fd.latest.isoformat(),
        "as_written": fd.original or "",
        "calendar": fd.calendar or "",
    }


def _link(
    link: ElementLink, bib: Bibliography, names: dict[int, str], reader: Any
) -> dict[str, Any]:
    return {
        "id": link.pk,
        "element": link.element,
        "person": link.person_id,
        "person_name": names.get(link.person_id or 0, ""),
        # The crime alleged it concerns: chosen for a mode of liability, the element's own for
        # a crime's element, "" for a contextual element.
        "crime": link.crime,
        "strength": link.strength,
        "note": link.note,
        "claim": link.claim_id,
        "incident": link.incident_id,
        "tenure": link.tenure_id,
        "confidentiality": link.confidentiality,
        # "claim", "incident", "tenure" or "source" when it rests on a withdrawn one (it then
        # proves nothing); "" otherwise.
        "withdrawn": withdrawn_record(link),
        # "person" or "crime" when it does not say which accused or crime it concerns (linked
        # before the catalogue asked; it then proves nothing); "" otherwise.
        "lacks": lacks(link),
        "citations": bib.cite(link.excerpts.all()),
        # The claim it rests on and every competing version of it, side by side.
        "fact": fact_of(link, reader, bib.cite, bib.held),
    }


def _dossier(d: Dossier, bib: Bibliography) -> dict[str, Any]:
    def claim(c: Any) -> dict[str, Any]:
        return {
            "id": c.pk,
            "question": c.question,
            "property": c.predicate,
            "value": c.value_display,
            "attributed_to": c.attributed_to,
            "assessment": c.assessment,
            "citations": bib.cite(c.excerpts.all()),
        }

    return {
        "person": d.person.pk,
        "name": d.display_name,
        "names": [
            {
                "text": n.text,
                "script": n.script,
                "kind": n.kind,
                "citations": bib.cite(n.excerpts.all()),
            }
            for n in d.names
        ],
        "positions": [
            {
                "post": t.post.title,
                "organization": t.post.organization.name if t.post.organization else "",
                "start": shown_date(t.start),
                "end": shown_date(t.end),
                "confidence": t.confidence,
                "citations": bib.cite(t.excerpts.all()),
            }
            for t in d.tenures
        ],
        "incidents": [
            {
                "incident": p.incident_id,
                "title": p.incident.title,
                "role": p.role,
                "start": shown_date(p.incident.start),
                "end": shown_date(p.incident.end),
                "citations": bib.cite(p.excerpts.all()),
            }
            for p in d.participations
        ],
        "claims": [claim(c) for c in d.claims],
        "statements": [claim(c) for c in d.statements],
    }


def _source(source: Source, n: int, title: str, staff: bool) -> dict[str, Any]:
    collected = next((e for e in source.custody.all() if e.action == "collected"), None)
    entry: dict[str, Any] = {
        "n": n,
        "source": source.pk,
        "title": title,
        "kind": source.kind,
        "publisher": source.publisher,
        "author": source.author,
        "published": str(source.published) if source.published_id else "",
        "confidentiality": source.confidentiality,
        "sha256": source.sha256,
        # How the text the citations' offsets count in was read from the original.
        "text_method": " ".join(p for p in (source.text_method, source.text_method_version) if p),
        "collected_at": collected.at.astimezone(UTC).isoformat() if collected else None,
    }
    if staff:
        entry["collected_by"] = collected.actor if collected else ""
        entry["origin"] = source.origin
        entry["original_filename"] = source.original_filename
    return entry


def contained_level(cf: CaseFile, sources: Iterable[Source], held: Iterable[Any] = ()) -> str:
    """The most protected level of anything the case file holds: the case, each source it
    cites, each link, each version of a fact a link rests on (`held`), and each accused,
    claim, statement, incident and post in a dossier. The file is to be handled at this
    level, whatever the case's own (a restricted case's file can quote a confidential
    testimony)."""
    records: list[Any] = [cf.case, *sources, *cf.links, *held]
    for d in cf.dossiers:
        records += [d.person, *d.claims, *d.statements]
        records += [p.incident for p in d.participations] + [t.post for t in d.tenures]
    return most_protected([r.confidentiality for r in records])


def case_file_data(cf: CaseFile, reader: Any) -> dict[str, Any]:
    """The case file as plain data (the `json` format); sources numbered by first citation."""
    clearance = clearance_of(reader)
    bib = Bibliography(staff=clearance == STAFF_CLEARANCE)
    names = {d.person.pk: d.display_name for d in cf.dossiers}
    matrix = [
        {
            "group": s.group,
            "article": s.article,
            # "genocide", "cah", "war_iac" or "war_niac" (a contextual section is its
            # family's); "" for the modes of liability.
            "family": section_family(s.group),
            "elements": [
                {
                    "element": row.element.key,
                    "article": row.element.article,
                    "label": row.element.en,
                    "label_fa": row.element.fa,
                    "text": row.element.text,
                    "status": row.status,
                    "accused": [
                        {
                            "person": a.person.pk,
                            "name": a.name,
                            "crime": a.crime,
                            "status": a.status,
                        }
                        for a in row.accused
                    ],
                    "links": [_link(link, bib, names, reader) for link in row.links],
                }
                for row in s.rows
            ],
        }
        for s in cf.sections
    ]
    accused = [_dossier(d, bib) for d in cf.dossiers]
    staff = clearance == STAFF_CLEARANCE
    sources = Source.objects.filter(pk__in=bib.numbers).prefetch_related("custody")
    case = cf.case
    return {
        "format": FORMAT_NAME,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "written_with": f"Khavaran {__version__}",
        "reader_level": clearance,
        # What the file is to be marked and handled as; the case's own level stays in "case".
        "contains_level": contained_level(cf, sources, bib.held),
        "case": {
            "id": case.pk,
            "title": case.title,
            "description": case.description,
            "confidentiality": case.confidentiality,
            "crimes": [
                {"crime": c, "article": CRIMES[c].article, "family": CRIMES[c].family}
                for c in case.crimes
            ],
        },
        "accused": accused,
        "matrix": matrix,
        "proof_by_accused": [
            {
                "person": p.person.pk,
                "name": p.name,
                "groups": [
                    {
                        "group": part.group,
                        "crime": part.crime,
                        **{k: [e.key for e in v] for k, v in by.items()},
                    }
                    for part, by in p.sections
                ],
            }
            for p in cf.proof_by_accused()
        ],
        "sources": sorted(
            (_source(s, bib.numbers[s.pk], bib.titles[s.pk], staff) for s in sources),
            key=lambda entry: entry["n"],
        ),
    }


def section_family(group: str) -> str:
    """The family of crimes a matrix section belongs to ("" for the modes of liability)."""
    return family_of_group(group)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise CaseFileError(f"unknown case file format {fmt!r}; use one of: {', '.join(FORMATS)}")


def render_data(data: dict[str, Any], fmt: str) -> str:
    """The case file's data as text, in `fmt` ("md", "json" or "html")."""
    if fmt not in TEXT_FORMATS:
        raise CaseFileError(
            f"a case file is written as text in {', '.join(TEXT_FORMATS)}, not {fmt!r}"
        )
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return html(data) if fmt == "html" else markdown(data)


def render_case_file(cf: CaseFile, fmt: str, *, reader: Any) -> str:
    """The whole case file as text, in `fmt` ("md", "json" or "html")."""
    check_format(fmt)
    return render_data(case_file_data(cf, reader), fmt)


def write_atomically(target: Path, text: str) -> None:
    """Write `text` to `target` through a temporary file in the same folder, renamed into
    place: a reader of `target` sees the whole case file or none, never part of one."""
    try:
        with whole_file(target) as out:
            out.write(text.encode("utf-8"))
    except OSError as error:
        raise CaseFileError(f"cannot write {target}: {error.strerror or error}") from None


def cited_sources(sources: Iterable[int]) -> list[Source]:
    """The sources a case file cites, each original hashed: their SHA-256 may be logged as seen.

    Raises:
        CaseFileError: one line naming each source whose original is missing or altered.
    """
    cited = list(Source.objects.filter(pk__in=list(sources)).order_by("pk"))
    check_originals(cited, CaseFileError)
    return cited


def log_export(sources: Iterable[int], *, actor: str, method: str, note: str) -> None:
    """An `exported` custody event for each source the case file cites, its original hashed
    first (an altered or missing one refuses them all: see `cited_sources`)."""
    _log(cited_sources(sources), actor=actor, method=method, note=note)


def _log(cited: list[Source], *, actor: str, method: str, note: str) -> None:
    with transaction.atomic():
        for source in cited:
            add_custody_event(source, action="exported", actor=actor, method=method, note=note)


def export_case_file(
    cf: CaseFile, fmt: str, target: Path, *, reader: Any, actor: str
) -> dict[str, Any]:
    """Render, hash each cited original, write atomically, then log the export in each cited
    source's custody (nothing is written or logged when an original is missing or altered,
    nothing logged when writing fails). `bundle` writes the court bundle, a ZIP with the
    cited originals (`exports/bundle.py`). Returns the case file's data."""
    check_format(fmt)
    data = case_file_data(cf, reader)
    cited = cited_sources(s["source"] for s in data["sources"])
    if fmt == "bundle":
        try:
            write_bundle(data, cited, target, reader=reader, actor=actor)
        except BundleError as error:
            raise CaseFileError(str(error)) from None
    else:
        write_atomically(target, render_data(data, fmt))
    note = f"case {cf.case.pk} to {target}; level {clearance_of(reader)}"
    _log(cited, actor=actor, method=f"khavaran case export --format {fmt}", note=note)
    return data
