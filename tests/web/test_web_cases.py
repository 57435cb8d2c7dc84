"""Case pages: the element matrix with its gaps, the dossier, the case file download, forms,
and who sees what (never the public site)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khavaran.demo.case_file import load_demo_case
from khavaran.evidence.models import Excerpt
from khavaran.records.models import ElementLink
from tests.factories import make_claim, make_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(case: dict[str, Any]) -> Any:
    return load_demo_case(actor="test")


def test_the_matrix_shows_each_link_and_marks_the_gaps(client_as: Any, demo: Any) -> None:
    page = client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    murder = page.split('id="element-cah.murder.1"')[1].split("</tr>")[0]
    assert "No evidence linked yet." in murder
    attack = page.split('id="element-cah.context.attack"')[1].split("</tr>")[0]
    assert "Moderate" in attack and "?excerpt=" in attack
    assert "all over Iran" in attack


def test_the_dossier_shows_tenures_in_both_calendars(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    page = client_as("analyst").get(f"/people/{case['raisi'].pk}/dossier/").content.decode()
    assert "Deputy prosecutor of Tehran" in page
    assert "1367" in page and "1988" in page
    assert "Contribution to a group acting with a common purpose" in page
    assert "ابراهیم رئیسی" in page


def test_the_person_page_links_to_the_dossier(client_as: Any, case: dict[str, Any]) -> None:
    page = client_as("viewer").get(f"/people/{case['raisi'].pk}/").content.decode()
    assert f"/people/{case['raisi'].pk}/dossier/" in page


def test_a_viewer_sees_no_restricted_case(client_as: Any, demo: Any) -> None:
    viewer = client_as("viewer")
    assert viewer.get(f"/cases/{demo.pk}/").status_code == 404
    assert demo.title not in viewer.get("/cases/").content.decode()


def test_a_confidential_link_is_hidden_below_its_level(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    secret = Excerpt.objects.filter(source=case["testimony"]).first()
    make_link(demo, "cah.context.attack", secret, note="the family was sent away")
    assert (
        "the family was sent away"
        not in client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    )
    assert (
        "the family was sent away"
        in client_as("investigator").get(f"/cases/{demo.pk}/").content.decode()
    )
    md = client_as("analyst").post(f"/cases/{demo.pk}/export/", {"format": "md"}).content.decode()
    assert "the family was sent away" not in md and secret.quoted_text[:30] not in md


def test_the_public_site_has_no_cases(client_as: Any, demo: Any) -> None:
    anonymous = client_as(None)
    for path in ("/public/", "/public/search/?q=commission"):
        page = anonymous.get(path).content.decode()
        assert "/cases/" not in page and demo.title not in page
    assert anonymous.get(f"/cases/{demo.pk}/").status_code == 302


def test_an_investigator_links_an_element_from_the_form(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    client = client_as("investigator")
    form = {
        "element": "cah.murder.1",
        "person": case["raisi"].pk,
        "strength": "weak",
        "note": "only membership is documented",
        "excerpt": excerpt.pk,
        "confidentiality": "restricted",
    }
    assert client.post(f"/cases/{demo.pk}/link/", form).status_code == 302
    assert ElementLink.objects.filter(case=demo, element="cah.murder.1").exists()
    refused = client.post(f"/cases/{demo.pk}/link/", {**form, "excerpt": "9" * 30})
    assert refused.status_code == 400
    assert client_as("analyst").post(f"/cases/{demo.pk}/link/", form).status_code == 403


def test_an_excerpt_number_typed_in_persian_digits_reaches_the_server(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    # A browser's number box drops "۱۲" as it is typed: the field is a text box for digits.
    client = client_as("investigator")
    page = client.get(f"/cases/{demo.pk}/link/").content.decode()
    (field,) = re.findall(r'<input[^>]*name="excerpt"[^>]*>', page)
    assert 'type="text"' in field and 'inputmode="numeric"' in field
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    persian = str(excerpt.pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    form = {
        "element": "cah.murder.1",
        "person": case["raisi"].pk,
        "strength": "weak",
        "excerpt": persian,
        "confidentiality": "restricted",
    }
    assert client.post(f"/cases/{demo.pk}/link/", form).status_code == 302
    assert ElementLink.objects.get(case=demo, element="cah.murder.1").excerpts.get() == excerpt


def test_the_case_file_download_is_a_form_and_a_get_records_no_custody_event(
    client_as: Any, demo: Any
) -> None:
    # Each download adds an `exported` event to the chain handed to a court: a link another
    # site's page makes a signed-in browser follow must not.
    from khavaran.evidence.models import CustodyEvent

    client = client_as("investigator")
    page = client.get(f"/cases/{demo.pk}/").content.decode()
    for fmt in ("md", "json"):
        form = re.search(
            rf'<form method="post" action="/cases/{demo.pk}/export/"[^>]*>'
            rf'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>'
            rf'<button type="submit" name="format" value="{fmt}"',
            page,
        )
        assert form, f"no {fmt} form"
    assert "/export/?format=" not in page
    for path in ("export/", "export/?format=md", "export/?format=json"):
        response = client.get(f"/cases/{demo.pk}/{path}")
        assert response.status_code == 405 and response["Allow"] == "POST"
    assert not CustodyEvent.objects.filter(action="exported").exists()
    posted = client.post(f"/cases/{demo.pk}/export/", {"format": "md"})
    assert posted["Content-Disposition"] == f'attachment; filename="case-{demo.pk}.md"'
    assert CustodyEvent.objects.filter(action="exported").exists()


def test_the_case_file_download_cites_every_link(client_as: Any, demo: Any) -> None:
    response = client_as("investigator").post(f"/cases/{demo.pk}/export/", {"format": "json"})
    assert response["Content-Disposition"].startswith("attachment")
    import json

    data = json.loads(response.content)
    links = [k for s in data["matrix"] for e in s["elements"] for k in e["links"]]
    assert len(links) == ElementLink.objects.filter(case=demo).count()
    numbers = {s["n"] for s in data["sources"]}
    assert all(c["n"] in numbers for k in links for c in k["citations"])


def test_a_mode_of_liability_is_linked_from_the_form_for_a_crime_alleged(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    client = client_as("investigator")
    form = {
        "element": "liability.ordering",
        "person": case["raisi"].pk,
        "strength": "moderate",
        "excerpt": excerpt.pk,
        "confidentiality": "restricted",
    }
    refused = client.post(f"/cases/{demo.pk}/link/", form)
    assert refused.status_code == 400
    assert "choose the crime alleged it concerns in the Crime field" in refused.content.decode()
    unalleged = client.post(f"/cases/{demo.pk}/link/", {**form, "crime": "cah.torture"})
    assert unalleged.status_code == 400
    assert (
        client.post(f"/cases/{demo.pk}/link/", {**form, "crime": "cah.persecution"}).status_code
        == 302
    )
    link = ElementLink.objects.get(case=demo, element="liability.ordering")
    assert link.crime == "cah.persecution"
    page = client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    row = page.split('id="element-liability.ordering"')[1].split("</tr>")[0]
    assert f'id="link-{link.pk}"' in row and "for Persecution" in row
    assert "Ebrahim Raisi</bdi>: supported for Persecution" in row
    assert "Ebrahim Raisi</bdi>: no supporting evidence for Murder" in row
    proof = page.split('id="proof"')[1].split("</section>")[0]
    assert "Modes of liability for Persecution" in proof
    dossier = client_as("analyst").get(f"/people/{case['raisi'].pk}/dossier/").content.decode()
    assert "for Persecution" in dossier


def test_the_form_offers_only_the_crimes_alleged(client_as: Any, demo: Any) -> None:
    page = client_as("investigator").get(f"/cases/{demo.pk}/link/").content.decode()
    crime = page.split('name="crime"')[1].split("</select>")[0]
    assert 'value="cah.murder"' in crime and 'value="cah.persecution"' in crime
    assert 'value="cah.torture"' not in crime


def test_knowledge_of_the_attack_shows_each_accused(client_as: Any, demo: Any) -> None:
    page = client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    knowledge = page.split('id="element-cah.context.knowledge"')[1].split("</tr>")[0]
    assert 'class="statuses"' in knowledge
    assert "Mostafa Pourmohammadi</bdi>: supported" in knowledge
    assert "Ebrahim Raisi</bdi>: no supporting evidence" in knowledge
    attack = page.split('id="element-cah.context.attack"')[1].split("</tr>")[0]
    assert 'class="statuses"' not in attack


def test_the_case_page_says_statuses_are_not_proof_and_below_the_top_level_partial(
    client_as: Any, demo: Any
) -> None:
    full = client_as("admin").get(f"/cases/{demo.pk}/").content.decode()
    note = full.split('id="status-note">', 1)[1].split("</p>", 1)[0]
    assert "not proof" in note and "your level" not in note
    partial = client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    assert "evidence above it, for or against, can change them" in partial


def test_a_link_resting_on_a_claim_says_it_in_words_with_its_other_versions(
    client_as: Any, demo: Any
) -> None:
    excerpt = Excerpt.objects.filter(source__confidentiality="public").first()
    claim = make_claim(excerpt, attributed_to="Amnesty International")
    link = make_link(demo, "cah.context.attack", excerpt, claim=claim)
    page = client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    item = page.split(f'id="link-{link.pk}"')[1].split("</li>")[0]
    assert "Number of people killed" in item and "30,000" in item
    assert "number-killed:massacre-1988:" not in item
    assert "according to <bdi>Amnesty International</bdi>" in item
    assert '/claims/question/number-killed%3Amassacre-1988/">All versions</a>' in item
