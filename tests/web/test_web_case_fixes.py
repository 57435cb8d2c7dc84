"""Case pages: what a link on a confidential post reveals, links on withdrawn records, proof per
accused, the case's history, withdrawing an accused, changing the crimes alleged, refusals in
the form's words and in Persian, and Persian pages."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.demo.case_file import load_demo_case
from khavaran.evidence.models import Excerpt
from khavaran.records.actions import soft_delete, update_record
from khavaran.records.models import Accused, Case, ElementLink
from tests.factories import make_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(case: dict[str, Any]) -> Any:
    return load_demo_case(actor="test")


def _fa(client: Any) -> Any:
    client.post("/language/", {"language": "fa", "next": "/cases/"})
    return client


def test_a_confidential_post_never_reaches_an_analyst_through_a_link(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    link = ElementLink.objects.filter(case=demo, tenure__isnull=False).first()
    post = link.tenure.post
    update_record(post, {"confidentiality": "confidential"}, actor="t", reason="protect")
    analyst = client_as("analyst")
    for path in (f"/cases/{demo.pk}/", f"/people/{case['raisi'].pk}/dossier/"):
        page = analyst.get(path).content.decode()
        assert post.title not in page and f'id="link-{link.pk}"' not in page
    exported = analyst.post(f"/cases/{demo.pk}/export/", {"format": "json"}).content.decode()
    assert f'"tenure": {link.tenure_id}' not in exported and post.title not in exported
    assert post.title in client_as("investigator").get(f"/cases/{demo.pk}/").content.decode()


def test_the_list_counts_only_visible_accused(client_as: Any, demo: Any) -> None:
    page = client_as("analyst").get("/cases/").content.decode()
    assert "4 accused" in page and "5 links" in page


def test_a_link_on_a_withdrawn_claim_is_shown_and_deleted(client_as: Any, demo: Any) -> None:
    link = ElementLink.objects.get(case=demo, claim__isnull=False)
    soft_delete(link.claim, actor="t", reason="retracted")
    row = _row(client_as("investigator").get(f"/cases/{demo.pk}/"), link.element)
    assert f'id="link-{link.pk}"' in row and "Rests on a withdrawn claim" in row
    assert 'class="gap"' in row
    client = client_as("investigator")
    done = client.post(f"/links/{link.pk}/delete/", {"reason": "its claim was withdrawn"})
    assert done.status_code == 302
    assert ElementLink.objects.get(pk=link.pk).is_deleted


def _row(response: Any, element: str) -> str:
    page = response.content.decode()
    return (
        page.split(f'id="element-{element}"')[0][-200:]
        + page.split(f'id="element-{element}"')[1].split("</tr>")[0]
    )


def test_contradicting_evidence_is_no_proof_on_the_page(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    make_link(demo, "cah.murder.1", excerpt, person=case["raisi"], strength="contradicts")
    row = _row(client_as("analyst").get(f"/cases/{demo.pk}/"), "cah.murder.1")
    assert 'class="gap"' in row and "no supporting evidence" in row


def test_the_page_shows_each_accused_gaps(client_as: Any, demo: Any) -> None:
    page = client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    proof = page.split('id="proof"')[1].split("</section>")[0]
    assert proof.count("<table") == 4
    row = _row(client_as("analyst").get(f"/cases/{demo.pk}/"), "liability.common_purpose")
    assert "Ebrahim Raisi</bdi>: supported" in row and "no supporting evidence" in row


def test_the_case_history_lists_its_accusations_and_links(client_as: Any, demo: Any) -> None:
    link = ElementLink.objects.filter(case=demo).first()
    page = client_as("reviewer").get(f"/history/case/{demo.pk}/").content.decode()
    assert "Accusation" in page and f"/history/link/{link.pk}/" in page
    assert client_as("reviewer").get(f"/history/link/{link.pk}/").status_code == 200
    assert client_as("analyst").get(f"/history/case/{demo.pk}/").status_code == 403
    assert client_as("analyst").get(f"/history/link/{link.pk}/").status_code == 403


def test_an_investigator_withdraws_an_accused_with_a_reason(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    free = Accused.objects.filter(case=demo).exclude(person__element_links__case=demo).first()
    refused = client.post(f"/cases/{demo.pk}/accuse/", {"withdraw": free.person_id})
    assert refused.status_code == 400
    done = client.post(
        f"/cases/{demo.pk}/accuse/", {"withdraw": free.person_id, "reason": "not a member"}
    )
    assert done.status_code == 302
    assert not Accused.objects.filter(pk=free.pk).exists()
    assert AuditEvent.objects.get(model="records.Accused", action="delete").reason == "not a member"
    linked = client.post(f"/cases/{demo.pk}/accuse/", {"withdraw": case["raisi"].pk, "reason": "r"})
    assert linked.status_code == 400 and "delete them before withdrawing" in linked.content.decode()
    assert client_as("analyst").post(f"/cases/{demo.pk}/accuse/", {}).status_code == 403


def test_an_investigator_changes_the_crimes_alleged(client_as: Any, demo: Any) -> None:
    client = client_as("investigator")
    form = {"crimes": ["cah.murder", "cah.persecution", "cah.torture"], "reason": "new evidence"}
    assert client.post(f"/cases/{demo.pk}/", form).status_code == 302
    assert Case.objects.get(pk=demo.pk).crimes == form["crimes"]
    refused = client.post(f"/cases/{demo.pk}/", {"crimes": ["cah.murder"], "reason": "narrow"})
    text = refused.content.decode()
    assert (
        refused.status_code == 400
        and "untick" in text
        and "--" not in text.split("errors")[1][:300]
    )
    assert client_as("analyst").post(f"/cases/{demo.pk}/", form).status_code == 403


def test_a_web_refusal_speaks_of_the_form_in_the_readers_language(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    excerpt = Excerpt.objects.filter(source=case["english"]).first()
    form = {
        "element": "liability.ordering",
        "strength": "weak",
        "excerpt": excerpt.pk,
        "confidentiality": "restricted",
    }
    english = client_as("investigator").post(f"/cases/{demo.pk}/link/", form)
    assert english.status_code == 400
    assert "--person" not in english.content.decode()
    assert "choose one in the Accused field" in english.content.decode()
    persian = _fa(client_as("investigator")).post(f"/cases/{demo.pk}/link/", form)
    assert "choose one in the Accused field" not in persian.content.decode()


def test_a_get_of_the_accuse_form_goes_back_to_the_case(client_as: Any, demo: Any) -> None:
    response = client_as("investigator").get(f"/cases/{demo.pk}/accuse/")
    assert response.status_code == 302 and response["Location"].startswith(f"/cases/{demo.pk}/")


def test_the_dossier_shows_an_incidents_whole_range(
    client_as: Any, demo: Any, case: dict[str, Any]
) -> None:
    page = client_as("analyst").get(f"/people/{case['raisi'].pk}/dossier/").content.decode()
    incidents = page.split('class="incident"')[1].split("</li>")[0]
    assert " – " in incidents and "September 1988" in incidents


def test_persian_case_pages(client_as: Any, demo: Any, case: dict[str, Any]) -> None:
    client = _fa(client_as("analyst"))
    page = client.get(f"/cases/{demo.pk}/").content.decode()
    assert 'lang="en" dir="ltr"' in page
    assert "ماده ۷(۱)(الف)" in page and "art. 7" not in page
    assert "element 1" not in page
    assert "ماده ۷(۱)(الف)، رکن ۱" in page and "۱ رکن بی مدرک تأییدکننده" in page
    dossier = client.get(f"/people/{case['raisi'].pk}/dossier/").content.decode()
    heading = dossier.split("<h1>")[1].split("</h1>")[0]
    assert "ابراهیم رئیسی" in heading and "Ebrahim" not in heading
