"""The revert confirmation shows the change as the history does, field by field in the
reader's words, not as program text."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.records.models import Claim, Tenure

pytestmark = pytest.mark.django_db


def _changed_claim(client: Any) -> tuple[Claim, AuditEvent]:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    fields = client.get(f"/edit/claim/{claim.pk}/").context["form"].initial
    fields = {k: v for k, v in fields.items() if v is not None}
    client.post(f"/edit/claim/{claim.pk}/", {**fields, "qualifier": "at least", "reason": "typo"})
    event = AuditEvent.objects.filter(model="records.Claim", object_id=str(claim.pk)).last()
    assert event is not None
    return claim, event


def test_the_revert_page_shows_the_change_as_lines_not_a_python_dict(client_as: Any) -> None:
    client = client_as("investigator")
    claim, event = _changed_claim(client)
    page = client.get(f"/revert/claim/{claim.pk}/{event.seq}/").content.decode()
    assert "{&#x27;" not in page and "{'" not in page
    assert '<span class="field">Qualifier</span>' in page and "at least" in page


def test_the_revert_page_speaks_persian_to_a_persian_reader(client_as: Any) -> None:
    client = client_as("investigator")
    claim, event = _changed_claim(client)
    client.post("/language/", {"language": "fa", "next": "/claims/"})
    page = client.get(f"/revert/claim/{claim.pk}/{event.seq}/").content.decode()
    assert 'dir="rtl"' in page and "{&#x27;" not in page
    assert "←" in page  # before ← after, in the reader's direction


def test_reverting_a_tenures_dates_brings_the_old_dates_back(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    tenure = Tenure.objects.filter(person=case["raisi"]).order_by("pk").first()
    assert tenure is not None
    start_id = tenure.start_id
    fields = client.get(f"/edit/tenure/{tenure.pk}/").context["form"].initial
    client.post(f"/edit/tenure/{tenure.pk}/", {**fields, "start": "1980", "reason": "x"})
    event = AuditEvent.objects.filter(model="records.Tenure", object_id=str(tenure.pk)).last()
    assert event is not None
    client.post(f"/revert/tenure/{tenure.pk}/{event.seq}/", {"reason": "the old date was right"})
    tenure.refresh_from_db()
    assert tenure.start_id == start_id
