"""Case pages of a case alleging genocide (art. 6): its own elements in the matrix, the proof
per accused and the link form, never the crimes against humanity's contextual elements."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings

from khavaran.evidence.models import Excerpt
from khavaran.records.cases import accuse, create_case
from khavaran.records.models import ElementLink

pytestmark = pytest.mark.django_db
KILLING = "genocide.killing"


def _case(case: dict[str, Any], crimes: list[str]) -> Any:
    made = create_case("1988: genocide of the Baha'is?", actor="test", crimes=crimes)
    accuse(made, case["raisi"], actor="test")
    return made


def _options(page: str) -> list[str]:
    select = page.split('name="element"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]+)"', select)


def test_the_case_page_shows_genocides_four_elements_and_no_attack(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [KILLING])
    page = client_as("analyst").get(f"/cases/{made.pk}/").content.decode()
    for n in (1, 2, 3, 4):
        assert f'id="element-{KILLING}.{n}"' in page
    assert "element-cah.context" not in page and "Contextual elements" not in page
    assert "Genocide by killing" in page and "art. 6(a)" in page
    intent = page.split(f'id="element-{KILLING}.3"')[1].split("</tr>")[0]
    assert "Ebrahim Raisi</bdi>: no supporting evidence" in intent
    proof = page.split('id="proof"')[1].split("</section>")[0]
    assert "Intent to destroy the group, in whole or in part" in proof
    assert "Knowledge of the attack" not in proof


def test_a_case_alleging_both_shows_genocide_before_crimes_against_humanity(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, ["cah.murder", KILLING])
    page = client_as("analyst").get(f"/cases/{made.pk}/").content.decode()
    matrix = page.split('id="matrix"')[1]
    order = [matrix.index(f'id="element-{k}"') for k in (f"{KILLING}.1", "cah.context.attack")]
    assert order == sorted(order)
    assert "Contextual elements of crimes against humanity" in matrix
    crimes = page.split('id="crimes"')[1].split("</ul>")[0]
    assert crimes.index("Genocide by killing") < crimes.index("Murder")


def test_the_link_form_offers_only_the_elements_of_the_crimes_alleged(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [KILLING])
    client = client_as("investigator")
    offered = _options(client.get(f"/cases/{made.pk}/link/").content.decode())
    assert offered[:4] == [f"{KILLING}.{n}" for n in (1, 2, 3, 4)]
    assert not [k for k in offered if k.startswith("cah.")]
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    form = {
        "element": "cah.context.attack",
        "strength": "weak",
        "excerpt": excerpt.pk,
        "confidentiality": "restricted",
    }
    refused = client.post(f"/cases/{made.pk}/link/", form)
    assert refused.status_code == 400 and not ElementLink.objects.exists()
    murder = {**form, "element": "cah.murder.1", "person": case["raisi"].pk}
    assert client.post(f"/cases/{made.pk}/link/", murder).status_code == 400
    intent = {**murder, "element": f"{KILLING}.3"}
    assert client.post(f"/cases/{made.pk}/link/", intent).status_code == 302
    assert ElementLink.objects.get().person == case["raisi"]


def test_a_genocide_element_is_refused_for_a_case_of_crimes_against_humanity(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, ["cah.murder"])
    client = client_as("investigator")
    assert not [
        k
        for k in _options(client.get(f"/cases/{made.pk}/link/").content.decode())
        if k.startswith("genocide.")
    ]
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    form = {
        "element": f"{KILLING}.1",
        "person": case["raisi"].pk,
        "strength": "weak",
        "excerpt": excerpt.pk,
        "confidentiality": "restricted",
    }
    assert client.post(f"/cases/{made.pk}/link/", form).status_code == 400
    assert not ElementLink.objects.exists()


def test_a_persian_reader_reads_genocide_and_its_article_in_persian(
    client_as: Any, case: dict[str, Any]
) -> None:
    made = _case(case, [KILLING])
    client = client_as("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    page = client.get(f"/cases/{made.pk}/").content.decode()
    assert "نسل‌کشی از طریق کشتن" in page and "ماده ۶(الف)" in page
