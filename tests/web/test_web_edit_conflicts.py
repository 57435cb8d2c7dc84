"""Two editors on one record: a form opened before someone else's save is refused, not saved
over it (a stale form made a record its admin had just made confidential public again)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khavaran.records.models import Person

pytestmark = pytest.mark.django_db

FIELDS = {"father_name": "", "gender": "", "notes": ""}


def _opened(client: Any, person: Person) -> str:
    """The edit form's record state, as the browser holds it once the form is open."""
    page = client.get(f"/edit/person/{person.pk}/").content.decode()
    found = re.search(r'name="seen" value="([0-9a-f]{64})"', page)
    assert found, "the edit form carries the state it was opened on"
    return found[1]


def test_a_stale_form_does_not_undo_a_newer_save(client_as: Any, case: dict[str, Any]) -> None:
    raisi = case["raisi"]
    admin, investigator = client_as("admin"), client_as("investigator")
    admins_view, investigators_view = _opened(admin, raisi), _opened(investigator, raisi)

    made_confidential = admin.post(
        f"/edit/person/{raisi.pk}/",
        {**FIELDS, "confidentiality": "confidential", "reason": "family at risk",
         "seen": admins_view},
    )  # fmt: skip
    assert made_confidential.status_code == 302

    stale = investigator.post(
        f"/edit/person/{raisi.pk}/",
        {**FIELDS, "gender": "male", "confidentiality": "public", "reason": "gender",
         "seen": investigators_view},
    )  # fmt: skip
    assert stale.status_code == 400
    page = stale.content.decode()
    assert "changed this record at" in page and "nothing was saved" in page
    raisi.refresh_from_db()
    assert (raisi.confidentiality, raisi.gender) == ("confidential", "")


def test_a_form_opened_on_the_current_state_saves(client_as: Any, case: dict[str, Any]) -> None:
    raisi, client = case["raisi"], client_as("investigator")
    seen = _opened(client, raisi)
    response = client.post(
        f"/edit/person/{raisi.pk}/",
        {**FIELDS, "gender": "male", "confidentiality": "public", "reason": "x", "seen": seen},
    )
    assert response.status_code == 302
    raisi.refresh_from_db()
    assert raisi.gender == "male"
