"""Issue 6, done when: ingest the seed article, review its queue, accept what is right; the
person pages, quotes and contested figures fill in with exact citations."""

from __future__ import annotations

from pathlib import Path

import pytest

from khavaran.extract.accept import Choices, accept, reject
from khavaran.extract.models import StoredProposal
from khavaran.extract.queue import pending_by_source, propose_for_source
from khavaran.records import access
from khavaran.records.models import Claim, Name, Person
from tests.factories import make_source

SEED = Path("/work/shared/corpus/seed-article.txt")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SEED.exists(), reason="the seed article is not in this checkout"),
]
SPEAKERS = {"Majid Rafizadeh", "Diana Eltahawy", "Hossein-Ali Montazeri"}


def pending(source, **where):
    return StoredProposal.objects.filter(source=source, status="pending", **where)


def cites_exactly(fact, source) -> bool:
    excerpts = list(fact.excerpts.all())
    return bool(excerpts) and all(source.text[e.start : e.end] == e.quoted_text for e in excerpts)


def test_a_new_user_fills_in_people_quotes_and_the_contested_figure(data_dir, tmp_path):
    source = make_source(tmp_path, SEED.read_text(encoding="utf-8"), name="seed-article.txt")
    propose_for_source(source, "maryam")
    [queue] = pending_by_source(None)
    assert queue.source == source and len(queue.proposals) > 20

    for row in pending(source, kind="mention", text__in=SPEAKERS):
        accept(row, actor="maryam")
    quotes = [r for r in pending(source, kind="quote") if r.payload["speaker"] in SPEAKERS]
    for row in quotes:
        accept(row, actor="maryam")
    toll = pending(source, kind="claim").get(text="30,000 political prisoners")
    accept(toll, actor="maryam", choices=Choices(question="number-killed:massacre-1988"))
    headline = pending(source, kind="defect").first()
    junk = pending(source, kind="mention", text="Maryam Rajavi Calls for Justice").get()
    reject(junk, actor="maryam", reason="a headline, not an organization")

    # Person pages: each speaker is a person with a cited name.
    for speaker in SPEAKERS:
        name = Name.objects.get(text=speaker)
        assert cites_exactly(name, source)
        assert name.excerpts.get().quoted_text == speaker
    # Quotes: statements said by their speaker, cited by the exact quoted span.
    rafizadeh = Person.objects.get(names__text="Majid Rafizadeh")
    statements = access.claims_visible_to(None).filter(subject_person=rafizadeh, predicate="said")
    assert statements.count() == sum(r.payload["speaker"] == "Majid Rafizadeh" for r in quotes)
    for claim in Claim.objects.filter(predicate="said"):
        assert cites_exactly(claim, source)
        assert claim.excerpts.get().quoted_text == claim.value_text
    montazeri = Claim.objects.filter(attributed_to="Hossein-Ali Montazeri", predicate="said")
    assert "history will condemn us" in set(montazeri.values_list("value_text", flat=True))
    # The contested figure: 30,000, with no attribution in the text.
    figure = Claim.objects.get(question="number-killed:massacre-1988")
    assert figure.value_number == 30000
    assert figure.attributed_to == "no attribution in the text"
    assert figure.excerpts.get().quoted_text == "30,000 political prisoners"

    # Running extraction again brings back neither the rejected nor the accepted proposals.
    run = propose_for_source(source, "maryam")
    assert junk.pk not in {row.pk for row, _ in run.found}
    assert not pending(source, text="Maryam Rajavi Calls for Justice", kind="mention").exists()
    assert not pending(source, kind="mention", text__in=SPEAKERS).exists()
    assert headline is not None and pending(source, kind="defect").exists()
