"""The extraction review queue in the workspace: sources with pending proposals, each source's
text with its proposals marked in place, and Accept / Reject (htmx posts) that make cited facts
or remember the refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khavaran.extract.models import Status, StoredProposal
from khavaran.extract.queue import propose_for_source
from khavaran.records.models import Claim, Participant, Person
from khavaran.web.views.proposals import text_with_proposals

HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUED = (
    "report-tehran-commission.md",
    "fa-report-tehran-commission.md",
    "death-toll-figures.md",
    "testimony-khavaran-family.txt",  # confidential: readers below that never see its proposals
)


@pytest.fixture(scope="module")
def queued(shipped_case: None, django_db_blocker: Any) -> None:
    """The extractors' proposals for four sources of the shipped case, once per module (rolled
    back with the case)."""
    from khavaran.evidence.models import Source

    with django_db_blocker.unblock():
        for source in Source.objects.filter(original_filename__in=QUEUED).order_by("pk"):
            propose_for_source(source, "test")


@pytest.fixture
def proposal(queued: None, case: dict[str, Any]) -> Any:
    """`proposal("english", "mention", "Ebrahim Raisi")`: one pending row by its source and text."""

    def find(source: str, kind: str, text: str) -> StoredProposal:
        return StoredProposal.objects.get(source=case[source], kind=kind, text=text)

    return find


def accept(client: Client, row: StoredProposal, **data: Any) -> Any:
    return client.post(f"/review/proposals/{row.pk}/accept/", data, **HTMX)


def pending(source: Any) -> int:
    return StoredProposal.objects.filter(source=source, status=Status.PENDING).count()


def test_the_queue_lists_each_source_with_its_pending_count(
    client_as: Any, case: dict[str, Any], queued: None
) -> None:
    page = client_as("investigator").get("/review/").content.decode()
    for source in (case["english"], case["figures"], case["testimony"]):
        assert f'href="/review/sources/{source.pk}/"' in page
        assert f'<td class="pending">{pending(source)}</td>' in page
    assert f"/review/sources/{case['memorial'].pk}/" not in page  # nothing proposed there


def test_readers_below_confidential_never_see_the_confidential_sources_proposals(
    client_as: Any, case: dict[str, Any], queued: None
) -> None:
    testimony = case["testimony"]
    for role in ("reviewer", "analyst"):
        client = client_as(role)
        queue = client.get("/review/").content.decode()
        assert f"/review/sources/{case['english'].pk}/" in queue
        assert f"/review/sources/{testimony.pk}/" not in queue
        assert testimony.title not in queue
        assert client.get(f"/review/sources/{testimony.pk}/").status_code == 404
    assert b"Witness A" in client_as("investigator").get(f"/review/sources/{testimony.pk}/").content


def test_viewers_and_the_anonymous_cannot_open_the_queue(
    client_as: Any, case: dict[str, Any], queued: None
) -> None:
    for url in ("/review/", f"/review/sources/{case['english'].pk}/"):
        assert client_as("viewer").get(url).status_code == 403
        assert client_as(None).get(url).status_code == 302


def test_the_source_page_marks_every_pending_proposal_in_place(
    client_as: Any, case: dict[str, Any], proposal: Any
) -> None:
    source = case["english"]
    page = client_as("investigator").get(f"/review/sources/{source.pk}/").content.decode()
    rows = StoredProposal.objects.filter(source=source, status=Status.PENDING)
    assert rows.count() > 10
    for row in rows:
        assert f'<span id="proposal-at-{row.pk}"></span>' in page
        assert f'id="proposal-{row.pk}"' in page
    raisi = proposal("english", "mention", "Ebrahim Raisi")
    assert (
        f'<mark class="proposal mention" data-kind="mention" data-proposals="{raisi.pk}">'
        "Ebrahim Raisi</mark>"
    ) in page


def test_marks_escape_the_text_and_keep_it_unchanged() -> None:
    row = StoredProposal(pk=7, kind="quote", start=4, end=15)
    html = str(text_with_proposals("<b> said 'a & b' ok", [row]))
    assert html == (
        '&lt;b&gt; <span id="proposal-at-7"></span>'
        '<mark class="proposal quote" data-kind="quote" data-proposals="7">'
        "said &#x27;a &amp; b</mark>&#x27; ok"
    )


def test_overlapping_proposals_split_the_marks_and_name_every_kind() -> None:
    quote = StoredProposal(pk=1, kind="quote", start=0, end=10)
    claim = StoredProposal(pk=2, kind="claim", start=5, end=10)
    html = str(text_with_proposals("0123456789", [quote, claim]))
    assert 'data-proposals="1">01234</mark>' in html
    assert 'class="proposal claim quote" data-kind="claim quote" data-proposals="1 2">56789' in html


def test_the_source_page_offers_decisions_only_to_investigators_and_admins(
    client_as: Any, case: dict[str, Any], queued: None
) -> None:
    url = f"/review/sources/{case['english'].pk}/"
    assert b"accept-button" in client_as("admin").get(url).content
    assert b"accept-button" in client_as("investigator").get(url).content
    assert b"accept-button" not in client_as("reviewer").get(url).content


def test_accepting_a_new_name_creates_a_person_cited_by_the_exact_span(
    client_as: Any, proposal: Any
) -> None:
    row = proposal("english", "mention", "Nayyeri")
    response = accept(client_as("investigator"), row)
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == Status.ACCEPTED and row.decided_by == "ines"
    excerpt = row.excerpt
    assert (excerpt.source_id, excerpt.start, excerpt.end) == (row.source_id, row.start, row.end)
    assert excerpt.quoted_text == "Nayyeri"
    person = Person.objects.get(pk=row.result_id)
    name = person.names.get()
    assert name.text == "Nayyeri" and list(name.excerpts.all()) == [excerpt]
    page = response.content.decode()
    assert f'id="proposal-{row.pk}"' not in page
    assert f'href="/people/{person.pk}/"' in page
    # What happened takes the focus, for keyboard and screen-reader users.
    assert '<p id="review-status" role="status" tabindex="-1" autofocus' in page


def test_accepting_a_figure_records_a_claim_under_the_question_given(
    client_as: Any, proposal: Any
) -> None:
    row = proposal("figures", "claim", "over 2,000 people")
    accept(client_as("admin"), row, question="number-killed:massacre-1988")
    row.refresh_from_db()
    claim = Claim.objects.get(pk=row.result_id)
    assert claim.question == "number-killed:massacre-1988"
    assert claim.value_number == 2000
    assert claim.attributed_to == "Amnesty International"
    assert [(e.start, e.end, e.quoted_text) for e in claim.excerpts.all()] == [
        (row.start, row.end, "over 2,000 people")
    ]


def test_accepting_a_mention_with_an_incident_makes_a_cited_participation(
    client_as: Any, case: dict[str, Any], proposal: Any
) -> None:
    row = proposal("english", "mention", "Ebrahim Raisi")
    massacre = case["massacre"]
    accept(client_as("investigator"), row, incident=massacre.pk, role="perpetrator")
    row.refresh_from_db()
    assert row.result_id == str(case["raisi"].pk)
    made = Participant.objects.get(incident=massacre, person=case["raisi"], excerpts=row.excerpt)
    assert made.role == "perpetrator"


def test_an_unknown_incident_is_refused_and_nothing_is_made(client_as: Any, proposal: Any) -> None:
    row = proposal("english", "mention", "Ebrahim Raisi")
    response = accept(client_as("investigator"), row, incident=999999, role="victim")
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.status == Status.PENDING


def test_rejecting_removes_the_proposal_and_a_new_run_does_not_bring_it_back(
    client_as: Any, case: dict[str, Any], proposal: Any
) -> None:
    row = proposal("english", "mention", "Justice")
    before = pending(case["english"])
    response = client_as("investigator").post(
        f"/review/proposals/{row.pk}/reject/", {"reason": "part of a title"}, **HTMX
    )
    assert response.status_code == 200
    assert f'id="proposal-{row.pk}"' not in response.content.decode()
    assert pending(case["english"]) == before - 1
    propose_for_source(case["english"], "test")
    assert pending(case["english"]) == before - 1
    row.refresh_from_db()
    assert (row.status, row.note) == (Status.REJECTED, "part of a title")


def test_a_decided_proposal_cannot_be_decided_again(client_as: Any, proposal: Any) -> None:
    row = proposal("english", "date", "summer 1988")
    client = client_as("investigator")
    assert accept(client, row).status_code == 200
    again = client.post(f"/review/proposals/{row.pk}/reject/", **HTMX)
    assert again.status_code == 400
    assert "already accepted" in again.content.decode()


def test_a_plain_form_post_is_redirected_back_to_the_source(client_as: Any, proposal: Any) -> None:
    row = proposal("english", "date", "summer 1988")
    response = client_as("investigator").post(f"/review/proposals/{row.pk}/accept/")
    assert response.status_code == 302
    assert response["Location"] == f"/review/sources/{row.source_id}/"


@pytest.mark.parametrize("role", ["reviewer", "analyst", "viewer"])
def test_only_investigators_and_admins_may_decide(role: str, client_as: Any, proposal: Any) -> None:
    row = proposal("english", "mention", "Nayyeri")
    client = client_as(role)
    assert client.post(f"/review/proposals/{row.pk}/accept/", **HTMX).status_code == 403
    assert client.post(f"/review/proposals/{row.pk}/reject/", **HTMX).status_code == 403
    assert client_as(None).post(f"/review/proposals/{row.pk}/reject/").status_code == 302
    row.refresh_from_db()
    assert row.status == Status.PENDING


def test_deciding_needs_a_post(client_as: Any, proposal: Any) -> None:
    row = proposal("english", "mention", "Nayyeri")
    assert client_as("investigator").get(f"/review/proposals/{row.pk}/accept/").status_code == 405


def test_the_review_page_reads_right_to_left_in_persian(
    client_as: Any, case: dict[str, Any], queued: None
) -> None:
    client = client_as("investigator")
    client.post("/language/", {"language": "fa", "next": "/review/"})
    page = client.get(f"/review/sources/{case['persian'].pk}/").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "صف بررسی" in page and "پذیرفتن" in page
    assert 'id="source-text" class="source-text" dir="rtl"' in page
