"""Appending to and checking the audit hash chain."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from khavaran.audit.models import AuditEvent, ChainHead
from khavaran.bulk import insert_rows
from khavaran.json_safe import json_safe

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """JSON-safe, key-sorted form, identical before storing and after reading back. A float
    that is not finite (an unbounded interval's end) is kept as its text: JSON has no
    Infinity, and the databases refuse it."""
    if value is None:
        return None
    text = json.dumps(json_safe(value), cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return json.loads(text)


def event_hash(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="milliseconds"),
        "actor": event.actor,
        "action": event.action,
        "model": event.model,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
    }


def content_matches(event: AuditEvent) -> bool:
    """Whether an event still hashes to the hash it was written with (its content is as
    written). A snapshot damaged past hashing (a value JSON cannot hold) does not."""
    try:
        return event_hash(_hashed_fields(event)) == event.hash
    except (TypeError, ValueError, AttributeError):
        return False


def _now_to_the_millisecond() -> datetime:
    # Django's serializers keep milliseconds only; hashing the same precision lets an event
    # survive backup and restore unchanged.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass
class _Batch:
    """The chain's end while a batch holds the head's lock, and the events still to write."""

    seq: int
    hash: str
    events: list[AuditEvent] = field(default_factory=list)


_batches = threading.local()


def _locked_head() -> ChainHead:
    """The head row, locked until the transaction ends (serializes appends on PostgreSQL)."""
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = ChainHead.objects.create(pk=1, seq=0, hash=GENESIS)
    return head


def _next_event(
    seq: int, prev_hash: str, fields: dict[str, Any], before: Any, after: Any
) -> AuditEvent:
    event = AuditEvent(
        seq=seq,
        at=_now_to_the_millisecond(),
        before=canonical(before),
        after=canonical(after),
        prev_hash=prev_hash,
        **fields,
    )
    event.hash = event_hash(_hashed_fields(event))
    return event


def append(
    *,
    actor: str,
    action: str,
    model: str,
    object_id: object,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEvent:
    """Write one audit event at the end of the chain, inside the caller's transaction.

    Inside ``batch()`` the event is hashed and chained now and written with the batch's others.
    """
    fields = {
        "actor": actor,
        "action": action,
        "model": model,
        "object_id": str(object_id),
        "reason": reason,
    }
    pending: _Batch | None = getattr(_batches, "current", None)
    if pending is not None:
        event = _next_event(pending.seq + 1, pending.hash, fields, before, after)
        pending.events.append(event)
        pending.seq, pending.hash = event.seq, event.hash
        return event
    with transaction.atomic():
        head = _locked_head()
        event = _next_event(head.seq + 1, head.hash, fields, before, after)
        event.save()
        ChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@contextmanager
def batch() -> Iterator[None]:
    """Append the events of a block of writes together, in one transaction.

    The head is locked once, each ``append`` inside chains its event in memory (same hashes,
    same order, the time of its call), and the events and the new head are written when the
    block ends, in the same transaction: the block commits whole or not at all. Concurrent
    appenders wait for the lock, as they wait for a single append. A block inside a batch
    joins it.

    Inside, an error must end the block: an inner ``atomic`` that rolls back and carries on
    would leave its events chained here while its rows are gone.
    """
    if getattr(_batches, "current", None) is not None:
        yield
        return
    with transaction.atomic():
        head = _locked_head()
        pending = _Batch(head.seq, head.hash)
        _batches.current = pending
        try:
            yield
        finally:
            _batches.current = None
        if pending.events:
            _insert(pending.events)
            ChainHead.objects.filter(pk=1).update(seq=pending.seq, hash=pending.hash)


def _insert(events: list[AuditEvent]) -> None:
    """New events in one statement, each value prepared by its field as ``save`` would."""
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    rows = [[f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] for e in events]
    insert_rows(AuditEvent, [f.column for f in fields], rows)


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Read the whole database as of one moment, without holding up anyone writing to it.

    A backup or ``verify`` reads the chain's head, its events and the rows they describe in
    many statements: read one by one while someone edits, they disagree (a head past the last
    event read, a row newer than its event) and look like tampering. PostgreSQL: one
    ``REPEATABLE READ, READ ONLY`` transaction, whose plain reads lock no row. SQLite: one
    deferred transaction, so that WAL fixes its snapshot at the first read; the connection's
    usual ``IMMEDIATE`` would take the write lock and stall every writer for the whole read.
    Inside a transaction already (a test's), the reads join it.
    """
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    # Only SQLite's wrapper has it: the BEGIN it issues, set again on each new connection.
    mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = mode  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ChainProblem:
    """What is wrong at event ``seq``; ``kind``: `gap`, `link`, `altered` or `head`."""

    seq: int
    message: str
    kind: str = ""


def check_chain(batch: int = 2000) -> Iterator[ChainProblem]:
    """Walk the whole chain; yield each event whose hash or link does not hold, then whether
    the head names the last event.

    The events and the head are read in one snapshot: an event appended after the walk and
    before the head is read would look like a truncated chain."""
    expected_prev, expected_seq = GENESIS, 1
    with read_snapshot():
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
            if event.seq != expected_seq:
                yield ChainProblem(
                    event.seq, f"audit chain gap: expected event #{expected_seq}", "gap"
                )
            if event.prev_hash != expected_prev:
                yield ChainProblem(
                    event.seq, "audit chain broken: link to the previous event differs", "link"
                )
            if not content_matches(event):
                yield ChainProblem(
                    event.seq, "audit event was altered: its content no longer matches", "altered"
                )
            expected_prev, expected_seq = event.hash, event.seq + 1
        head = ChainHead.objects.filter(pk=1).first()
    yield from _head_problems(head, expected_seq - 1, expected_prev)


def _head_problems(head: ChainHead | None, last: int, last_hash: str) -> Iterator[ChainProblem]:
    """The head against the last event found (``last`` 0: none). Each case says what it means
    when an incident is explained: events lost at the end are not a head moved back."""
    if head is None:
        if last:
            yield ChainProblem(
                last,
                f"audit chain head missing: events go to #{last} but no head records the end",
                "head",
            )
    elif head.seq < last:
        yield ChainProblem(
            head.seq + 1,
            f"the chain head points to #{head.seq} but events go on to #{last}: the head was "
            "altered or events were added behind it",
            "head",
        )
    elif head.seq > last:
        yield ChainProblem(last + 1, _truncated(head.seq, last), "head")
    elif head.hash != last_hash:
        yield ChainProblem(
            head.seq,
            f"the chain head's hash is not that of event #{last}: the head or that event was "
            "altered",
            "head-hash",
        )


def _truncated(head: int, last: int) -> str:
    found = f"the last event is #{last}" if last else "no event is left"
    missing = f"#{head} is" if head == last + 1 else f"#{last + 1} to #{head} are"
    return f"audit chain truncated: the head points to #{head} but {found}: {missing} missing"
