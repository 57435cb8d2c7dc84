"""`create_people` and `add_names`: many persons and names written together, each cited,
audited and indexed as when written one at a time; a name without a citation stops all."""

from __future__ import annotations

import pytest

from khavaran.audit.chain import check_chain
from khavaran.audit.models import AuditEvent
from khavaran.evidence.models import Excerpt
from khavaran.records.actions import NameSpec, PersonSpec, add_names, create_people
from khavaran.records.citations import MissingCitation
from khavaran.records.models import Name, Person
from khavaran.search.models import SearchDocument
from tests.factories import make_excerpt, make_source

pytestmark = pytest.mark.django_db


def test_people_and_their_names_are_audited_person_by_person(data_dir, tmp_path):
    public = make_excerpt(make_source(tmp_path, "Ebrahim Raisi and Hossein-Ali Nayyeri."))
    secret = make_excerpt(
        make_source(tmp_path, "A witness names them.", name="w.txt", confidentiality="confidential")
    )
    first = len(AuditEvent.objects.all())

    raisi, nayyeri = create_people(
        [
            PersonSpec(
                [
                    NameSpec("Ebrahim Raisi", "latin", [public]),
                    NameSpec("ابراهیم رئیسی", "persian", [public, secret, public]),
                ],
                key="raisi",
                father_name="Seyed Hajji",
            ),
            PersonSpec([NameSpec("Hossein-Ali Nayyeri", "latin", [public])], gender="male"),
        ],
        actor="tester",
    )

    assert (raisi.key, raisi.father_name, nayyeri.gender) == ("raisi", "Seyed Hajji", "male")
    names = list(Name.objects.order_by("pk"))
    assert [(n.person_id, n.text) for n in names] == [
        (raisi.pk, "Ebrahim Raisi"),
        (raisi.pk, "ابراهیم رئیسی"),
        (nayyeri.pk, "Hossein-Ali Nayyeri"),
    ]
    assert sorted(names[1].excerpts.values_list("pk", flat=True)) == sorted([public.pk, secret.pk])
    events = list(AuditEvent.objects.order_by("seq")[first:])
    assert [(e.model, e.object_id) for e in events] == [
        ("records.Person", str(raisi.pk)),
        ("records.Name", str(names[0].pk)),
        ("records.Name", str(names[1].pk)),
        ("records.Person", str(nayyeri.pk)),
        ("records.Name", str(names[2].pk)),
    ]
    assert events[2].after["excerpts"] == sorted([public.pk, secret.pk])
    assert events[0].after["father_name"] == "Seyed Hajji"
    levels = dict(
        SearchDocument.objects.filter(kind="name").values_list("original_body", "confidentiality")
    )
    # Each name is as protected as its person and its most protected citation.
    assert levels == {
        "Ebrahim Raisi": "public",
        "ابراهیم رئیسی": "confidential",
        "Hossein-Ali Nayyeri": "public",
    }
    assert list(check_chain()) == []


def test_added_names_follow_the_existing_ones(data_dir, tmp_path):
    excerpt = make_excerpt(make_source(tmp_path))
    (person,) = create_people([PersonSpec([NameSpec("A", "latin", [excerpt])])], actor="t")
    added = add_names(
        person, [NameSpec("B", "latin", [excerpt]), NameSpec("C", "latin", [excerpt])], actor="t"
    )
    assert [n.text for n in added] == ["B", "C"]
    assert [n.text for n in person.names.order_by("pk")] == ["A", "B", "C"]
    assert AuditEvent.objects.filter(model="records.Name").count() == 3


def test_one_uncited_name_writes_nobody(data_dir, tmp_path):
    excerpt = make_excerpt(make_source(tmp_path))
    people = [
        PersonSpec([NameSpec("Cited", "latin", [excerpt])]),
        PersonSpec([NameSpec("Uncited", "latin", [])]),
    ]
    events = AuditEvent.objects.count()
    with pytest.raises(MissingCitation):
        create_people(people, actor="t")
    with pytest.raises(MissingCitation):
        create_people([PersonSpec([])], actor="t")
    unsaved = Excerpt(source=excerpt.source, start=0, end=3, quoted_text="The")
    with pytest.raises(ValueError, match="not saved"):
        create_people([PersonSpec([NameSpec("X", "latin", [unsaved])])], actor="t")
    assert not Person.objects.exists() and not Name.objects.exists()
    assert AuditEvent.objects.count() == events
