"""A record is never more open than its evidence, and the search index follows every change of
level: what a public search finds is what the public may read, after edits and deletions too."""

from __future__ import annotations

import pytest

from khavaran.records import actions
from khavaran.search.engine import search
from tests.factories import ACTOR, make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db


def _public_hits(text: str) -> list[str]:
    return [hit.title for hit in search(text, levels=("public",))]


def test_a_person_made_confidential_leaves_the_public_search(data_dir, tmp_path):
    person = make_person(make_excerpt(make_source(tmp_path)), name="Zarvandokht Testwitness")
    assert _public_hits("Zarvandokht") == ["Zarvandokht Testwitness"]
    actions.update_record(
        person, {"confidentiality": "confidential"}, actor=ACTOR, reason="she is a witness"
    )
    assert _public_hits("Zarvandokht") == []
    assert [h.title for h in search("Zarvandokht", levels=("confidential",))] == [
        "Zarvandokht Testwitness"
    ]


def test_a_deleted_person_leaves_the_search_and_returns_when_restored(data_dir, tmp_path):
    person = make_person(make_excerpt(make_source(tmp_path)), name="Delendra Mistakenperson")
    actions.soft_delete(person, actor=ACTOR, reason="entered by mistake")
    assert search("Delendra", levels=("public", "restricted", "confidential")) == []
    actions.update_record(person, {"is_deleted": False}, actor=ACTOR, reason="not a mistake")
    assert _public_hits("Delendra") == ["Delendra Mistakenperson"]


def test_an_incident_or_organization_citing_a_confidential_source_is_confidential(
    data_dir, tmp_path
):
    secret = make_excerpt(
        make_source(tmp_path, "Witness A buried him.", confidentiality="confidential")
    )
    incident = actions.create_incident(
        "Unmarked grave", kind="burial", actor=ACTOR, excerpts=[secret], confidentiality="public"
    )
    org = actions.create_organization("Burial crew", actor=ACTOR, excerpts=[secret])
    assert (incident.confidentiality, org.confidentiality) == ("confidential", "confidential")


def test_a_record_cannot_be_made_more_open_than_a_source_it_cites(data_dir, tmp_path):
    secret = make_excerpt(
        make_source(tmp_path, "Witness A buried him.", name="w.txt", confidentiality="restricted")
    )
    incident = actions.create_incident("Grave", kind="burial", actor=ACTOR, excerpts=[secret])
    with pytest.raises(actions.TooOpen, match="restricted source"):
        actions.update_record(incident, {"confidentiality": "public"}, actor=ACTOR, reason="x")
    incident.refresh_from_db()
    assert incident.confidentiality == "restricted"


def test_citing_a_more_protected_source_raises_the_level_and_the_index(data_dir, tmp_path):
    claim = make_claim(make_excerpt(make_source(tmp_path)), value_text="Evin", value_number=None)
    assert claim.confidentiality == "public" and _public_hits("Evin")
    secret = make_excerpt(
        make_source(tmp_path, "Evin, said the guard.", name="g.txt", confidentiality="confidential")
    )
    actions.add_citations(claim, [secret], actor=ACTOR)
    claim.refresh_from_db()
    assert claim.confidentiality == "confidential"
    assert _public_hits("Evin") == []


def test_a_name_cited_again_from_a_confidential_source_leaves_the_public_search(data_dir, tmp_path):
    person = make_person(make_excerpt(make_source(tmp_path)), name="Hamid Testguard")
    name = person.names.get()
    secret = make_excerpt(
        make_source(tmp_path, "Hamid, the guard.", name="g.txt", confidentiality="confidential")
    )
    actions.add_citations(name, [secret], actor=ACTOR)
    assert _public_hits("Testguard") == []


def test_a_person_known_only_from_a_confidential_source_is_created_confidential(data_dir, tmp_path):
    secret = make_excerpt(
        make_source(
            tmp_path, "Zara lives at 12 Hidden Lane.", name="w.txt", confidentiality="confidential"
        )
    )
    witness = make_person(secret, name="Zara Testwitness", confidentiality="public")
    assert witness.confidentiality == "confidential"
    # Named in a public source too, a person is public knowledge.
    both = actions.create_person(
        [
            actions.NameSpec("Hamid Testguard", "latin", [secret]),
            actions.NameSpec("Hamid T.", "latin", [make_excerpt(make_source(tmp_path))]),
        ],
        actor=ACTOR,
    )
    assert both.confidentiality == "public"
    with pytest.raises(actions.TooOpen):
        actions.update_record(witness, {"confidentiality": "public"}, actor=ACTOR, reason="x")


def test_ingesting_a_source_again_at_a_higher_level_raises_what_cites_it(data_dir, tmp_path):
    from khavaran.ingest.pipeline import IngestOptions, ingest_file
    from khavaran.records.models import Incident, Person

    source = make_source(tmp_path, "Jamshid Raisedlevel died in Dezful.", name="later.txt")
    excerpt = make_excerpt(source)
    person = make_person(excerpt, name="Jamshid Raisedlevel")
    claim = make_claim(excerpt, value_text="Dezful", value_number=None)
    incident = actions.create_incident(
        "Dezful deaths", kind="execution", actor=ACTOR, excerpts=[excerpt]
    )
    assert _public_hits("Raisedlevel") and _public_hits("Dezful")
    options = IngestOptions(actor=ACTOR, confidentiality="confidential")
    ingest_file(tmp_path / "later.txt", options)
    claim.refresh_from_db()
    assert claim.confidentiality == "confidential"
    assert Incident.objects.get(pk=incident.pk).confidentiality == "confidential"
    assert Person.objects.get(pk=person.pk).confidentiality == "confidential"
    assert _public_hits("Raisedlevel") == [] and _public_hits("Dezful") == []
