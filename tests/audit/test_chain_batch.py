"""`chain.batch()`: many appends under one lock, written together, the chain as one by one."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction

from khavaran.audit.chain import GENESIS, append, batch, check_chain
from khavaran.audit.models import AuditEvent, ChainHead

pytestmark = pytest.mark.django_db


def _append(n: int, **extra: object) -> None:
    append(actor="a", action="create", model="test.Thing", object_id=n, after={"n": n, **extra})


def test_a_batch_chains_its_events_as_single_appends_do() -> None:
    _append(0)
    with batch():
        for n in range(1, 6):
            _append(n, when=None, nested={"b": [1, 2]})
        assert AuditEvent.objects.count() == 1  # written when the batch ends
    _append(6)

    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, 8))
    assert [e.after["n"] for e in events] == list(range(7))
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert events[3].after == {"n": 3, "when": None, "nested": {"b": [1, 2]}}
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (7, events[-1].hash)
    assert list(check_chain()) == []


def test_a_failed_batch_writes_no_event_and_leaves_the_head() -> None:
    _append(0)
    head = ChainHead.objects.get()
    with pytest.raises(RuntimeError), batch():
        _append(1)
        _append(2)
        raise RuntimeError("stop")
    assert AuditEvent.objects.count() == 1
    assert ChainHead.objects.get().hash == head.hash
    _append(3)  # the chain goes on from where it was
    assert list(check_chain()) == []
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2]


def test_a_batch_inside_a_batch_joins_it() -> None:
    with batch():
        _append(1)
        with batch():
            _append(2)
        assert AuditEvent.objects.count() == 0
        _append(3)
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2, 3]
    assert list(check_chain()) == []


def test_a_batch_rolls_back_with_the_transaction_around_it() -> None:
    _append(0)
    with pytest.raises(RuntimeError), transaction.atomic():
        with batch():
            _append(1)
        raise RuntimeError("the caller fails after the batch")
    assert AuditEvent.objects.count() == 1 and ChainHead.objects.get().seq == 1
    assert list(check_chain()) == []
