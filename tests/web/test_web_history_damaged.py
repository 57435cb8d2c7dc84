"""A history page shows each event as a comparison; one damaged event is set apart, marked, and
never shown as what was written, while every other event's comparison stays on the page."""

from __future__ import annotations

import json
from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.records.actions import update_record
from khavaran.records.models import Claim, Person
from khavaran.verify import verify_all
from tests.audit.tampering import tamper

pytestmark = pytest.mark.django_db

MARK = (
    "The audit chain does not vouch for this event: its content, or its place after the event "
    "before it, does not match — run khavaran verify."
)


def _claim_with_two_changes() -> tuple[Claim, AuditEvent, AuditEvent]:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    update_record(claim, {"qualifier": "first wording"}, actor="ines", reason="first reason")
    update_record(claim, {"qualifier": "second wording"}, actor="ines", reason="second reason")
    first, second = AuditEvent.objects.filter(
        model="records.Claim", object_id=str(claim.pk), reason__endswith="reason"
    ).order_by("seq")
    return claim, first, second


def _damage(event: AuditEvent, field: str, value: Any) -> None:
    tamper(f"UPDATE audit_auditevent SET {field} = %s WHERE id = %s", [value, event.pk])


def test_an_altered_event_is_marked_and_its_content_not_shown(client_as: Any) -> None:
    claim, first, second = _claim_with_two_changes()
    after = json.dumps({**second.after, "qualifier": "forged wording"})
    _damage(second, "after", after)
    page = client_as("investigator").get(f"/history/claim/{claim.pk}/").content.decode()
    assert MARK in page
    assert "forged wording" not in page and "second reason" not in page
    # The other events keep their comparison.
    assert "first reason" in page and "first wording" in page
    assert f"/revert/claim/{claim.pk}/{second.seq}/" not in page
    assert f"/revert/claim/{claim.pk}/{first.seq}/" in page
    assert any(f"#{second.seq}" in str(p) for p in verify_all().problems)


def test_an_unreadable_snapshot_is_marked_instead_of_breaking_the_page(client_as: Any) -> None:
    claim, first, _second = _claim_with_two_changes()
    # Valid JSON, but no snapshot: what a bit flip or a careless repair leaves.
    _damage(first, "before", json.dumps("garbled"))
    response = client_as("reviewer").get(f"/history/claim/{claim.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(MARK) == 1 and "garbled" not in page
    assert "second reason" in page and "second wording" in page


def test_an_event_rewritten_with_its_hash_recomputed_is_still_marked(client_as: Any) -> None:
    from khavaran.audit.chain import _hashed_fields, event_hash

    claim, first, _ = _claim_with_two_changes()
    forged = AuditEvent.objects.get(pk=first.pk)
    forged.reason = "forged reason"
    _damage(first, "reason", "forged reason")
    _damage(first, "hash", event_hash(_hashed_fields(forged)))
    page = client_as("reviewer").get(f"/history/claim/{claim.pk}/").content.decode()
    assert MARK in page and "forged reason" not in page


def test_a_damaged_event_is_never_reverted(client_as: Any) -> None:
    claim, _, second = _claim_with_two_changes()
    _damage(second, "actor", "someone else")
    client = client_as("investigator")
    response = client.post(f"/revert/claim/{claim.pk}/{second.seq}/", {"reason": "undo"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.qualifier == "second wording"
    page = client.get(response["Location"]).content.decode()
    assert MARK in page


def test_a_case_history_marks_only_its_damaged_event(client_as: Any, case: Any) -> None:
    from khavaran.demo.case_file import load_demo_case

    demo = load_demo_case(actor="test")
    assert demo is not None
    events = list(AuditEvent.objects.filter(model="records.Case", object_id=str(demo.pk)))
    _damage(events[-1], "reason", "edited behind the log")
    page = client_as("reviewer").get(f"/history/case/{demo.pk}/").content.decode()
    assert page.count(MARK) == 1 and "edited behind the log" not in page
    assert '<ul class="changes">' in page  # the accusations' and links' events still compare


def test_an_intact_history_has_no_mark(client_as: Any) -> None:
    claim, _, _ = _claim_with_two_changes()
    page = client_as("reviewer").get(f"/history/claim/{claim.pk}/").content.decode()
    assert "does not vouch for this event" not in page


def test_a_deleted_event_is_said_as_a_gap_in_the_log_on_every_history_page(
    client_as: Any,
) -> None:
    # A deleted event leaves nothing of its own to mark: its record's page would read "no
    # recorded changes". Every history page says the log lacks events.
    claim, first, _second = _claim_with_two_changes()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [first.pk])
    client = client_as("investigator")
    page = client.get(f"/history/claim/{claim.pk}/").content.decode()
    assert "The audit log is missing 1 event: a history may be incomplete." in page
    assert "first reason" not in page
    # The event after the gap is not vouched for: its link to the one before is broken.
    assert MARK in page and "second reason" not in page
    someone = Person.objects.order_by("pk").first()
    assert someone is not None
    person = client.get(f"/history/person/{someone.pk}/").content.decode()
    assert "The audit log is missing 1 event" in person


def test_an_intact_log_says_nothing_of_gaps(client_as: Any) -> None:
    claim, _first, _second = _claim_with_two_changes()
    page = client_as("investigator").get(f"/history/claim/{claim.pk}/").content.decode()
    assert "The audit log is missing" not in page
