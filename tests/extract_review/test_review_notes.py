"""What an accept says to the reviewer: one English line on the proposal, in the audit log and
in the CLI, and the same line translated as a whole sentence for the web, its fields (names,
ids, figures, roles) put where the reader's language puts them."""

from __future__ import annotations

import pytest
from django.utils import translation

from khavaran.audit.models import AuditEvent
from khavaran.extract import accept as accepting
from khavaran.extract.accept import Choices, Note, ReviewError, accept_and_say, reject
from khavaran.extract.models import StoredProposal
from khavaran.extract.queue import propose_for_source
from khavaran.records.actions import create_incident
from tests.factories import make_excerpt, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "Ebrahim Raisi said that the commission met daily. "
    "Amnesty International estimated that 5,000 prisoners were executed."
)
# A stand-in for the Persian catalogue: the words around the fields in another order.
CATALOGUE = {
    "claim %(claim)s (%(question)s) = %(value)s": (
        "مقدار %(value)s برای ادعای %(claim)s (%(question)s)"
    ),
    "new person %(person)s named '%(name)s'": "«%(name)s» شخص تازهٔ %(person)s شد",
    "%(role)s in incident %(incident)s": "در رویداد %(incident)s به نقش %(role)s",
    "%(first)s; %(then)s": "%(first)s؛ %(then)s",
    "proposal %(proposal)s is already rejected by %(reviewer)s": (
        "%(reviewer)s پیشنهاد %(proposal)s را پیش‌تر رد کرده است"
    ),
}


@pytest.fixture
def persian(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(accepting, "gettext", lambda message: CATALOGUE.get(message, message))
    with translation.override("fa"):
        yield


def queued(tmp_path, **where) -> StoredProposal:
    source = make_source(tmp_path, TEXT)
    propose_for_source(source, "maryam")
    return StoredProposal.objects.get(source=source, **where)


def persian_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹٬"))


def test_a_figure_is_said_in_english_on_the_row_and_translated_whole_for_the_reader(
    data_dir, tmp_path, persian
):
    row = queued(tmp_path, kind="claim")
    accepted = accept_and_say(row, actor="maryam")
    claim_id = accepted.row.result_id
    english = f"claim {claim_id} (number-killed:executed) = 5,000"
    assert accepted.row.note == english
    assert AuditEvent.objects.filter(action="review:accepted").last().reason == english
    # The figure in the reader's digits; the claim's id and its question key stay as written.
    said = accepted.said.translated(figures=persian_digits)
    assert said == f"مقدار ۵٬۰۰۰ برای ادعای {claim_id} (number-killed:executed)"


def test_a_role_in_an_incident_is_its_label_in_the_readers_language(data_dir, tmp_path, persian):
    source = make_source(tmp_path, TEXT)
    incident = create_incident(
        "Mass execution", kind="execution", excerpts=[make_excerpt(source, "executed")], actor="t"
    )
    propose_for_source(source, "maryam")
    row = StoredProposal.objects.get(source=source, kind="mention", text="Ebrahim Raisi")
    choices = Choices(incident=incident, role="perpetrator")
    accepted = accept_and_say(row, actor="maryam", choices=choices)
    person = accepted.row.result_id
    assert accepted.row.note == (
        f"new person {person} named 'Ebrahim Raisi'; perpetrator in incident {incident.pk}"
    )
    assert accepted.said.translated() == (
        f"«Ebrahim Raisi» شخص تازهٔ {person} شد؛ در رویداد {incident.pk} به نقش عامل"
    )


def test_a_refusal_is_english_for_the_cli_and_translated_for_the_web(data_dir, tmp_path, persian):
    row = queued(tmp_path, kind="mention", text="Ebrahim Raisi")
    reject(row, actor="maryam")
    with pytest.raises(ReviewError) as refused:
        accept_and_say(row, actor="ines")
    assert str(refused.value) == f"proposal {row.pk} is already rejected by maryam"
    assert refused.value.note.translated() == f"maryam پیشنهاد {row.pk} را پیش‌تر رد کرده است"


def test_a_note_without_a_translation_reads_as_its_english_line() -> None:
    # A sentence the catalogue does not hold (a newer line, before its translation).
    note = Note("defect noted by no catalogue: %(defect)s", {"defect": "list announced"})
    with translation.override("fa"):
        assert note.translated() == str(note) == "defect noted by no catalogue: list announced"
