"""Correcting a person's names on the web: a name is edited (text, script, kind) or removed with
a reason, never the last one, and every change to a name, a tenure or a participation is read
in its person's (or incident's) history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khavaran.audit.models import AuditEvent
from khavaran.records.actions import NameSpec, add_name
from khavaran.records.models import Name, Participant, Person
from tests.factories import make_excerpt, make_source

pytestmark = pytest.mark.django_db


def _persian(client: Client) -> Client:
    client.post("/language/", {"language": "fa", "next": "/people/"})
    return client


def _name(person: Person, script: str = "latin") -> Name:
    name = person.names.filter(script=script).first()
    assert name is not None
    return name


def test_an_editor_corrects_a_names_spelling_script_and_kind(
    client_as: Any, case: dict[str, Any]
) -> None:
    name, client = _name(case["raisi"]), client_as("investigator")
    form = client.get(f"/edit/name/{name.pk}/")
    assert form.status_code == 200 and "Ebrahim Raisi" in form.content.decode()
    response = client.post(
        f"/edit/name/{name.pk}/",
        {"text": "Ebrahim Raeesi", "script": "latin", "kind": "transliteration", "reason": "typo"},
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{case['raisi'].pk}/"
    name.refresh_from_db()
    assert (name.text, name.kind) == ("Ebrahim Raeesi", "transliteration")


def test_a_name_edit_needs_a_reason_and_writes_nothing_without_one(
    client_as: Any, case: dict[str, Any]
) -> None:
    name = _name(case["raisi"])
    response = client_as("investigator").post(
        f"/edit/name/{name.pk}/", {"text": "X", "script": "latin", "kind": "birth"}
    )
    assert response.status_code == 400
    name.refresh_from_db()
    assert name.text == "Ebrahim Raisi"


def test_the_person_page_offers_editors_to_correct_each_name(
    client_as: Any, case: dict[str, Any]
) -> None:
    name, url = _name(case["raisi"]), f"/people/{case['raisi'].pk}/"
    assert f"/edit/name/{name.pk}/" in client_as("investigator").get(url).content.decode()
    assert f"/edit/name/{name.pk}/" not in client_as("reviewer").get(url).content.decode()


def test_a_name_is_removed_with_a_reason_and_its_person_history_keeps_it(
    client_as: Any, case: dict[str, Any]
) -> None:
    raisi, client = case["raisi"], client_as("investigator")
    name = _name(raisi, "persian")
    assert client.post(f"/delete/name/{name.pk}/", {"reason": ""}).status_code == 400
    response = client.post(f"/delete/name/{name.pk}/", {"reason": "belongs to someone else"})
    assert response.status_code == 302
    assert response["Location"] == f"/history/person/{raisi.pk}/"
    assert not Name.objects.filter(pk=name.pk).exists()
    history = client.get(response["Location"]).content.decode()
    assert "belongs to someone else" in history and "ابراهیم رئیسی" in history


def test_a_persons_last_name_is_not_removed(client_as: Any, case: dict[str, Any]) -> None:
    raisi, client = case["raisi"], client_as("investigator")
    persian, latin = _name(raisi, "persian"), _name(raisi, "latin")
    Name.objects.filter(person=raisi).exclude(pk__in=[persian.pk, latin.pk]).delete()
    client.post(f"/delete/name/{persian.pk}/", {"reason": "wrong person"})
    count = AuditEvent.objects.count()
    response = client.post(f"/delete/name/{latin.pk}/", {"reason": "wrong person"})
    assert response.status_code == 400
    assert "only name" in response.content.decode()
    assert Name.objects.filter(pk=latin.pk).exists() and AuditEvent.objects.count() == count


def test_a_persons_history_shows_changes_to_its_names_tenures_and_participations(
    client_as: Any, case: dict[str, Any]
) -> None:
    raisi, client = case["raisi"], client_as("investigator")
    name = _name(raisi)
    client.post(
        f"/edit/name/{name.pk}/",
        {"text": "Ebrahim Raeesi", "script": "latin", "kind": "birth", "reason": "spelling"},
    )
    role = Participant.objects.filter(person=raisi).first()
    assert role is not None
    client.post(f"/edit/participant/{role.pk}/", {"role": "witness", "reason": "misread"})
    tenure = raisi.tenures.first()
    client.post(f"/delete/tenure/{tenure.pk}/", {"reason": "another man"})
    page = client.get(f"/history/person/{raisi.pk}/").content.decode()
    assert "spelling" in page and "Ebrahim Raeesi" in page
    assert "misread" in page and "another man" in page
    assert f"/revert/name/{name.pk}/" in page and f"/revert/tenure/{tenure.pk}/" in page
    incident_page = client.get(f"/history/incident/{role.incident_id}/").content.decode()
    assert "misread" in incident_page


def test_a_reviewer_reads_no_name_in_a_history_that_only_a_hidden_source_gives(
    client_as: Any, case: dict[str, Any], tmp_path: Any
) -> None:
    secret = make_source(
        tmp_path, "The witness Parvaneh Ahmadi saw it.", confidentiality="confidential"
    )
    add_name(
        case["raisi"],
        NameSpec("Parvaneh Ahmadi", "latin", [make_excerpt(secret, "Parvaneh Ahmadi")]),
        actor="test",
    )
    url = f"/history/person/{case['raisi'].pk}/"
    assert "Parvaneh Ahmadi" not in client_as("reviewer").get(url).content.decode()
    assert "Parvaneh Ahmadi" in client_as("investigator").get(url).content.decode()


def test_the_name_form_speaks_persian_to_a_persian_reader(
    client_as: Any, case: dict[str, Any]
) -> None:
    name = _name(case["raisi"])
    page = _persian(client_as("investigator")).get(f"/edit/name/{name.pk}/").content.decode()
    assert 'dir="rtl"' in page
    assert "لاتین" in page  # the script's label, not the key "latin"
