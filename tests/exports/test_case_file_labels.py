"""The case file speaks to a lawyer, not in the archive's keys: a name says its kind ("alias",
"birth name"), a claim its question's words ("Birth", not "birth:raisi"), and the proof per
accused the elements' words and articles, not their catalogue keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.exports import reader_at
from khavaran.exports.casefile import case_file_data
from khavaran.exports.casefile_md import markdown
from khavaran.exports.labels import QUESTION_TOPICS, question_label
from khavaran.records import actions
from khavaran.records.dossiers import case_file
from tests.factories import ACTOR, make_case, make_claim, make_excerpt, make_link, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def text(tmp_path: Path, data_dir: Path) -> str:
    """The case file of one accused known by a birth name and an alias, with a birth claim."""
    excerpt = make_excerpt(make_source(tmp_path, "Hamid Nouri, known as Hamid Abbasi, born 1961."))
    names = [
        actions.NameSpec("Hamid Nouri", "latin", [excerpt]),
        actions.NameSpec("Hamid Abbasi", "latin", [excerpt], kind="alias"),
    ]
    person = actions.create_person(names, actor=ACTOR)
    make_claim(
        excerpt,
        question="birth:nouri",
        predicate="birth_date",
        value_number=None,
        value_text="1961",
        subject_person=person,
    )
    case = make_case(person)
    make_link(case, "cah.murder.1", excerpt, person=person)
    reader = reader_at(None, None, operator=True)
    return markdown(case_file_data(case_file(reader, case), reader))


def test_each_name_says_its_kind(text):
    assert "- Hamid Nouri (Latin script, birth name) [1]" in text
    assert "- Hamid Abbasi (Latin script, alias) [1]" in text


def test_a_claim_is_headed_by_its_questions_words_not_its_key(text):
    assert "- Birth: 1961 (Uncorroborated) [1]" in text
    assert "birth:nouri" not in text


def test_the_proof_per_accused_names_elements_by_their_words(text):
    proof = text.split("## Proof per accused")[1].split("## Accused")[0]
    assert "supported: Killed one or more persons (art. 7(1)(a), element 1)" in proof
    assert "`cah." not in proof


def test_a_question_typed_in_words_stays_as_typed():
    assert question_label("Who signed the order?") == "Who signed the order?"
    assert question_label("number-killed:massacre-1988", "fa") == "شمار کشته‌شدگان"


def test_every_topic_has_an_english_and_a_persian_label():
    assert all(en and fa and en != fa for en, fa in QUESTION_TOPICS.values())


def test_the_topics_are_those_the_web_pages_show():
    from django.utils import translation

    from khavaran.web.templatetags.khavaran import QUESTION_TOPICS as WEB_TOPICS

    with translation.override("en"):
        web = {topic: str(words) for topic, words in WEB_TOPICS.items()}
    assert web == {topic: en for topic, (en, _) in QUESTION_TOPICS.items()}
