"""One person, recorded three times (the extraction review, a facts file, a victim list), is
merged into one: everything about them moves, nothing becomes more public, the history stays
readable and `verify` intact, and an admin can take the merge back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db.models import ManyToOneRel

from khavaran.analysis.actions import import_list, person_from_records
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import ListRecord
from khavaran.audit.models import AuditEvent
from khavaran.records import actions
from khavaran.records.merging import (
    REFERENCES,
    MergeError,
    current_person,
    merge_people,
    merged_from,
    merged_into,
    unmerge,
)
from khavaran.records.models import Accused, Claim, ElementLink, Name, Participant, Person, Tenure
from khavaran.search.engine import search
from khavaran.verify import verify_all
from tests.factories import ACTOR, make_case, make_excerpt, make_link, make_person, make_source

pytestmark = pytest.mark.django_db

TEXT = "Hamid Rezaei, son of Ali, was executed at Gohardasht in 1988. حمید رضایی"


def _born(year: int) -> Any:
    return actions.save_fuzzy_date(date(year, 1, 1), date(year, 12, 31), original=str(year))


def _listed_person(tmp_path: Path) -> Person:
    """Hamid as accept-clusters makes him from a restricted list."""
    path = tmp_path / "memorial.csv"
    path.write_text("First name,Last name,Father's name\nHamid,Rezaei,Ali\n", encoding="utf-8")
    options = ImportOptions(name="memorial", actor=ACTOR, confidentiality="restricted")
    victim_list = import_list(path, options).victim_list
    record = ListRecord.objects.select_related("victim_list__source").get(victim_list=victim_list)
    return person_from_records([record], actor=ACTOR)


@pytest.fixture
def hamid(data_dir: Path, tmp_path: Path) -> SimpleNamespace:
    source = make_source(tmp_path, TEXT)
    quote = make_excerpt(source, "Hamid Rezaei")
    reviewed = make_person(quote, "Hamid Rezaei")
    actions.add_name(
        reviewed,
        actions.NameSpec("حمید رضایی", "persian", [make_excerpt(source, "حمید رضایی")]),
        actor=ACTOR,
    )
    facts = make_person(make_excerpt(source, "Hamid Rezaei, son of Ali"), "Hamid Rezaei")
    actions.update_record(
        facts, {"key": "hamid-rezaei", "birth_date": _born(1960)}, actor=ACTOR, reason="facts"
    )
    listed = _listed_person(tmp_path)
    executed = make_excerpt(source, "was executed at Gohardasht in 1988")
    incident = actions.create_incident(
        "Executions at Gohardasht", kind="execution", actor=ACTOR, excerpts=[executed]
    )
    actions.add_participant(incident, facts, role="victim", excerpts=[executed], actor=ACTOR)
    post = actions.get_or_create_post("Prisoner", None, actor=ACTOR)
    actions.record_tenure(facts, post, excerpts=[executed], actor=ACTOR)
    spec = actions.ClaimSpec(
        "executed:hamid", "executed", [executed], subject_person=facts, value_text="1988"
    )
    claim = actions.record_claim(spec, actor=ACTOR)
    actions.update_record(claim, {"attributed_person": facts}, actor=ACTOR, reason="his words")
    case = make_case(reviewed, facts)
    link = make_link(case, "cah.murder.1", executed, person=facts)
    return SimpleNamespace(
        reviewed=reviewed, facts=facts, listed=listed, claim=claim, case=case, link=link
    )


def _merge(hamid: SimpleNamespace, **kwargs: Any) -> Any:
    return merge_people(
        hamid.reviewed, [hamid.facts, hamid.listed], actor=ACTOR, reason="one man", **kwargs
    )


def _refresh(*people: Person) -> None:
    for person in people:
        person.refresh_from_db()


def test_a_merge_moves_every_reference_to_the_kept_person_and_verify_stays_intact(hamid):
    merge = _merge(hamid)

    keep = hamid.reviewed
    _refresh(keep, hamid.facts, hamid.listed)
    assert merge.merged == [hamid.facts, hamid.listed]
    assert sorted(keep.names.values_list("text", flat=True)) == ["Hamid Rezaei", "حمید رضایی"]
    assert Participant.objects.get().person == keep
    assert Tenure.objects.get().person == keep
    claim = Claim.objects.get(pk=hamid.claim.pk)
    assert (claim.subject_person, claim.attributed_person) == (keep, keep)
    assert ElementLink.objects.get().person == keep
    assert list(Accused.objects.values_list("person_id", flat=True)) == [keep.pk]
    assert list(ListRecord.objects.values_list("person_id", flat=True)) == [keep.pk]
    assert merge.moved["list_records"] == 1 and merge.collapsed_names == 2
    assert verify_all().problems == ()


def test_the_merged_are_kept_deleted_and_say_whom_they_were_merged_into(hamid):
    _merge(hamid)

    _refresh(hamid.facts, hamid.listed)
    for merged in (hamid.facts, hamid.listed):
        assert merged.is_deleted and merged_into(merged) == hamid.reviewed.pk
        assert current_person(merged) == hamid.reviewed
        event = AuditEvent.objects.filter(model="records.Person", object_id=str(merged.pk)).last()
        assert event.reason == f"merge of persons {hamid.facts.pk}, {hamid.listed.pk} into " \
            f"person {hamid.reviewed.pk}: one man"  # fmt: skip
    assert merged_from(hamid.reviewed) == [hamid.facts, hamid.listed]
    assert current_person(hamid.reviewed) == hamid.reviewed


def test_a_duplicate_name_collapses_into_the_kept_one_citing_every_passage(hamid):
    spelled = Name.objects.filter(text="Hamid Rezaei")
    cited = set(spelled.values_list("excerpts", flat=True))
    assert spelled.count() == 3 and len(cited) == 3

    _merge(hamid)

    (name,) = Name.objects.filter(text="Hamid Rezaei")
    assert name.person == hamid.reviewed
    assert set(name.excerpts.values_list("pk", flat=True)) == cited


def test_the_kept_person_becomes_as_protected_as_the_most_protected_merged(hamid):
    assert (hamid.reviewed.confidentiality, hamid.listed.confidentiality) == (
        "public",
        "restricted",
    )
    _merge(hamid)

    _refresh(hamid.reviewed)
    assert hamid.reviewed.confidentiality == "restricted"
    assert search("Hamid", levels=("public",), doc_kinds=["name"]) == []
    hits = search("Hamid", levels=("public", "restricted"), doc_kinds=["name"])
    # Both spellings: "Hamid" also finds the name that sounds the same, حمید.
    assert sorted(h.title for h in hits) == ["Hamid Rezaei", "حمید رضایی"]
    assert ElementLink.objects.get().confidentiality == "restricted"


def test_facts_that_differ_are_kept_side_by_side_and_missing_ones_filled_in(hamid):
    actions.update_record(
        hamid.listed, {"birth_date": _born(1962)}, actor=ACTOR, reason="the list says so"
    )
    merge = _merge(hamid)

    _refresh(hamid.reviewed, hamid.facts, hamid.listed)
    # The kept person had no birth date and the merged give two: it gets none of them.
    assert hamid.reviewed.birth_date is None
    assert (hamid.facts.birth_date.original, hamid.listed.birth_date.original) == ("1960", "1962")
    assert [d for d in merge.differences if d.startswith("birth date")] == [
        f"birth date differs (person {hamid.facts.pk}: 1960; person {hamid.listed.pk}: 1962): "
        "each person keeps their own"
    ]
    # Given once, by one of them: filled in (the list's father's name); two keys: neither.
    assert (hamid.reviewed.key, hamid.reviewed.father_name) == ("", "Ali")
    assert any(d.startswith("key differs") for d in merge.differences)


def test_a_birth_date_only_a_merged_person_gives_is_copied_to_the_kept_person(hamid):
    merge_people(hamid.reviewed, [hamid.facts], actor=ACTOR, reason="one man")

    _refresh(hamid.reviewed, hamid.facts)
    assert hamid.reviewed.birth_date.original == "1960"
    assert hamid.reviewed.birth_date_id != hamid.facts.birth_date_id  # its own row
    assert verify_all().problems == ()


def _events() -> int:
    return AuditEvent.objects.count()


@pytest.mark.parametrize(
    ("others", "reader", "reason", "message"),
    [
        ("reviewed", None, "one man", "person {reviewed} cannot be merged into itself"),
        ("listed", "viewer", "one man", "no person {listed} that you may read"),
        ("facts", None, " ", "say why these people are one (a reason is required)"),
    ],
)
def test_it_refuses_in_one_line_and_writes_nothing(hamid, others, reader, reason, message):
    ids = {k: getattr(hamid, k).pk for k in ("reviewed", "facts", "listed")}
    user = SimpleNamespace(is_authenticated=True, is_active=True, role=reader) if reader else None
    before = _events()

    with pytest.raises(MergeError) as refused:
        merge_people(
            hamid.reviewed, [getattr(hamid, others)], actor=ACTOR, reason=reason, reader=user
        )

    assert str(refused.value) == message.format(**ids)
    assert _events() == before and not Person.objects.filter(is_deleted=True).exists()


def test_it_refuses_a_person_already_merged_naming_where_they_went(hamid):
    merge_people(hamid.reviewed, [hamid.facts], actor=ACTOR, reason="one man")
    _refresh(hamid.facts)

    with pytest.raises(MergeError, match=f"already merged into person {hamid.reviewed.pk}"):
        merge_people(hamid.listed, [hamid.facts], actor=ACTOR, reason="again")
    with pytest.raises(MergeError, match=f"person {hamid.facts.pk} was already merged"):
        merge_people(hamid.facts, [hamid.listed], actor=ACTOR, reason="into a merged one")


def test_an_unmerge_puts_everything_back_and_verify_stays_intact(hamid):
    def state() -> dict[str, Any]:
        return {
            "names": sorted(
                (n.person_id, n.text, tuple(sorted(n.excerpts.values_list("pk", flat=True))))
                for n in Name.objects.all()
            ),
            "participants": list(Participant.objects.values_list("person_id", flat=True)),
            "tenures": list(Tenure.objects.values_list("person_id", flat=True)),
            "claim": list(Claim.objects.values_list("subject_person", "attributed_person")),
            "links": list(ElementLink.objects.values_list("person_id", flat=True)),
            "accused": sorted(Accused.objects.values_list("case_id", "person_id")),
            "records": list(ListRecord.objects.values_list("person_id", flat=True)),
            "people": list(
                Person.objects.order_by("pk").values_list(
                    "pk", "is_deleted", "confidentiality", "key", "father_name", "birth_date"
                )
            ),
        }

    before = state()
    _merge(hamid)
    _refresh(hamid.facts, hamid.listed)

    unmerge(hamid.listed, actor="admin", reason="a namesake")
    unmerge(hamid.facts, actor="admin", reason="another namesake")

    after = state()
    # A collapsed name comes back as a new row, with the same text, person and citations.
    assert {k: v for k, v in after.items() if k != "names"} == {
        k: v for k, v in before.items() if k != "names"
    }
    assert after["names"] == before["names"]
    assert verify_all().problems == ()
    _refresh(hamid.facts)
    assert merged_into(hamid.facts) is None and current_person(hamid.facts) == hamid.facts


def test_an_unmerge_keeps_the_level_while_another_merged_person_holds_it_up(hamid):
    _merge(hamid)
    _refresh(hamid.facts, hamid.listed)

    unmerge(hamid.facts, actor="admin", reason="a namesake")

    _refresh(hamid.reviewed)
    assert hamid.reviewed.confidentiality == "restricted"  # the list's Hamid is still in it
    unmerge(hamid.listed, actor="admin", reason="a namesake too")
    _refresh(hamid.reviewed)
    assert hamid.reviewed.confidentiality == "public"


def test_an_unmerge_refuses_a_person_not_merged(hamid):
    with pytest.raises(MergeError, match=f"person {hamid.facts.pk} is not merged"):
        unmerge(hamid.facts, actor="admin", reason="by mistake")


def test_every_foreign_key_to_a_person_is_moved_by_a_merge():
    """A new reference to Person must be taught to the merge, or it would stay behind."""
    found = {
        f"{rel.related_model._meta.app_label}.{rel.related_model._meta.object_name}"
        f".{rel.field.name}"
        for rel in Person._meta.related_objects
        if isinstance(rel, ManyToOneRel)
    }
    assert found == REFERENCES


def test_an_old_id_follows_merges_in_turn_and_unmerge_goes_back_in_order(hamid):
    merge_people(hamid.facts, [hamid.listed], actor=ACTOR, reason="one man")
    _refresh(hamid.facts)
    merge_people(hamid.reviewed, [hamid.facts], actor=ACTOR, reason="one man")
    _refresh(hamid.facts, hamid.listed)

    assert current_person(hamid.listed) == hamid.reviewed
    with pytest.raises(MergeError, match=f"unmerge or restore person {hamid.facts.pk} first"):
        unmerge(hamid.listed, actor="admin", reason="too early")

    unmerge(hamid.facts, actor="admin", reason="a namesake")
    _refresh(hamid.facts)
    unmerge(hamid.listed, actor="admin", reason="a namesake")
    assert ListRecord.objects.get().person_id == hamid.listed.pk
    assert verify_all().problems == ()
