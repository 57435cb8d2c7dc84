"""Accepting a proposal makes Excerpt-backed facts through the records actions; each decision is
one audited transaction."""

from __future__ import annotations

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.evidence.models import Excerpt
from khavaran.extract.accept import Choices, ReviewError, accept, default_question, reject
from khavaran.extract.models import StoredProposal
from khavaran.extract.queue import propose_for_source
from khavaran.records.actions import create_incident
from khavaran.records.models import Claim, Name, Participant, Person
from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "Ebrahim Raisi said that the commission met daily. "
    "Amnesty International estimated that between 4,000 and 5,000 prisoners were executed. "
    "In 2016, his son, Ahmad, was sent to prison."
)


def queued(tmp_path, text=TEXT, **where):
    source = make_source(tmp_path, text)
    propose_for_source(source, "maryam")
    return source, StoredProposal.objects.get(source=source, **where)


def test_a_new_name_becomes_a_person_whose_name_cites_the_span(data_dir, tmp_path):
    source, row = queued(tmp_path, kind="mention", text="Ebrahim Raisi")
    accept(row, actor="maryam")
    name = Name.objects.get(text="Ebrahim Raisi")
    assert name.script == "latin"
    [excerpt] = name.excerpts.all()
    assert (excerpt.source, excerpt.start, excerpt.end) == (source, row.start, row.end)
    row.refresh_from_db()
    assert (row.status, row.decided_by, row.excerpt) == ("accepted", "maryam", excerpt)
    assert (row.result_model, row.result_id) == ("records.Person", str(name.person_id))


def test_a_persian_name_is_recorded_in_persian_script(data_dir, tmp_path):
    _, row = queued(tmp_path, "آیت‌الله حسینعلی منتظری گفت که این جنایت است.", kind="mention")
    accept(row, actor="maryam")
    assert Name.objects.get(text=row.text).script == "persian"


