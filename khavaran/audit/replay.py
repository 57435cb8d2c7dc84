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
from django.db.models import Func, IntegerField
from django.db.models.functions import Coalesce

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
    queryset = audited.queryset()
    texts = long_columns(queryset.model)
    for row in rows_by_size(queryset, texts, rows=ROWS, text_bytes=TEXT_BYTES):
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


ROWS = 2000
"""The most rows read at once."""
TEXT_BYTES = 4 * 1024 * 1024
"""About how many bytes of long text columns are read at once; a longer row is read alone."""


def long_columns(model: type[models.Model]) -> tuple[str, ...]:
    """The columns of ``model`` that may hold a whole book (a source's text)."""
    return tuple(f.attname for f in model._meta.concrete_fields if isinstance(f, models.TextField))


class _StoredBytes(Func):
    """A text column's size in bytes, the text not handed over: PostgreSQL reads it from the
    value's header, SQLite (no ``octet_length`` before 3.43) reads each value inside itself."""

    function = "OCTET_LENGTH"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "LENGTH(CAST(%(expressions)s AS BLOB))"
        return self.as_sql(compiler, connection, template=template, **extra)


def rows_by_size(
    queryset: models.QuerySet[Any],
    columns: tuple[str, ...],
    *,
    rows: int = ROWS,
    text_bytes: int = TEXT_BYTES,
) -> Iterator[Any]:
    """The rows of ``queryset``, in its order, whole: a case's thousands of books are never held
    together, and its small rows still come many to a query (`sized_groups`)."""
    for group in sized_groups(queryset, columns, rows=rows, text_bytes=text_bytes):
        yield from with_columns(queryset, group, columns)


def sized_groups(
    queryset: models.QuerySet[Any],
    columns: tuple[str, ...],
    *,
    rows: int = ROWS,
    text_bytes: int = TEXT_BYTES,
) -> Iterator[list[Any]]:
    """The rows of ``queryset`` in its order, in groups of at most ``rows`` rows holding about
    ``text_bytes`` of ``columns`` (a longer row alone), read without those columns, which
    `with_columns` reads a group at a time; each row's ``stored_size`` is their bytes."""
    if columns:
        size: Any = Coalesce(_StoredBytes(columns[0]), 0)
        for column in columns[1:]:
            size += Coalesce(_StoredBytes(column), 0)
        queryset = _without(queryset, columns).annotate(stored_size=size)
    yield from _groups(queryset.iterator(chunk_size=rows), rows, text_bytes)


def _without(queryset: models.QuerySet[Any], columns: tuple[str, ...]) -> models.QuerySet[Any]:
    names, deferring = queryset.query.deferred_loading
    # Deferring every field `only()` named would load every field.
    if not deferring and not set(names) - set(columns):
        return queryset.only(queryset.model._meta.pk.name)
    return queryset.defer(*columns)


def _groups(rows: Iterator[Any], most: int, text_bytes: int) -> Iterator[list[Any]]:
    group: list[Any] = []
    held = 0
    for row in rows:
        size = getattr(row, "stored_size", 0)
        if group and (len(group) == most or held + size > text_bytes):
            yield group
            group, held = [], 0
        group.append(row)
        held += size
    if group:
        yield group


def with_columns(
    queryset: models.QuerySet[Any], group: list[Any], columns: tuple[str, ...]
) -> Iterator[Any]:
    """The rows of a `sized_groups` group with their ``columns`` read, in one query.

    A row's columns are let go when the next row is asked for, whoever still holds the row (a
    prefetched passage points back at its source): one row's texts are held at a time."""
    values: dict[Any, list[Any]] = {}
    if columns:
        model: Any = queryset.model
        read = model._base_manager.filter(pk__in=[row.pk for row in group])
        values = {pk: rest for pk, *rest in read.values_list("pk", *columns)}
    group.reverse()
    while group:
        row = _loaded(group.pop(), columns, values)
        yield row
        for column in columns:
            row.__dict__.pop(column, None)


def _loaded(row: Any, columns: tuple[str, ...], values: dict[Any, list[Any]]) -> Any:
    # A row missing from the snapshot keeps its columns deferred.
    for column, value in zip(columns, values.pop(row.pk, ()), strict=False):
        setattr(row, column, value)
    return row
