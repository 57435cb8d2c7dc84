"""The audit log is append-only: the ORM refuses to change or delete events in bulk as it does
one by one, and the database refuses SQL that goes around the ORM."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from khavaran.audit.chain import check_chain
from khavaran.audit.models import AppendOnlyError, AuditEvent, ChainHead
from khavaran.verify import verify_all
from tests.factories import make_excerpt, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(data_dir, tmp_path) -> list[tuple[int, str, str]]:
    """A few events, as (seq, reason, hash)."""
    make_excerpt(make_source(tmp_path))
    return list(AuditEvent.objects.values_list("seq", "reason", "hash"))


def in_sql(statement: str) -> None:
    """One statement on its own savepoint: PostgreSQL ends a transaction at its first error."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


def test_a_queryset_update_is_refused(logged):
    with pytest.raises(AppendOnlyError, match="never changed"):
        AuditEvent.objects.filter(seq=1).update(reason="rewritten")
    assert list(AuditEvent.objects.values_list("seq", "reason", "hash")) == logged


def test_a_queryset_delete_is_refused(logged):
    with pytest.raises(AppendOnlyError, match="never deleted"):
        AuditEvent.objects.filter(seq=1).delete()
    with pytest.raises(AppendOnlyError, match="never deleted"):
        AuditEvent.objects.all().delete()
    assert list(AuditEvent.objects.values_list("seq", "reason", "hash")) == logged


def test_a_bulk_update_is_refused(logged):
    events = list(AuditEvent.objects.all())
    for event in events:
        event.reason = "rewritten"
    with pytest.raises(AppendOnlyError, match="never changed"):
        AuditEvent.objects.bulk_update(events, ["reason"])
    assert list(AuditEvent.objects.values_list("seq", "reason", "hash")) == logged


def test_the_database_refuses_an_sql_update_of_an_event(logged):
    with pytest.raises(DatabaseError, match="append-only"):
        in_sql("UPDATE audit_auditevent SET reason = 'rewritten' WHERE seq = 1")
    assert list(AuditEvent.objects.values_list("seq", "reason", "hash")) == logged


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite keeps DELETE: Django empties its tables with it (decision 0004)",
)
def test_postgresql_refuses_an_sql_delete_of_an_event(logged):
    with pytest.raises(DatabaseError, match="append-only"):
        in_sql("DELETE FROM audit_auditevent WHERE seq = 1")
    assert list(AuditEvent.objects.values_list("seq", "reason", "hash")) == logged


def test_appending_still_moves_the_head_and_the_chain_holds(logged, tmp_path):
    make_source(tmp_path, "A second report.", name="second.txt")
    last = AuditEvent.objects.order_by("seq").last()
    assert (ChainHead.objects.get().seq, ChainHead.objects.get().hash) == (last.seq, last.hash)
    assert list(check_chain()) == [] and verify_all().ok
