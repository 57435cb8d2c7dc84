"""Every proposal's text is exactly the source text at its offsets, on any input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khavaran.extract import Gazetteer, extract

GAZETTEER = Gazetteer.build([
    ("person", "khomeini", "روح‌الله خمینی"), ("person", "raisi", "Ebrahim Raisi"),
    ("place", "evin", "Evin prison"),
])  # fmt: skip
PIECES = st.sampled_from([
    "Ebrahim Raisi", "EBRAHIM  RAISI", "روح الله خميني", "رُوح‌اللّه خمینی", "Evin\nprison", " said “",
    "”, ", "«", "»", "according to ", "30,000 prisoners", "۲۴ مرداد ۱۳۶۷", "including:", "\n\n",
    "Dr. Ali Karimi", "He ", "in 1988", ". ", "\u200c", "\u0640", "آیت‌الله ", "گفت: ",
])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=25))
def test_every_proposal_spans_its_own_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for proposal in extract(text, GAZETTEER):
        assert text[proposal.start : proposal.end] == proposal.text
        assert 0 <= proposal.start < proposal.end <= len(text)
