"""What volunteers enter is checked by the actions themselves, so the web, the CLI and imports
all get it: a claim states a value, a participation is recorded once, a post is found whatever
letter forms its title is typed with, a name is not added twice to the same person, and a
record saved above the level asked for says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.evidence.models import Excerpt
from khavaran.records import actions
from khavaran.records.models import Claim, Name, Participant, Post
from tests.factories import ACTOR, make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

TEXT = "Hossein-Ali Nayyeri sat as religious judge. More than 2,000 were killed in Evin."


def _two_excerpts(tmp_path: Path) -> tuple[Excerpt, Excerpt]:
    source = make_source(tmp_path, TEXT)
    return make_excerpt(source, "Hossein-Ali Nayyeri"), make_excerpt(source, "More than 2,000")


def test_a_lower_bound_alone_is_shown_as_at_least(data_dir: Path, tmp_path: Path) -> None:
    claim = make_claim(make_excerpt(make_source(tmp_path, TEXT)), value_number=None, value_min=2000)
    assert claim.value_display == "at least 2,000"
    assert claim.figure is not None
    assert (claim.figure.bound, claim.figure.low, claim.figure.high) == ("at_least", 2000, None)


def test_an_upper_bound_alone_is_shown_as_at_most(data_dir: Path, tmp_path: Path) -> None:
    claim = make_claim(make_excerpt(make_source(tmp_path, TEXT)), value_number=None, value_max=500)
    assert claim.value_display == "at most 500"
    assert claim.figure is not None and claim.figure.bound == "at_most"


def test_exact_figures_ranges_and_words_show_as_before(data_dir: Path, tmp_path: Path) -> None:
    excerpt = make_excerpt(make_source(tmp_path, TEXT))
    assert make_claim(excerpt).value_display == "30,000"
    ranged = make_claim(excerpt, value_number=None, value_min=2800, value_max=3800)
    assert ranged.value_display == "2,800–3,800"
    words = make_claim(excerpt, value_number=None, value_text="thousands")
    assert words.value_display == "thousands" and words.figure is None


def test_a_claim_without_a_value_is_refused(data_dir: Path, tmp_path: Path) -> None:
    excerpt = make_excerpt(make_source(tmp_path, TEXT))
    count = Claim.objects.count()
    with pytest.raises(actions.BadValue, match="give the value"):
        make_claim(excerpt, value_number=None, value_text="  ")
    assert Claim.objects.count() == count


def test_a_claim_whose_most_is_below_its_least_is_refused(data_dir: Path, tmp_path: Path) -> None:
    excerpt = make_excerpt(make_source(tmp_path, TEXT))
    with pytest.raises(actions.BadValue, match="less than the least") as refused:
        make_claim(excerpt, value_number=None, value_min=5000, value_max=100)
    assert refused.value.code == "most_below_least"


def test_an_edit_is_held_to_the_same_rule(data_dir: Path, tmp_path: Path) -> None:
    claim = make_claim(make_excerpt(make_source(tmp_path, TEXT)), value_number=None, value_min=100)
    events = AuditEvent.objects.count()
    with pytest.raises(actions.BadValue):
        actions.update_record(claim, {"value_min": 5000, "value_max": 100}, actor=ACTOR, reason="x")
    with pytest.raises(actions.BadValue):
        actions.update_record(claim, {"value_min": None}, actor=ACTOR, reason="cleared")
    claim.refresh_from_db()
    assert (claim.value_min, claim.value_max) == (100, None)
    assert AuditEvent.objects.count() == events
    # Other fields of a claim are edited as before.
    actions.update_record(claim, {"qualifier": "more than"}, actor=ACTOR, reason="as stated")
    assert Claim.objects.get(pk=claim.pk).qualifier == "more than"


def test_a_participation_recorded_again_cites_the_new_passage_instead(
    data_dir: Path, tmp_path: Path
) -> None:
    first, second = _two_excerpts(tmp_path)
    person = make_person(first, name="Hossein-Ali Nayyeri")
    incident = actions.create_incident(
        "Executions in Evin", kind="execution", actor=ACTOR, excerpts=[first]
    )
    one = actions.add_participant(incident, person, role="victim", excerpts=[first], actor=ACTOR)
    again = actions.add_participant(incident, person, role="victim", excerpts=[second], actor=ACTOR)
    assert again.pk == one.pk
    assert Participant.objects.filter(incident=incident, person=person).count() == 1
    assert set(one.excerpts.all()) == {first, second}
    assert AuditEvent.objects.filter(model="records.Participant", action="cite").count() == 1
    # Another role is another participation.
    actions.add_participant(incident, person, role="witness", excerpts=[second], actor=ACTOR)
    assert Participant.objects.filter(incident=incident, person=person).count() == 2


def test_a_post_typed_with_arabic_letter_forms_is_the_same_post(data_dir: Path) -> None:
    post = actions.get_or_create_post("دادستان کل کشور", None, actor=ACTOR)
    # Arabic kaf, yeh, a ZWNJ-joined word and doubled spaces.
    assert actions.get_or_create_post("دادستان  كل كشور", None, actor=ACTOR) == post
    member = actions.get_or_create_post("عضو هیئت‌مرگ ۱۳۶۷", None, actor=ACTOR)
    assert actions.get_or_create_post("عضو هيئت مرگ 1367", None, actor=ACTOR) == member
    assert Post.objects.count() == 2
    assert post.title == "دادستان کل کشور"


def test_a_name_the_person_already_has_is_cited_again_not_added(
    data_dir: Path, tmp_path: Path
) -> None:
    source = make_source(tmp_path, "حسینعلی نیری و حسينعلي نيّري")
    first, second = make_excerpt(source, "حسینعلی نیری"), make_excerpt(source, "حسينعلي نيّري")
    person = make_person(first, name="حسینعلی نیری", script="persian")
    spec = actions.NameSpec("حسينعلي نيّري", "persian", [second])
    name = actions.add_name(person, spec, actor=ACTOR)
    assert Name.objects.filter(person=person).count() == 1
    assert name.text == "حسینعلی نیری"
    assert set(name.excerpts.all()) == {first, second}
    # The same letters in another script are another name.
    latin = actions.add_name(person, actions.NameSpec("Nayyeri", "latin", [first]), actor=ACTOR)
    assert latin.pk != name.pk


def test_a_record_raised_above_the_level_asked_for_says_so(data_dir: Path, tmp_path: Path) -> None:
    secret = make_excerpt(make_source(tmp_path, TEXT, confidentiality="confidential"))
    incident = actions.create_incident(
        "A burial", kind="burial", actor=ACTOR, excerpts=[secret], confidentiality="public"
    )
    assert actions.raised_level("public", incident) == "confidential"
    assert actions.raised_level("confidential", incident) is None
