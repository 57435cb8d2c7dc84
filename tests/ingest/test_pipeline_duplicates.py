"""Ingesting stored bytes again: one source, and its confidentiality only ever goes up."""

from __future__ import annotations

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import add_excerpt
from khavaran.evidence.models import Source
from khavaran.ingest.pipeline import DUPLICATE, FAILED, INGESTED, IngestOptions, ingest_paths
from khavaran.search.models import DocKind, SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def witness(data_dir, tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("The witness saw the trucks leave Evin at night.", encoding="utf-8")
    return path


def ingest(path, level: str):
    [outcome] = ingest_paths([path], IngestOptions(actor="maryam", confidentiality=level))
    return outcome


def level_updates() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(model="evidence.Source", action="update"))


def test_ingesting_again_at_a_higher_level_raises_the_source_and_says_so(witness):
    first = ingest(witness, "public")
    add_excerpt(Source.objects.get(), start=0, end=11, actor="maryam")
    again = ingest(witness, "confidential")
    assert (first.status, again.status) == (INGESTED, DUPLICATE)
    assert again.source_id == first.source_id
    assert again.reason == (
        f"already present as source {first.source_id}; "
        "confidentiality raised from public to confidential"
    )
    source = Source.objects.get()
    assert source.confidentiality == "confidential"
    [event] = level_updates()
    assert event.before["confidentiality"] == "public"
    assert event.after["confidentiality"] == "confidential"
    assert event.actor == "maryam" and "ingested again as confidential" in event.reason
    docs = SearchDocument.objects.filter(source_id=source.pk)
    assert {d.kind for d in docs} == {DocKind.SOURCE, DocKind.EXCERPT}
    assert {d.confidentiality for d in docs} == {"confidential"}


def test_ingesting_again_at_a_lower_level_never_lowers_it_and_says_so(witness):
    first = ingest(witness, "confidential")
    again = ingest(witness, "public")
    assert again.status == DUPLICATE
    assert again.reason == (
        f"already present as source {first.source_id}; stays confidential (not lowered to public)"
    )
    assert Source.objects.get().confidentiality == "confidential"
    assert level_updates() == []


def test_ingesting_again_at_the_same_level_changes_nothing(witness):
    first = ingest(witness, "restricted")
    again = ingest(witness, "restricted")
    assert again.reason == f"already present as source {first.source_id}"
    assert Source.objects.get().confidentiality == "restricted"
    assert level_updates() == []
    assert Source.objects.get().custody.count() == 2


def test_an_unknown_level_fails_with_one_line_and_stores_nothing(witness):
    outcome = ingest(witness, "secret")
    assert outcome.status == FAILED
    assert (
        outcome.reason
        == "unknown confidentiality 'secret' (one of: public, restricted, confidential)"
    )
    assert not Source.objects.exists()


def test_ingesting_again_without_asking_for_a_level_leaves_it_as_it_is(witness):
    # Re-ingesting a folder for its new files (the command's default level) must not change
    # the level of the files already stored.
    first = ingest(witness, "public")
    options = IngestOptions(actor="maryam", confidentiality="restricted", level_given=False)
    [again] = ingest_paths([witness], options)
    assert again.reason == f"already present as source {first.source_id}"
    assert Source.objects.get().confidentiality == "public"
    assert level_updates() == []


def test_a_collector_named_in_the_options_is_the_custody_actor_not_the_audit_actor(
    witness,
):
    options = IngestOptions(actor="maryam", confidentiality="public", collected_by="Reza")
    [first] = ingest_paths([witness], options)
    [again] = ingest_paths([witness], options)
    assert (first.status, again.status) == (INGESTED, DUPLICATE)
    events = list(Source.objects.get().custody.order_by("pk"))
    assert {(e.actor, e.method) for e in events} == {("Reza", "khavaran ingest")}
    assert events[1].note == "same bytes ingested again as w.txt"
    assert set(AuditEvent.objects.values_list("actor", flat=True)) == {"maryam"}


def test_a_collectors_name_too_long_for_the_custody_chain_fails_the_file(witness):
    options = IngestOptions(actor="maryam", collected_by="x" * 151)
    [outcome] = ingest_paths([witness], options)
    assert outcome.status == FAILED and "over 150 characters" in outcome.reason
    assert not Source.objects.exists()
