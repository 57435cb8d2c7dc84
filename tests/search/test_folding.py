"""Folding a long text a piece at a time writes what folding it whole writes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from khavaran.search.folding import folded_pieces
from khavaran.text.arabic_script import normalize_for_search

# What folding reads across characters: runs of spaces and of ZWNJ, joiners, presentation forms
# (one decomposes into a space and a mark), combining marks, tatweel, case, digits.
TRICKY = list(
    " \n\t\xa0\u3000\u2028\u200c\u200b\u200d\u200f\u0640\u0654\u064b\u0301"
    "\ufefb\ufe70\ufdfa\ufb8e\u0627\u064a\u0643\u0629\u0622\u06cc\u06f1\u0663"
    "aAzZßΣς1.-"
)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(TRICKY), max_size=60), st.integers(1, 9))
def test_the_pieces_of_any_text_make_its_folded_text(text: str, size: int) -> None:
    assert "".join(folded_pieces(text, size=size)) == normalize_for_search(text)


def test_spaces_met_at_a_cut_are_one_and_the_ends_have_none() -> None:
    text = "  Ali \u200c  \n\u200bاكبر\u0640  Ω  "
    assert "".join(folded_pieces(text, size=1)) == "ali اکبر ω" == normalize_for_search(text)


def test_a_long_text_is_folded_a_piece_at_a_time() -> None:
    text = "علي‌اكبر گفت: Commission, 1367 " * 1000
    pieces = list(folded_pieces(text, size=100))
    assert "".join(pieces) == normalize_for_search(text)
    # No piece is folded from much more than `size` characters: the next ASCII one is near.
    assert len(pieces) > 100
    assert max(map(len, pieces)) <= 120


def test_a_text_with_no_ascii_character_to_cut_before_is_folded_whole() -> None:
    text = "علی" * 50
    assert list(folded_pieces(text, size=10)) == [normalize_for_search(text)]
