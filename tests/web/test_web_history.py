"""History: edits ask for a reason, deletes are soft, a change can be reverted, and every one
of them is appended to the audit log, never rewritten."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.records.models import Claim

pytestmark = pytest.mark.django_db


def _claim() -> Claim:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    return claim


def _edit(client: Any, claim: Claim, **changes: Any) -> Any:
    fields = {
        f: getattr(claim, f) or ""
        for f in (
            "question",
            "predicate",
            "subject_text",
            "value_text",
            "value_number",
            "value_min",
            "value_max",
            "qualifier",
            "attributed_to",
        )
    }
    return client.post(f"/edit/claim/{claim.pk}/", {**fields, **changes})


def test_it_refuses_an_edit_without_a_reason(client_as: Any) -> None:
    claim = _claim()
    response = _edit(client_as("investigator"), claim, qualifier="changed")
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.qualifier != "changed"


def test_it_shows_who_changed_what_and_why(client_as: Any) -> None:
    claim, client = _claim(), client_as("investigator")
    assert _edit(client, claim, qualifier="changed", reason="typo").status_code == 302
    page = client.get(f"/history/claim/{claim.pk}/").content.decode()
    assert "typo" in page and "ines" in page and "changed" in page


def test_it_reverts_a_change_by_appending_a_new_event(client_as: Any) -> None:
    claim, client = _claim(), client_as("investigator")
    original = claim.qualifier
    _edit(client, claim, qualifier="changed", reason="typo")
    event = AuditEvent.objects.filter(model="records.Claim", object_id=str(claim.pk)).last()
    assert event is not None
    count = AuditEvent.objects.count()
    response = client.post(f"/revert/claim/{claim.pk}/{event.seq}/", {"reason": "was right"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.qualifier == original
    assert AuditEvent.objects.count() == count + 1
    assert AuditEvent.objects.get(seq=event.seq).after["qualifier"] == "changed"


def test_it_deletes_softly_with_a_reason(client_as: Any) -> None:
    claim, client = _claim(), client_as("investigator")
    assert client.post(f"/delete/claim/{claim.pk}/", {"reason": ""}).status_code == 400
    assert client.post(f"/delete/claim/{claim.pk}/", {"reason": "duplicate"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).is_deleted
    assert client.get(f"/claims/{claim.pk}/").status_code == 404


def test_it_lets_no_viewer_edit(client_as: Any) -> None:
    claim = _claim()
    assert _edit(client_as("viewer"), claim, reason="x").status_code == 403
