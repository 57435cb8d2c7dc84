"""Appending to and checking the audit hash chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from khavaran.audit.models import AuditEvent, ChainHead

GENESIS = "0" * 64


def _canonical(value: Any) -> Any:
    """JSON-safe, key-sorted form, identical before storing and after reading back."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False))


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


def _now_to_the_millisecond() -> datetime:
    # Django's serializers keep milliseconds only; hashing the same precision lets an event
    # survive backup and restore unchanged.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


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
    """Write one audit event at the end of the chain, inside the caller's transaction."""
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = ChainHead.objects.create(pk=1, seq=0, hash=GENESIS)
        event = AuditEvent(
            seq=head.seq + 1,
            at=_now_to_the_millisecond(),
            actor=actor,
            action=action,
            model=model,
            object_id=str(object_id),
            before=_canonical(before),
            after=_canonical(after),
            reason=reason,
            prev_hash=head.hash,
        )
        event.hash = event_hash(_hashed_fields(event))
        event.save()
        ChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def check_chain(batch: int = 2000) -> Iterator[ChainProblem]:
    """Walk the whole chain; yield each event whose hash or link does not hold."""
    expected_prev, expected_seq = GENESIS, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            yield ChainProblem(event.seq, f"audit chain gap: expected event #{expected_seq}")
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "audit chain broken: link to the previous event differs")
        if event_hash(_hashed_fields(event)) != event.hash:
            yield ChainProblem(event.seq, "audit event was altered: its content no longer matches")
        expected_prev, expected_seq = event.hash, event.seq + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        yield ChainProblem(head.seq, "audit chain truncated: the last recorded event is missing")
