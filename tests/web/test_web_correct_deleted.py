"""A deleted record is found again and restored: after Delete the editor lands on its history
(which those who read histories still read), a Restore button brings it back with a reason, and
a page lists the deleted records with who deleted them, when and why."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khavaran.audit.models import AuditEvent
from khavaran.records.models import Claim

pytestmark = pytest.mark.django_db


def _claim() -> Claim:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    return claim


def _deleted(client: Client, claim: Claim, reason: str = "entered twice") -> Any:
    return client.post(f"/delete/claim/{claim.pk}/", {"reason": reason})


def test_after_a_delete_the_editor_lands_on_the_records_history_with_a_note(
    client_as: Any,
) -> None:
    claim, client = _claim(), client_as("investigator")
    response = _deleted(client, claim)
    assert response.status_code == 302
    assert response["Location"] == f"/history/claim/{claim.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Deleted. Its history stays here" in page
    assert "entered twice" in page and f'action="/restore/claim/{claim.pk}/"' in page


def test_a_deleted_records_history_is_read_by_history_readers_only(client_as: Any) -> None:
    claim = _claim()
    _deleted(client_as("investigator"), claim)
    url = f"/history/claim/{claim.pk}/"
    assert client_as("reviewer").get(url).status_code == 200
    assert client_as("admin").get(url).status_code == 200
    assert client_as("analyst").get(url).status_code == 403
    assert client_as("viewer").get(url).status_code == 403
    # A reviewer reads it, but restoring is for editors.
    assert 'action="/restore/' not in client_as("reviewer").get(url).content.decode()


def test_a_confidential_deleted_record_stays_hidden_from_a_reviewer(
    client_as: Any, case: dict[str, Any]
) -> None:
    secret = case["secret_claim"]
    _deleted(client_as("admin"), secret)
    assert client_as("reviewer").get(f"/history/claim/{secret.pk}/").status_code == 404
    assert client_as("admin").get(f"/history/claim/{secret.pk}/").status_code == 200


def test_restore_brings_the_record_back_with_an_audited_reason(client_as: Any) -> None:
    claim, client = _claim(), client_as("investigator")
    _deleted(client, claim)
    assert client.post(f"/restore/claim/{claim.pk}/", {"reason": ""}).status_code == 400
    assert Claim.objects.get(pk=claim.pk).is_deleted
    response = client.post(f"/restore/claim/{claim.pk}/", {"reason": "it was not a duplicate"})
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    assert not Claim.objects.get(pk=claim.pk).is_deleted
    assert client.get(f"/claims/{claim.pk}/").status_code == 200
    last = AuditEvent.objects.filter(model="records.Claim", object_id=str(claim.pk)).last()
    assert last is not None and last.reason == "it was not a duplicate"
    assert last.before["is_deleted"] is True and last.after["is_deleted"] is False


def test_only_editors_restore(client_as: Any) -> None:
    claim = _claim()
    _deleted(client_as("investigator"), claim)
    response = client_as("reviewer").post(f"/restore/claim/{claim.pk}/", {"reason": "x"})
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).is_deleted


def test_a_live_record_cannot_be_restored(client_as: Any) -> None:
    claim = _claim()
    assert client_as("investigator").get(f"/restore/claim/{claim.pk}/").status_code == 404


def test_the_deleted_records_page_says_who_deleted_what_when_and_why(
    client_as: Any, case: dict[str, Any]
) -> None:
    claim, client = _claim(), client_as("investigator")
    _deleted(client, claim, "entered twice")
    client.post(f"/delete/incident/{case['massacre'].pk}/", {"reason": "test incident"})
    page = client.get("/deleted/").content.decode()
    assert f'href="/history/claim/{claim.pk}/"' in page
    assert f'href="/history/incident/{case["massacre"].pk}/"' in page
    assert "entered twice" in page and "test incident" in page and "ines" in page
    # The latest deletion first.
    assert page.index("test incident") < page.index("entered twice")


def test_the_deleted_records_page_is_for_editors(client_as: Any) -> None:
    assert client_as("reviewer").get("/deleted/").status_code == 403
    assert client_as("viewer").get("/deleted/").status_code == 403
    assert client_as("admin").get("/deleted/").status_code == 200


def test_the_deleted_records_page_reads_in_persian(client_as: Any) -> None:
    claim, client = _claim(), client_as("investigator")
    _deleted(client, claim, "دو بار وارد شده")
    client.post("/language/", {"language": "fa", "next": "/deleted/"})
    page = client.get("/deleted/").content.decode()
    assert 'dir="rtl"' in page and "دو بار وارد شده" in page
    assert f'href="/history/claim/{claim.pk}/"' in page


@pytest.mark.parametrize(("role", "linked"), [("investigator", True), ("reviewer", False)])
def test_the_header_links_the_deleted_records_for_editors_only(
    client_as: Any, role: str, linked: bool
) -> None:
    page = client_as(role).get("/people/").content.decode()
    assert ('href="/deleted/"' in page) is linked
