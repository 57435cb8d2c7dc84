"""Every change is in an append-only audit log whose hash chain reveals tampering."""

from __future__ import annotations

import pytest

from khavaran.audit.chain import check_chain
from khavaran.audit.models import AppendOnlyError, AuditEvent, ChainHead
from khavaran.records.actions import soft_delete, update_record
from tests.audit.tampering import tamper
from tests.factories import make_claim, make_excerpt, make_source

pytestmark = pytest.mark.django_db


def test_every_write_is_audited_with_actor_and_content(data_dir, tmp_path):
    claim = make_claim(make_excerpt(make_source(tmp_path)))
    update_record(claim, {"qualifier": "about"}, actor="reviewer-1", reason="typo")
    soft_delete(claim, actor="reviewer-1", reason="duplicate")
    events = list(AuditEvent.objects.filter(model="records.Claim", object_id=str(claim.pk)))
    assert [e.action for e in events] == ["create", "update", "update"]
    assert events[1].before["qualifier"] == "" and events[1].after["qualifier"] == "about"
    assert events[1].actor == "reviewer-1" and events[1].reason == "typo"
    assert events[2].after["is_deleted"] is True


def test_an_update_needs_a_reason(data_dir, tmp_path):
    claim = make_claim(make_excerpt(make_source(tmp_path)))
    with pytest.raises(ValueError, match="reason"):
        update_record(claim, {"qualifier": "x"}, actor="a", reason=" ")


def test_the_chain_of_an_untouched_log_holds(data_dir, tmp_path):
    make_claim(make_excerpt(make_source(tmp_path)))
    assert AuditEvent.objects.count() >= 4
    assert list(check_chain()) == []


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(data_dir, tmp_path):
    make_source(tmp_path)
    event = AuditEvent.objects.first()
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_an_edited_audit_row_is_detected(data_dir, tmp_path):
    make_claim(make_excerpt(make_source(tmp_path)))
    target = AuditEvent.objects.order_by("seq")[1]
    tamper("UPDATE audit_auditevent SET actor = %s WHERE id = %s", ["someone-else", target.pk])
    problems = list(check_chain())
    assert [p.seq for p in problems] == [target.seq]
    assert "altered" in problems[0].message


def test_a_deleted_audit_row_is_detected(data_dir, tmp_path):
    make_claim(make_excerpt(make_source(tmp_path)))
    target = AuditEvent.objects.order_by("seq")[1]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    assert any("gap" in p.message or "broken" in p.message for p in check_chain())


def messages() -> list[str]:
    return [f"audit event #{p.seq}: {p.message}" for p in check_chain()]


def test_a_head_moved_back_is_not_called_a_truncation(data_dir, tmp_path):
    make_claim(make_excerpt(make_source(tmp_path)))
    last = AuditEvent.objects.order_by("seq").last()
    ChainHead.objects.filter(pk=1).update(seq=last.seq - 1)
    assert messages() == [
        f"audit event #{last.seq}: the chain head points to #{last.seq - 1} but events go on to "
        f"#{last.seq}: the head was altered or events were added behind it"
    ]


def test_the_last_event_deleted_is_a_truncation_naming_it(data_dir, tmp_path):
    make_claim(make_excerpt(make_source(tmp_path)))
    last = AuditEvent.objects.order_by("seq").last()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    assert messages() == [
        f"audit event #{last.seq}: audit chain truncated: the head points to #{last.seq} but "
        f"the last event is #{last.seq - 1}: #{last.seq} is missing"
    ]


def test_every_event_deleted_is_a_truncation(data_dir, tmp_path):
    make_source(tmp_path)
    head = ChainHead.objects.get().seq
    tamper("DELETE FROM audit_auditevent")
    assert messages() == [
        f"audit event #1: audit chain truncated: the head points to #{head} but no event is "
        f"left: #1 to #{head} are missing"
    ]


def test_a_head_whose_hash_is_not_the_last_events_is_named(data_dir, tmp_path):
    make_source(tmp_path)
    head = ChainHead.objects.get()
    ChainHead.objects.filter(pk=1).update(hash="f" * 64)
    assert messages() == [
        f"audit event #{head.seq}: the chain head's hash is not that of event #{head.seq}: "
        "the head or that event was altered"
    ]


def test_a_deleted_head_is_named(data_dir, tmp_path):
    make_source(tmp_path)
    last = AuditEvent.objects.order_by("seq").last()
    ChainHead.objects.all().delete()
    assert messages() == [
        f"audit event #{last.seq}: audit chain head missing: events go to #{last.seq} but no "
        "head records the end"
    ]


def test_an_empty_log_without_a_head_is_intact(data_dir):
    assert messages() == []
