"""Provenance or it did not happen: cited facts cannot exist without an excerpt."""

from __future__ import annotations

import pytest
from django.db import transaction

from khavaran.records.citations import MissingCitation
from khavaran.records.models import Claim, Incident, Name, Participant, Post, Tenure
from tests.factories import make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db


def test_it_refuses_a_claim_without_an_excerpt(data_dir):
    with pytest.raises(MissingCitation):
        Claim(question="q", predicate="p", value_text="v").save()
    assert not Claim.objects.exists()


def test_it_refuses_a_name_tenure_or_participation_without_an_excerpt(data_dir, tmp_path):
    person = make_person(make_excerpt(make_source(tmp_path)))
    post = Post.objects.create(title="Deputy prosecutor of Tehran")
    incident = Incident.objects.create(kind="execution", title="Mass execution")
    for fact in (
        Name(person=person, text="Raisi", script="latin"),
        Tenure(person=person, post=post),
        Participant(incident=incident, person=person, role="perpetrator"),
    ):
        with pytest.raises(MissingCitation):
            fact.save()
        assert fact.pk is None


def test_the_actions_refuse_facts_with_an_empty_excerpt_list(data_dir):
    from khavaran.records import actions

    with pytest.raises(MissingCitation):
        actions.record_claim(actions.ClaimSpec(question="q", predicate="p", excerpts=[]), actor="x")
    with pytest.raises(MissingCitation):
        actions.create_person([], actor="x")


def test_a_fact_cannot_lose_its_last_excerpt(data_dir, tmp_path):
    claim = make_claim(make_excerpt(make_source(tmp_path)))
    with pytest.raises(MissingCitation), transaction.atomic():
        claim.excerpts.clear()
    with pytest.raises(MissingCitation), transaction.atomic():
        claim.excerpts.remove(*claim.excerpts.all())
    assert claim.excerpts.count() == 1


def test_a_claim_citing_a_confidential_source_is_confidential(data_dir, tmp_path):
    secret = make_source(
        tmp_path,
        "The witness saw the trucks at night.",
        name="w.txt",
        confidentiality="confidential",
    )
    claim = make_claim(make_excerpt(secret), value_number=None, value_text="trucks")
    assert claim.confidentiality == "confidential"
