"""Editing the audit log as someone with the database's own rights would: such a person can drop
the append-only triggers first, and `verify` must still catch what they did."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

TRIGGERS = ("audit_auditevent_no_update", "audit_auditevent_no_delete")


def drop_append_only_triggers() -> None:
    """Only inside a test's transaction, which brings them back: a `transaction=True` test
    would leave the log open to every later test."""
    assert connection.in_atomic_block, "drop the triggers only inside a rolled-back test"
    on_table = " ON audit_auditevent" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")


def tamper(statement: str, params: Sequence[object] = ()) -> None:
    """Run one SQL statement on the audit tables, past their triggers."""
    drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
