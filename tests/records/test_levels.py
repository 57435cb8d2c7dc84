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
