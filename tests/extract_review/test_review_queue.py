"""The review queue: extraction runs store proposals once, remember rejections, and read the
database through the access gates."""

from __future__ import annotations

import pytest

from khavaran.extract.accept import reject
from khavaran.extract.models import StoredProposal
from khavaran.extract.queue import known_names, pending_by_source, propose_for_source
from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

TEXT = "Ebrahim Raisi said that the commission met daily. In 2016, his son was sent to prison."


def test_a_run_stores_every_proposal_with_its_exact_span(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    run = propose_for_source(source, "maryam")
    rows = StoredProposal.objects.filter(source=source)
    assert run.new == rows.count() > 0
    assert all(source.text[r.start : r.end] == r.text == r.payload["text"] for r in rows)
    assert {r.status for r in rows} == {"pending"}
    assert {r.proposed_by for r in rows} == {"maryam"}


def test_running_again_adds_nothing(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    first = propose_for_source(source, "maryam")
    again = propose_for_source(source, "maryam")
    assert again.new == 0
    assert len(again.found) == len(first.found)
    assert StoredProposal.objects.filter(source=source).count() == first.new


def test_a_rejected_proposal_does_not_come_back(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    propose_for_source(source, "maryam")
    date = StoredProposal.objects.get(source=source, kind="date")
    reject(date, actor="maryam", reason="not a date of this case")
    again = propose_for_source(source, "maryam")
    assert date.pk not in {row.pk for row, _ in again.found}
    assert StoredProposal.objects.filter(source=source, kind="date").count() == 1


def test_known_people_come_from_the_database(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    person = make_person(make_excerpt(source, "Ebrahim Raisi"))
    run = propose_for_source(source, "maryam")
    mention = next(p for _, p in run.found if p.kind == "mention" and p.text == "Ebrahim Raisi")
    assert mention.entity_id == str(person.pk)


def test_a_pending_proposal_is_refreshed_in_place_when_its_name_becomes_known(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    propose_for_source(source, "maryam")
    pending = StoredProposal.objects.get(source=source, kind="mention", text="Ebrahim Raisi")
    person = make_person(make_excerpt(source, "Ebrahim Raisi"))
    propose_for_source(source, "maryam")
    pending.refresh_from_db()
    assert pending.payload["entity_id"] == str(person.pk)
    assert StoredProposal.objects.filter(source=source, text="Ebrahim Raisi").count() == 1


def test_a_confidential_name_is_not_in_a_viewers_gazetteer(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    make_person(make_excerpt(source, "Ebrahim Raisi"), confidentiality="confidential")
    assert ("person", "Ebrahim Raisi") not in {(t, n) for t, _, n in known_names(None)}


def test_the_pending_queue_is_grouped_by_source_and_hides_unreadable_sources(data_dir, tmp_path):
    public = make_source(tmp_path, TEXT, name="public.txt")
    secret = make_source(
        tmp_path, "Hossein-Ali Montazeri said that it was a crime.", name="secret.txt",
        confidentiality="confidential",
    )  # fmt: skip
    propose_for_source(public, "maryam")
    propose_for_source(secret, "maryam")
    queues = pending_by_source(None)
    assert [q.source.pk for q in queues] == [public.pk]
    starts = [row.start for row in queues[0].proposals]
    assert starts == sorted(starts)
