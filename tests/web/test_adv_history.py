"""A white-box tester's findings on the history pages: a revert puts back only what its change
did, and a heading or a merge's event names nobody, and lists no row, the reader may not read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.records import actions
from khavaran.records.access import people_visible_to
from khavaran.records.merging import merge_people
from khavaran.records.models import Claim, Person
from khavaran.verify import verify_all
from tests.factories import ACTOR, make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

SECRET = "Rahim Kazemi"
PUBLIC = "حمید رضایی"  # Persian script: `str(person)` would choose the Latin, secret name


def _last(record: Any) -> AuditEvent:
    label = f"{record._meta.app_label}.{record._meta.object_name}"
    event = AuditEvent.objects.filter(model=label, object_id=str(record.pk)).last()
    assert event is not None
    return event


def _person(tmp_path: Path) -> Person:
    return make_person(make_excerpt(make_source(tmp_path)), "Hamid Rezaei")


def _secretly_named(tmp_path: Path, folder: str = "first") -> Person:
    """A public person whose second name only a confidential testimony gives."""
    here = tmp_path / folder
    here.mkdir()
    report = make_excerpt(make_source(here, f"A report ({folder})."))
    person = make_person(report, PUBLIC, script="persian")
    testimony = make_source(
        here, f"A witness named him ({folder}).", name="t.txt", confidentiality="confidential"
    )
    spec = actions.NameSpec(text=SECRET, script="latin", excerpts=[make_excerpt(testimony)])
    actions.add_name(person, spec, actor=ACTOR)
    return person


def test_reverting_a_notes_edit_keeps_a_later_raise_of_the_level(
    client_as: Any, tmp_path: Path
) -> None:
    person = _person(tmp_path)
    actions.update_record(person, {"notes": "seen in Evin"}, actor=ACTOR, reason="testimony")
    edit = _last(person)
    actions.update_record(person, {"confidentiality": "confidential"}, actor=ACTOR, reason="w")
    client = client_as("investigator")
    page = client.get(f"/revert/person/{person.pk}/{edit.seq}/").content.decode()
    listed = page.split("What reverting changes")[1]
    assert "Notes" in listed and "Confidentiality" not in listed
    client.post(f"/revert/person/{person.pk}/{edit.seq}/", {"reason": "wrong person"})
    person.refresh_from_db()
    assert (person.notes, person.confidentiality) == ("", "confidential")
    assert verify_all().problems == ()


def test_a_field_changed_again_since_is_named_and_left_as_it_is(
    client_as: Any, tmp_path: Path
) -> None:
    person = _person(tmp_path)
    actions.update_record(person, {"notes": "first"}, actor=ACTOR, reason="a")
    edit = _last(person)
    actions.update_record(person, {"notes": "second"}, actor=ACTOR, reason="b")
    client = client_as("investigator")
    page = client.get(f"/revert/person/{person.pk}/{edit.seq}/").content.decode()
    assert "Notes was changed again after this change" in page
    assert "What reverting changes" not in page
    client.post(f"/revert/person/{person.pk}/{edit.seq}/", {"reason": "undo"})
    person.refresh_from_db()
    assert person.notes == "second"


def test_a_revert_never_lowers_a_level(client_as: Any, tmp_path: Path) -> None:
    person = _person(tmp_path)
    actions.update_record(person, {"confidentiality": "restricted"}, actor=ACTOR, reason="w")
    raised = _last(person)
    client = client_as("investigator")
    page = client.get(f"/revert/person/{person.pk}/{raised.seq}/").content.decode()
    assert "a revert never lowers a level" in page
    client.post(f"/revert/person/{person.pk}/{raised.seq}/", {"reason": "undo"})
    person.refresh_from_db()
    assert person.confidentiality == "restricted"


def test_reverting_an_edit_of_a_claim_deleted_since_does_not_bring_it_back(
    client_as: Any, tmp_path: Path
) -> None:
    claim = make_claim(make_excerpt(make_source(tmp_path)))
    actions.update_record(claim, {"qualifier": "at least"}, actor=ACTOR, reason="typo")
    edit = _last(claim)
    actions.soft_delete(claim, actor=ACTOR, reason="duplicate")
    events = AuditEvent.objects.count()
    client = client_as("investigator")
    page = client.get(f"/revert/claim/{claim.pk}/{edit.seq}/").content.decode()
    assert "restore is its own action" in page
    client.post(f"/revert/claim/{claim.pk}/{edit.seq}/", {"reason": "undo"})
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.is_deleted and claim.qualifier == "at least"
    assert AuditEvent.objects.count() == events
    assert verify_all().problems == ()


def test_reverting_an_incident_edit_keeps_its_later_raise(client_as: Any, tmp_path: Path) -> None:
    excerpt = make_excerpt(make_source(tmp_path))
    incident = actions.create_incident(
        "Mass execution", kind="execution", actor=ACTOR, excerpts=[excerpt]
    )
    actions.update_record(incident, {"title": "Mass executions"}, actor=ACTOR, reason="plural")
    edit = _last(incident)
    actions.update_record(incident, {"confidentiality": "restricted"}, actor=ACTOR, reason="w")
    client_as("investigator").post(
        f"/revert/incident/{incident.pk}/{edit.seq}/", {"reason": "singular"}
    )
    incident.refresh_from_db()
    assert (incident.title, incident.confidentiality) == ("Mass execution", "restricted")


def test_history_headings_name_a_person_only_by_names_the_reader_may_read(
    client_as: Any, tmp_path: Path
) -> None:
    person = _secretly_named(tmp_path)
    excerpt = make_excerpt(make_source(tmp_path, "He was executed.", name="r.txt"))
    incident = actions.create_incident(
        "Mass execution", kind="execution", actor=ACTOR, excerpts=[excerpt]
    )
    participant = actions.add_participant(
        incident, person, role="victim", excerpts=[excerpt], actor=ACTOR
    )
    post = actions.get_or_create_post("Prosecutor", None, actor=ACTOR)
    tenure = actions.record_tenure(person, post, excerpts=[excerpt], actor=ACTOR)
    reviewer = client_as("reviewer")
    for url in (f"/history/participant/{participant.pk}/", f"/history/tenure/{tenure.pk}/"):
        page = reviewer.get(url).content.decode()
        assert PUBLIC in page and SECRET not in page


def test_a_merged_persons_history_hides_names_collapsed_from_a_hidden_source(
    client_as: Any, tmp_path: Path
) -> None:
    keep = _secretly_named(tmp_path)
    other = _secretly_named(tmp_path, "second")
    merge_people(keep, [other], actor=ACTOR, reason="one man")
    page = client_as("reviewer").get(f"/history/person/{other.pk}/").content.decode()
    assert PUBLIC in page and SECRET not in page
    admin = client_as("admin").get(f"/history/person/{other.pk}/").content.decode()
    assert SECRET in admin


def test_deleting_the_only_publicly_cited_name_makes_the_person_confidential(
    client_as: Any, tmp_path: Path
) -> None:
    person = _secretly_named(tmp_path)
    public = person.names.get(text=PUBLIC)
    response = client_as("investigator").post(
        f"/delete/name/{public.pk}/", {"reason": "another man's name"}, follow=True
    )
    person.refresh_from_db()
    assert person.confidentiality == "confidential"
    assert "The person is now Confidential" in response.content.decode()
    assert not people_visible_to(None).filter(pk=person.pk).exists()
    assert verify_all().problems == ()
