"""The chain of custody of one source, as a custodian hands it to a court.

    report = report_custody(source, "md", actor="ines", staff=True)  # hashed, logged
    text = render_report(report, "md")                                # or "csv", "json"

Every custody event (collected, received, transferred, copied, verified, exported) with who
handled the evidence and who recorded it, when (UTC, ISO 8601), what, how, the tool and its
build, and the SHA-256 seen then; the source's SHA-256, size and media type; and whether the
stored bytes still hash to it, checked as the report is made (read in chunks: a large original
is never in memory whole). The name a file arrived under, where it came from and the notes can
name a witness: only `staff` (who read confidential material) get them. The same report is the
same text: events in the order they happened, keys sorted; only the moment of the check changes
between two reports.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from khavaran.audit.chain import append
from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import CustodyEvent, Source
from khavaran.text.delimited import spreadsheet_safe

FORMATS = ("csv", "json", "md")
# The audit action that logs a report handed out (`audit.replay` reads it as no state).
REPORTED = "custody-report"
# What the stored bytes are found to be; `intact`: they hash to the recorded SHA-256.
INTACT, ALTERED, MISSING, UNREADABLE = "intact", "altered", "missing", "unreadable"
# Fields only staff read: a file's own name, a donor, a note can name a witness.
STAFF_ONLY = ("original_filename", "origin", "note")


def utc(moment: datetime) -> str:
    """A moment as the report gives it: UTC, ISO 8601, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CustodyLine:
    """One custody event as reported; ``matches``: the hash seen is the source's."""

    event: int
    at: str
    action: str
    actor: str
    recorded_by: str
    method: str
    tool_version: str
    sha256_seen: str
    matches: bool
    origin: str
    note: str


@dataclass(frozen=True)
class CustodyReport:
    source: int
    title: str
    media_type: str
    size: int
    sha256: str
    original_filename: str
    stored: str  # INTACT, ALTERED, MISSING or UNREADABLE
    checked_at: str
    events: tuple[CustodyLine, ...]
    staff: bool


def stored_state(source: Source) -> str:
    """Whether the stored original still hashes to the source's SHA-256, hashed now."""
    store = get_store()
    if not store.path_for(source.sha256).exists():
        return MISSING
    try:
        seen = store.hash_of(source.sha256)
    except OSError:
        return UNREADABLE
    return INTACT if seen == source.sha256 else ALTERED


def _recorders(events: list[CustodyEvent]) -> dict[str, str]:
    """Who recorded each event (the audit log's actor), where it differs from who handled the
    evidence: a custodian records what a collector in the field did."""
    logged = AuditEvent.objects.filter(
        model="evidence.CustodyEvent",
        object_id__in=[str(e.pk) for e in events],
        action__startswith="custody:",
    )
    return dict(logged.order_by("-seq").values_list("object_id", "actor"))


def _line(event: CustodyEvent, sha256: str, staff: bool, recorders: dict[str, str]) -> CustodyLine:
    return CustodyLine(
        event=event.pk,
        at=utc(event.at),
        action=event.action,
        actor=event.actor,
        recorded_by=recorders.get(str(event.pk), ""),
        method=event.method,
        tool_version=event.tool_version,
        sha256_seen=event.sha256_seen,
        matches=event.sha256_seen == sha256,
        origin=event.origin if staff else "",
        note=event.note if staff else "",
    )


def custody_report(
    source: Source, *, staff: bool, title: str = "", now: datetime | None = None
) -> CustodyReport:
    """The report of `source`, its original hashed now. ``title``: the title the reader may
    read (the caller's gate chose it); ``staff``: whether they read the fields in STAFF_ONLY.
    """
    events = list(CustodyEvent.objects.filter(source=source).order_by("at", "pk"))
    recorders = _recorders(events)
    return CustodyReport(
        source=source.pk,
        title=title or source.title,
        media_type=source.media_type,
        size=source.size,
        sha256=source.sha256,
        original_filename=source.original_filename if staff else "",
        stored=stored_state(source),
        checked_at=utc(now or datetime.now(UTC)),
        events=tuple(_line(e, source.sha256, staff, recorders) for e in events),
        staff=staff,
    )


def _source_fields(report: CustodyReport) -> dict[str, object]:
    fields = asdict(report)
    del fields["events"], fields["staff"]
    if not report.staff:
        del fields["original_filename"]
    return fields


def _event_fields(line: CustodyLine, staff: bool) -> dict[str, object]:
    fields = asdict(line)
    return fields if staff else {k: v for k, v in fields.items() if k not in STAFF_ONLY}


def as_json(report: CustodyReport) -> str:
    document = {
        "source": _source_fields(report),
        "custody": [_event_fields(line, report.staff) for line in report.events],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def as_csv(report: CustodyReport) -> str:
    """One row per custody event, each with the source's facts, so a row stands alone."""
    source = {
        "source_id" if k == "source" else f"source_{k}": v
        for k, v in _source_fields(report).items()
    }
    rows = [
        {k: spreadsheet_safe(v) for k, v in (source | _event_fields(line, report.staff)).items()}
        for line in report.events
    ]
    columns = list(rows[0]) if rows else list(source)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _cell(value: object) -> str:
    """A value in a Markdown table cell: one line, its pipes escaped."""
    text = "yes" if value is True else "no" if value is False else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def as_markdown(report: CustodyReport) -> str:
    lines = [f"# Chain of custody: source {report.source}", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {_cell(v)} |" for k, v in _source_fields(report).items() if k != "source"]
    columns = list(_event_fields(report.events[0], report.staff)) if report.events else []
    lines += ["", "## Custody events", ""]
    if columns:
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for line in report.events:
            values = _event_fields(line, report.staff).values()
            lines.append("| " + " | ".join(_cell(v) for v in values) + " |")
    else:
        lines.append("No custody event is recorded.")
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[CustodyReport], str]] = {
    "csv": as_csv,
    "json": as_json,
    "md": as_markdown,
}


def render_report(report: CustodyReport, fmt: str) -> str:
    """The report in `fmt` (one of FORMATS)."""
    return RENDERERS[fmt](report)


MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "md": "text/markdown"}


def report_custody(
    source: Source, fmt: str, *, actor: str, staff: bool, title: str = ""
) -> CustodyReport:
    """Make the report of `source` (its original hashed now) and log in the audit log that
    `actor` was handed it, as an export is logged: what was found and in which format. Not a
    custody event: the evidence itself does not change hands.

    Raises:
        ValueError: `fmt` is not one of FORMATS.
    """
    if fmt not in FORMATS:
        raise ValueError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    report = custody_report(source, staff=staff, title=title)
    append(
        actor=actor,
        action=REPORTED,
        model="evidence.Source",
        object_id=source.pk,
        after={
            "format": fmt,
            "sha256": report.sha256,
            "stored": report.stored,
            "checked_at": report.checked_at,
            "custody_events": len(report.events),
        },
    )
    return report
