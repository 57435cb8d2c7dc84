"""The data-entry corrections that had no page: a tenure's dates, post and person, an
incident's dates, a claim's subject, removing a participation or an unused excerpt, and citing
another passage for a fact already recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import cite_quote
from khavaran.evidence.models import Excerpt
from khavaran.records.models import Claim, Participant, Person, Post, Tenure

pytestmark = pytest.mark.django_db


def _tenure(person: Person) -> Tenure:
    tenure = person.tenures.select_related("start", "end").order_by("pk").first()
    assert tenure is not None
    return tenure


def test_an_editor_fixes_a_tenures_dates_post_and_person(
    client_as: Any, case: dict[str, Any]
) -> None:
    tenure, client = _tenure(case["raisi"]), client_as("investigator")
    other_post = Post.objects.exclude(pk=tenure.post_id).first()
    other_person = Person.objects.exclude(pk=tenure.person_id).first()
    assert other_post is not None and other_person is not None
    form = client.get(f"/edit/tenure/{tenure.pk}/").content.decode()
    assert 'name="start"' in form and 'name="post"' in form and 'name="person"' in form
    response = client.post(
        f"/edit/tenure/{tenure.pk}/",
        {
            "person": other_person.pk,
            "post": other_post.pk,
            "confidence": "low",
            "start": "Mordad 1367",
            "end": "1989",
            "reason": "the source gives other dates",
        },
    )
    assert response.status_code == 302
    tenure.refresh_from_db()
    assert (tenure.person_id, tenure.post_id, tenure.confidence) == (
        other_person.pk,
        other_post.pk,
        "low",
    )
    assert tenure.start is not None and tenure.start.original == "Mordad 1367"
    assert tenure.end is not None and tenure.end.earliest == date(1989, 1, 1)


def test_a_tenure_left_as_it_is_keeps_its_dates(client_as: Any, case: dict[str, Any]) -> None:
    tenure, client = _tenure(case["raisi"]), client_as("investigator")
    start_id = tenure.start_id
    form = client.get(f"/edit/tenure/{tenure.pk}/")
    fields = form.context["form"].initial
    client.post(f"/edit/tenure/{tenure.pk}/", {**fields, "confidence": "low", "reason": "x"})
    tenure.refresh_from_db()
    assert tenure.start_id == start_id and tenure.confidence == "low"


def test_a_tenure_that_ends_before_it_starts_is_refused(
    client_as: Any, case: dict[str, Any]
) -> None:
    tenure = _tenure(case["raisi"])
    response = client_as("investigator").post(
        f"/edit/tenure/{tenure.pk}/",
        {
            "person": tenure.person_id,
            "post": tenure.post_id,
            "confidence": "high",
            "start": "1990",
            "end": "1988",
            "reason": "x",
        },
    )
    assert response.status_code == 400 and "ends before it starts" in response.content.decode()


def test_a_tenure_cannot_be_given_a_person_the_editor_may_not_read(
    client_as: Any, case: dict[str, Any]
) -> None:
    # A reviewer may not edit at all; an editor's choices are the people they may read.
    tenure = _tenure(case["raisi"])
    response = client_as("investigator").post(
        f"/edit/tenure/{tenure.pk}/",
        {"person": 10**9, "post": tenure.post_id, "confidence": "high", "reason": "x"},
    )
    assert response.status_code == 400


def test_an_editor_fixes_an_incidents_dates(client_as: Any, case: dict[str, Any]) -> None:
    massacre, client = case["massacre"], client_as("investigator")
    fields = client.get(f"/edit/incident/{massacre.pk}/").context["form"].initial
    response = client.post(
        f"/edit/incident/{massacre.pk}/",
        {**fields, "start": "1988-07-19", "reason": "the first executions"},
    )
    assert response.status_code == 302
    massacre.refresh_from_db()
    assert massacre.start is not None and massacre.start.earliest == date(1988, 7, 19)
    history = client.get(f"/history/incident/{massacre.pk}/").content.decode()
    assert "the first executions" in history


def test_an_editor_changes_a_claims_subject(client_as: Any, case: dict[str, Any]) -> None:
    claim = Claim.objects.filter(subject_incident=case["massacre"]).first()
    assert claim is not None
    client = client_as("investigator")
    fields = {
        k: v
        for k, v in client.get(f"/edit/claim/{claim.pk}/").context["form"].initial.items()
        if v is not None
    }
    response = client.post(
        f"/edit/claim/{claim.pk}/",
        {
            **fields,
            "subject_incident": "",
            "subject_person": case["raisi"].pk,
            "reason": "about him",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.subject_person_id == case["raisi"].pk and claim.subject_incident_id is None


def test_an_editor_removes_a_participation_and_the_incident_page_no_longer_lists_it(
    client_as: Any, case: dict[str, Any]
) -> None:
    role = Participant.objects.get(person=case["raisi"], incident=case["massacre"])
    client = client_as("investigator")
    incident_page = client.get(f"/incidents/{case['massacre'].pk}/").content.decode()
    assert f"/delete/participant/{role.pk}/" in incident_page
    response = client.post(f"/delete/participant/{role.pk}/", {"reason": "not in the source"})
    assert response["Location"] == f"/history/participant/{role.pk}/"
    role.refresh_from_db()
    assert role.is_deleted
    assert (
        f"/people/{case['raisi'].pk}/"
        not in client.get(f"/incidents/{case['massacre'].pk}/").content.decode()
    )


def test_an_unused_excerpt_is_removed_with_a_reason(client_as: Any, case: dict[str, Any]) -> None:
    excerpt = cite_quote(case["english"], "Tehran", actor="test")
    assert not Claim.objects.filter(excerpts=excerpt).exists()
    client = client_as("investigator")
    response = client.post(f"/excerpts/{excerpt.pk}/delete/", {"reason": "selected by mistake"})
    assert response.status_code == 302
    assert not Excerpt.objects.filter(pk=excerpt.pk).exists()
    event = AuditEvent.objects.filter(model="evidence.Excerpt", object_id=str(excerpt.pk)).last()
    assert event is not None and event.action == "delete"
    assert event.before["quoted_text"] == "Tehran"


def test_an_excerpt_something_cites_is_not_removed_and_the_refusal_names_it(
    client_as: Any,
) -> None:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    excerpt = claim.excerpts.first()
    count = AuditEvent.objects.count()
    response = client_as("investigator").post(f"/excerpts/{excerpt.pk}/delete/", {"reason": "x"})
    assert response.status_code == 400
    assert f"Claim {claim.pk}" in response.content.decode()
    assert Excerpt.objects.filter(pk=excerpt.pk).exists() and AuditEvent.objects.count() == count


def test_an_editor_cites_another_passage_for_a_claim(client_as: Any, case: dict[str, Any]) -> None:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    client = client_as("investigator")
    assert f"/cite/claim/{claim.pk}/" in client.get(f"/claims/{claim.pk}/").content.decode()
    quote = "Ebrahim Raisi"
    response = client.post(
        f"/cite/claim/{claim.pk}/",
        {"source": case["english"].pk, "quote": quote, "reason": "a second source"},
    )
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    assert claim.excerpts.filter(source=case["english"], quoted_text=quote).exists()
    event = AuditEvent.objects.filter(model="records.Claim", object_id=str(claim.pk)).last()
    assert event is not None and event.action == "cite"


def test_citing_words_the_source_does_not_hold_is_refused_in_one_line(
    client_as: Any, case: dict[str, Any]
) -> None:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    before = claim.excerpts.count()
    response = client_as("investigator").post(
        f"/cite/claim/{claim.pk}/",
        {"source": case["english"].pk, "quote": "words that are nowhere", "reason": ""},
    )
    assert response.status_code == 400
    assert f"not in the text of source {case['english'].pk}" in response.content.decode()
    assert claim.excerpts.count() == before


def test_citing_a_confidential_passage_raises_the_claims_level(
    client_as: Any, case: dict[str, Any]
) -> None:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None and claim.confidentiality == "public"
    words = case["testimony"].text[:30]
    client_as("admin").post(
        f"/cite/claim/{claim.pk}/", {"source": case["testimony"].pk, "quote": words}
    )
    claim.refresh_from_db()
    assert claim.confidentiality == "confidential"


def test_a_viewer_cites_nothing(client_as: Any, case: dict[str, Any]) -> None:
    claim = Claim.objects.filter(question="number-killed:massacre-1988").first()
    assert claim is not None
    response = client_as("viewer").post(
        f"/cite/claim/{claim.pk}/", {"source": case["english"].pk, "quote": "Tehran"}
    )
    assert response.status_code == 403


def test_every_correction_leaves_the_log_and_the_rows_in_agreement(
    client_as: Any, case: dict[str, Any]
) -> None:
    from khavaran.verify import verify_all

    client = client_as("investigator")
    tenure = _tenure(case["raisi"])
    fields = client.get(f"/edit/tenure/{tenure.pk}/").context["form"].initial
    client.post(f"/edit/tenure/{tenure.pk}/", {**fields, "start": "1367", "reason": "x"})
    name = case["raisi"].names.filter(script="latin").get()
    client.post(
        f"/edit/name/{name.pk}/",
        {"text": "E. Raisi", "script": "latin", "kind": "alias", "reason": "x"},
    )
    excerpt = cite_quote(case["english"], "Tehran", actor="test")
    client.post(f"/excerpts/{excerpt.pk}/delete/", {"reason": "mistake"})
    role = Participant.objects.filter(person=case["raisi"]).first()
    assert role is not None
    client.post(f"/delete/participant/{role.pk}/", {"reason": "x"})
    client.post(f"/restore/participant/{role.pk}/", {"reason": "y"})
    report = verify_all()
    assert report.ok, report