def test_a_known_persons_new_spelling_becomes_an_alias(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    person = make_person(make_excerpt(source, "Ebrahim Raisi"), name="Ebrahim Raissi")
    propose_for_source(source, "maryam")
    row = StoredProposal.objects.get(source=source, kind="mention", text="Ebrahim Raisi")
    accept(row, actor="maryam", choices=Choices(person=person))
    assert set(person.names.values_list("text", "kind")) == {
        ("Ebrahim Raissi", "birth"),
        ("Ebrahim Raisi", "alias"),
    }
    assert Person.objects.count() == 1


def test_a_known_name_is_cited_again_without_a_new_person(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    person = make_person(make_excerpt(source))
    propose_for_source(source, "maryam")
    row = StoredProposal.objects.get(source=source, kind="mention", text="Ebrahim Raisi")
    assert row.payload["entity_id"] == str(person.pk)
    accept(row, actor="maryam")
    name = person.names.get()
    assert name.excerpts.filter(start=row.start, end=row.end).exists()
    assert Person.objects.count() == 1


def test_a_quote_becomes_a_statement_claim_said_by_its_speaker(data_dir, tmp_path):
    source = make_source(tmp_path, TEXT)
    person = make_person(make_excerpt(source, "Ebrahim Raisi"), key="raisi")
    propose_for_source(source, "maryam")
    row = StoredProposal.objects.get(source=source, kind="quote", text="the commission met daily")
    accept(row, actor="maryam")
    claim = Claim.objects.get(predicate="said")
    assert claim.question == "statement:raisi"
    assert (claim.subject_person, claim.attributed_to) == (person, "Ebrahim Raisi")
    assert claim.value_text == row.text == claim.excerpts.get().quoted_text


def test_a_range_becomes_a_claim_with_its_bounds_and_its_attribution(data_dir, tmp_path):
    _, row = queued(tmp_path, kind="claim")
    accept(row, actor="maryam")
    claim = Claim.objects.get()
    assert (claim.value_min, claim.value_max, claim.value_number) == (4000, 5000, None)
    assert claim.attributed_to == "Amnesty International"
    assert (claim.question, claim.predicate) == ("number-killed:executed", "victim_count")
    assert claim.excerpts.get().quoted_text == "between 4,000 and 5,000 prisoners"


def test_the_reviewer_names_the_question_and_the_incident_is_its_subject(data_dir, tmp_path):
    _, row = queued(tmp_path, kind="claim")
    incident = create_incident("Mass executions", kind="execution", key="massacre-1988", actor="t")
    accept(row, actor="maryam", choices=Choices(question="number-killed:massacre-1988"))
    claim = Claim.objects.get()
    assert (claim.question, claim.subject_incident) == ("number-killed:massacre-1988", incident)


def test_the_default_question_of_a_death_toll_names_the_event_and_year(data_dir, tmp_path):
    _, row = queued(tmp_path, "The 1988 massacre of 30,000 political prisoners.", kind="claim")
    assert default_question(row) == "number-killed:massacre-1988"


def test_a_date_is_a_reviewed_note_and_a_defect_creates_no_fact(data_dir, tmp_path):
    source = make_source(tmp_path, "Members were arrested including:\n\nAll were freed in 1990.")
    propose_for_source(source, "maryam")
    date = accept(StoredProposal.objects.get(source=source, kind="date"), actor="maryam")
    defect = accept(StoredProposal.objects.get(source=source, kind="defect"), actor="maryam")
    assert "1990" in date.note and date.excerpt is not None and not date.result_model
    assert defect.excerpt is None and "list announced" in defect.note
    assert not Claim.objects.exists() and not Person.objects.exists()


def test_a_person_mention_can_also_make_them_a_participant(data_dir, tmp_path):
    _, row = queued(tmp_path, kind="mention", text="Ebrahim Raisi")
    incident = create_incident("Mass executions", kind="execution", actor="t")
    accept(row, actor="maryam", choices=Choices(incident=incident, role="perpetrator"))
    participant = Participant.objects.get()
    assert (participant.incident, participant.role) == (incident, "perpetrator")
    assert participant.person.names.get().text == "Ebrahim Raisi"


def test_a_decided_proposal_cannot_be_decided_again(data_dir, tmp_path):
    _, row = queued(tmp_path, kind="date")
    reject(row, actor="maryam", reason="wrong")
    with pytest.raises(ReviewError, match="already rejected"):
        accept(row, actor="maryam")


def test_a_proposal_whose_source_text_changed_is_refused(data_dir, tmp_path):
    source, row = queued(tmp_path, kind="mention", text="Ebrahim Raisi")
    row.source.text = "re-extracted " + source.text
    with pytest.raises(ReviewError, match="run `khavaran extract"):
        accept(row, actor="maryam")
    assert not Excerpt.objects.filter(start=row.start, end=row.end).exists()


def test_every_decision_is_audited(data_dir, tmp_path):
    _, row = queued(tmp_path, kind="date")
    reject(row, actor="maryam", reason="not about the case")
    event = AuditEvent.objects.get(action="review:rejected")
    assert (event.actor, event.object_id, event.reason) == (
        "maryam",
        str(row.pk),
        "not about the case",
    )
    assert event.after["fingerprint"] == row.fingerprint


def test_a_public_name_cited_from_a_confidential_passage_is_indexed_at_that_level(
    data_dir, tmp_path
):
    # The tester's false alarm: the index kept the name public, and verify called it tampering.
    from khavaran.records.integrity import index_drift
    from khavaran.search.models import SearchDocument

    person = make_person(make_excerpt(make_source(tmp_path, TEXT)))
    witness = make_source(
        tmp_path, "Ebrahim Raisi came into the room.", name="w.txt", confidentiality="confidential"
    )
    propose_for_source(witness, "maryam")
    row = StoredProposal.objects.get(source=witness, kind="mention", text="Ebrahim Raisi")
    accept(row, actor="maryam")
    name = person.names.get()
    assert name.excerpts.count() == 2
    indexed = SearchDocument.objects.get(kind="name", ref_id=name.pk)
    assert indexed.confidentiality == "confidential"
    assert list(index_drift()) == []
    row.refresh_from_db()
    cited = AuditEvent.objects.filter(action="cite", object_id=str(name.pk)).get()
    assert cited.after == {"excerpts_added": [row.excerpt_id]}
