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


def test_only_those_who_change_or_assess_records_read_their_history(
    client_as: Any, case: dict[str, Any]
) -> None:
    # A snapshot holds fields no page shows, such as a person's notes.
    url = f"/history/person/{case['raisi'].pk}/"
    assert client_as("viewer").get(url).status_code == 403
    assert client_as("analyst").get(url).status_code == 403
    assert client_as("reviewer").get(url).status_code == 200
    assert (
        "/history/" not in client_as("viewer").get(f"/people/{case['raisi'].pk}/").content.decode()
    )


def test_a_sources_history_which_names_its_donor_is_for_editors(
    client_as: Any, case: dict[str, Any]
) -> None:
    url = f"/sources/{case['english'].pk}/history/"
    assert client_as("reviewer").get(url).status_code == 403
    assert client_as("investigator").get(url).status_code == 200


def test_the_history_shows_each_field_as_a_line_not_as_program_text(client_as: Any) -> None:
    claim, client = _claim(), client_as("investigator")
    _edit(client, claim, qualifier="at least", reason="the source says so")
    page = client.get(f"/history/claim/{claim.pk}/").content.decode()
    assert '<dt>qualifier</dt><dd dir="auto">at least</dd>' in page
    assert "{&#x27;" not in page and "changed" in page
