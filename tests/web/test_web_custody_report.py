"""The source page offers staff its chain of custody as a download: the same report as
`khavaran custody SOURCE --report`, hashed now and logged, behind the source's own gate. It is
a form's POST: a link elsewhere (a GET another site's page makes the browser send, with its
cookies) neither hashes the original nor writes the audit log."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from khavaran.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_investigator_downloads_the_report_of_a_confidential_source(
    client_as: Any, case: dict[str, Any]
) -> None:
    testimony = case["testimony"]
    client = client_as("investigator")
    page = client.get(f"/sources/{testimony.pk}/").content.decode()
    for fmt in ("md", "csv", "json"):
        form = re.search(
            rf'<form method="post" action="/sources/{testimony.pk}/custody/"[^>]*>'
            rf'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>'
            rf'<button type="submit" name="format" value="{fmt}"',
            page,
        )
        assert form, f"no {fmt} form"
    response = client.post(f"/sources/{testimony.pk}/custody/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="custody-source-{testimony.pk}.json"'
    )
    report = json.loads(response.content)
    assert report["source"]["sha256"] == testimony.sha256
    assert report["source"]["original_filename"] == "testimony-khavaran-family.txt"
    assert report["source"]["stored"] == "intact"
    assert next(e["action"] for e in report["custody"]) == "collected"
    logged = AuditEvent.objects.filter(action="custody-report").get()
    assert (logged.actor, logged.object_id) == ("ines", str(testimony.pk))


def test_the_markdown_report_is_the_default(client_as: Any, case: dict[str, Any]) -> None:
    response = client_as("admin").post(f"/sources/{case['english'].pk}/custody/")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.content.decode().startswith(f"# Chain of custody: source {case['english'].pk}")


@pytest.mark.parametrize("role", ["viewer", "analyst", "reviewer"])
def test_those_who_do_not_handle_evidence_get_no_report(
    client_as: Any, case: dict[str, Any], role: str
) -> None:
    response = client_as(role).post(f"/sources/{case['english'].pk}/custody/")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="custody-report").exists()


def test_an_unknown_format_is_refused_in_words(client_as: Any, case: dict[str, Any]) -> None:
    response = client_as("admin").post(f"/sources/{case['english'].pk}/custody/", {"format": "pdf"})
    assert response.status_code == 400 and b"Unknown report format" in response.content
    assert not AuditEvent.objects.filter(action="custody-report").exists()


def test_a_get_hashes_nothing_and_logs_nothing(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("admin")
    for path in ("custody/", "custody/?format=json"):
        response = client.get(f"/sources/{case['english'].pk}/{path}")
        assert response.status_code == 405 and response["Allow"] == "POST"
    assert not AuditEvent.objects.filter(action="custody-report").exists()


def test_a_post_without_the_pages_csrf_token_is_refused(
    cast: dict[str, Any], case: dict[str, Any]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["admin"])
    response = client.post(f"/sources/{case['english'].pk}/custody/", {"format": "md"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="custody-report").exists()
