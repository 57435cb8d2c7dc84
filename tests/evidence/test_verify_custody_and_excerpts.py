"""`verify` compares every field of a custody event, and where an excerpt points (its page, its
time in a recording), with the audit log: a court asks about these first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from khavaran.audit.chain import append
from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import add_custody_event, add_excerpt
from khavaran.evidence.models import CustodyEvent, Excerpt
from khavaran.verify import verify_all
from tests.factories import make_source

pytestmark = pytest.mark.django_db

CHANGED = "changed outside Khavaran: {} differs from what the audit log last recorded"


@pytest.fixture
def evidence(data_dir, tmp_path) -> dict[str, int]:
    """A source with two custody events (collected, exported) and a cited passage."""
    source = make_source(tmp_path, "Witness A saw the commission at Evin prison in 1988.")
    exported = add_custody_event(source, action="exported", actor="inv1", method="khavaran export")
    excerpt = add_excerpt(source, start=0, end=9, actor="inv1", page=3, time_offset=12.5)
    collected = source.custody.get(action="collected")
    return {"collected": collected.pk, "exported": exported.pk, "excerpt": excerpt.pk}


def problems() -> list[str]:
    return [str(p) for p in verify_all().problems]


def behind_the_log(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_evidence_written_through_khavaran_verifies_intact(evidence):
    assert problems() == []


def test_the_log_records_the_custody_time_in_utc_to_the_microsecond(evidence):
    event = CustodyEvent.objects.get(pk=evidence["collected"])
    logged = AuditEvent.objects.get(model="evidence.CustodyEvent", object_id=str(event.pk))
    assert logged.after["at"] == event.at.astimezone(UTC).isoformat(timespec="microseconds")
    assert logged.after["at"].endswith("+00:00") and len(logged.after["at"]) == 32
    assert (logged.after["action"], logged.after["tool_version"]) == (
        "collected",
        event.tool_version,
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", "2019-01-01 00:00:00+00:00"),
        ("action", "received"),
        ("tool_version", "khavaran 9.9"),
    ],
)
def test_a_custody_field_rewritten_in_the_database_is_named(evidence, column, value):
    pk = evidence["collected"]
    behind_the_log(f"UPDATE evidence_custodyevent SET {column} = %s WHERE id = %s", [value, pk])
    assert problems() == [f"evidence.CustodyEvent {pk}: {CHANGED.format(column)}"]


def test_a_custody_time_moved_by_a_microsecond_is_named(evidence):
    event = CustodyEvent.objects.get(pk=evidence["exported"])
    moved = event.at.replace(microsecond=(event.at.microsecond + 1) % 1_000_000)
    CustodyEvent.objects.filter(pk=event.pk).update(at=moved)
    assert problems() == [f"evidence.CustodyEvent {event.pk}: {CHANGED.format('at')}"]


@pytest.mark.parametrize(("column", "value"), [("page", 7), ("time_offset", 99.5)])
def test_where_an_excerpt_points_rewritten_in_the_database_is_named(evidence, column, value):
    pk = evidence["excerpt"]
    behind_the_log(f"UPDATE evidence_excerpt SET {column} = %s WHERE id = %s", [value, pk])
    assert problems() == [f"evidence.Excerpt {pk}: {CHANGED.format(column)}"]


def test_a_page_removed_in_the_database_is_named(evidence):
    pk = evidence["excerpt"]
    behind_the_log("UPDATE evidence_excerpt SET page = NULL WHERE id = %s", [pk])
    assert problems() == [f"evidence.Excerpt {pk}: {CHANGED.format('page')}"]


def test_an_excerpt_without_page_or_time_verifies_intact(data_dir, tmp_path):
    add_excerpt(make_source(tmp_path), start=0, end=9, actor="inv1")
    assert Excerpt.objects.get().page is None
    assert problems() == []


def old_custody_event(source_pk: int) -> CustodyEvent:
    """A custody event as versions before this one logged it: without its time, action and
    tool version."""
    event = CustodyEvent.objects.create(
        source_id=source_pk,
        action="collected",
        actor="Field Officer Karimi",
        at=datetime(2026, 11, 26, 9, 30, 0, 123456, tzinfo=UTC),
        method="khavaran ingest",
        tool_version="khavaran 0.1.0",
        sha256_seen="0" * 64,
    )
    old = {"source": source_pk, "actor": event.actor, "method": event.method, "note": ""}
    old |= {"origin": "", "sha256_seen": event.sha256_seen}
    append(actor="inv1", action="custody:collected", model="evidence.CustodyEvent",
           object_id=event.pk, after=old)  # fmt: skip
    return event


def test_an_event_logged_before_these_fields_were_recorded_still_verifies_intact(
    data_dir, tmp_path
):
    event = old_custody_event(make_source(tmp_path).pk)
    assert problems() == []
    # What it did record is still compared.
    behind_the_log("UPDATE evidence_custodyevent SET actor = 'Nobody' WHERE id = %s", [event.pk])
    assert problems() == [f"evidence.CustodyEvent {event.pk}: {CHANGED.format('actor')}"]
