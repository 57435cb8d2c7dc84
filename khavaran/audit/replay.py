"""Rows against the log: finds a row changed, added or removed in the database behind the log.

The chain proves that the log itself is intact; this proves that the database still says what
the log last recorded. For each audited model, the state an object's events describe (the
``after`` of its last event that records its fields, plus the citations that later events
added) is compared with its row now, field by field, on the fields the log recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from khavaran.audit.chain import canonical
from khavaran.audit.models import AuditEvent

# Events whose ``after`` says what was done to an object, not what its fields are (a custody
# report says what was handed out about a source, not what the source is).
NOT_STATE = frozenset({"link", "extract", "cite", "custody-report"})


@dataclass(frozen=True)
class Audited:
    """How to read a model's rows in the form its audit events record them.

    ``every_row_logged``: a row no event describes was written outside Khavaran (false for
    rows the product writes unaudited by design, such as pending proposals). ``unlogged``: the
    state such a row must still have, if any (a setting's default).
    """

    model: str
    fields: Callable[[Any], dict[str, Any]]
    rows: Callable[[], models.QuerySet[Any]] | None = None
    every_row_logged: bool = True
    unlogged: Mapping[str, Any] | None = None

    def queryset(self) -> models.QuerySet[Any]:
        return self.rows() if self.rows is not None else self.all().order_by("pk")

    def all(self) -> models.QuerySet[Any]:
        app_label, name = self.model.split(".")
        model: Any = apps.get_model(app_label, name)
        rows: models.QuerySet[Any] = model._default_manager.all()
        return rows


@dataclass(frozen=True)
class Drift:
    model: str
    object_id: str
    message: str


@dataclass
class _Logged:
    state: dict[str, Any] = field(default_factory=dict)
    described: bool = False  # an event recorded its fields (not only what was done to it)
    deleted: bool = False
    # The last event about it that the chain does not vouch for, until an intact event
    # records its whole state again (0: none).
    damaged: int = 0


def logged_states(model: str, damaged: AbstractSet[int] = frozenset()) -> dict[str, _Logged]:
    """Each object's fields as its events last recorded them, with the excerpts cited since.

    An event of ``damaged`` (its content or link does not hold) says nothing: its object is
    marked until a later intact event records its whole state again."""
    logged: dict[str, _Logged] = {}
    events = AuditEvent.objects.filter(model=model).order_by("seq")
    rows = events.values_list("seq", "action", "object_id", "after")
    for seq, action, object_id, after in rows.iterator(chunk_size=2000):
        entry = logged.setdefault(object_id, _Logged())
        if seq in damaged:
            entry.damaged = seq
        elif action == "delete":
            logged[object_id] = _Logged(deleted=True)
        elif not isinstance(after, dict):
            continue
        elif action == "cite" and "excerpts" in entry.state:
            added = after.get("excerpts_added") or [after.get("excerpt")]
            entry.state["excerpts"] = sorted({*entry.state["excerpts"], *added} - {None})
        elif action not in NOT_STATE:
            entry.state = dict(after)
            entry.described, entry.deleted, entry.damaged = True, False, 0
    return logged


def drift(audited: Audited, damaged: AbstractSet[int] = frozenset()) -> Iterator[Drift]:
    """Each row of ``audited.model`` that differs from the log, and each logged one gone.

    ``damaged``: the events the chain does not vouch for (`damage.damaged_by`); a row whose
    state rests on one is named as not comparable, every other row is compared as usual."""
    logged = logged_states(audited.model, damaged)
    seen: set[str] = set()
    for row in audited.queryset().iterator(chunk_size=2000):
        object_id = str(row.pk)
        seen.add(object_id)
        now = audited.fields(row)
        entry = logged.get(object_id)
        if entry is not None and entry.damaged:
            yield _unverifiable(audited.model, object_id, entry.damaged)
            continue
        if entry is not None and entry.deleted:
            yield Drift(
                audited.model,
                object_id,
                "the audit log records its deletion but the database still has it",
            )
            continue
        if entry is None or not entry.described:
            if audited.unlogged is not None:
                yield from _differences(audited.model, object_id, dict(audited.unlogged), now)
            elif audited.every_row_logged:
                yield Drift(
                    audited.model, object_id, "no audit event records it: written outside Khavaran"
                )
            continue
        yield from _differences(audited.model, object_id, entry.state, now)
    # Khavaran never deletes a row the log describes (records are marked deleted instead).
    for object_id, entry in logged.items():
        if entry.damaged and object_id not in seen:
            yield _unverifiable(audited.model, object_id, entry.damaged)
        elif entry.described and object_id not in seen:
            yield Drift(
                audited.model,
                object_id,
                "the audit log records it but the database no longer has it: deleted outside "
                "Khavaran",
            )


def _unverifiable(model: str, object_id: str, seq: int) -> Drift:
    return Drift(
        model,
        object_id,
        f"not compared with the audit log: its event #{seq} does not match the chain, so "
        "what it should be is unknown",
    )


def _differences(
    model: str, object_id: str, logged: dict[str, Any], now: dict[str, Any]
) -> Iterator[Drift]:
    # Only the fields the log recorded: a field added by a later migration has no logged value.
    changed = sorted(
        key for key, value in logged.items() if key in now and canonical(now[key]) != value
    )
    if changed:
        yield Drift(
            model,
            object_id,
            f"changed outside Khavaran: {', '.join(changed)} "
            f"{'differs' if len(changed) == 1 else 'differ'} from what the audit log last recorded",
        )
