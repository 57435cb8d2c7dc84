"""A request holding a NUL character is refused alike on SQLite and PostgreSQL (a 500 there):
400, nothing read or written."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.records.models import Claim

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address", ["/claims/question/a%00b/", "/search/?q=raisi%00", "/public/search/?q=%00"]
)
def test_an_address_with_a_nul_is_a_bad_request(client_as: Any, address: str) -> None:
    response = client_as("investigator").get(address)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_form_with_a_nul_writes_nothing(client_as: Any) -> None:
    claims = Claim.objects.count()
    response = client_as("investigator").post(
        "/new/claim/", {"question": "number-killed\x00", "excerpts": "1"}
    )
    assert response.status_code == 400
    assert Claim.objects.count() == claims


def test_an_ordinary_address_is_served(client_as: Any) -> None:
    assert (
        client_as("investigator").get("/claims/question/number-killed:massacre-1988/").status_code
        == 200
    )
