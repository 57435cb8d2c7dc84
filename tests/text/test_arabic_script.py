"""Arabic-script normalization: the one spelling that search and linkage compare."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from khavaran.text.arabic_script import (
    fold_digits,
    normalize_arabic_script,
    normalize_for_search,
)


def test_it_folds_arabic_letter_forms_to_persian_ones() -> None:
    assert normalize_arabic_script("علي‌اكبر") == "علی اکبر"
    assert normalize_arabic_script("رئيسي") == "رییسی"


def test_it_drops_diacritics_tatweel_and_invisible_controls() -> None:
    assert normalize_arabic_script("مُحَمَّد") == "محمد"
    assert normalize_arabic_script("اعـــدام") == "اعدام"
    assert normalize_arabic_script("\u200fتهران\u200e") == "تهران"


def test_it_joins_or_splits_at_a_zero_width_non_joiner_as_asked() -> None:
    assert normalize_arabic_script("اعدام‌ها", zwnj="") == "اعدامها"
    assert normalize_arabic_script("اعدام‌ها", zwnj=" ") == "اعدام ها"


def test_it_reads_presentation_forms_from_pdfs_as_plain_letters() -> None:
    # Contextual shapes and ligatures, as PDF text extraction often returns them.
    assert normalize_arabic_script("ﺗﻬﺮﺍﻥ") == "تهران"
    assert normalize_arabic_script("ﻻ") == "لا"
    assert normalize_arabic_script("ﱮ") == "بی"


def test_it_writes_persian_and_arabic_indic_digits_as_ascii() -> None:
    assert fold_digits("۱۳۶۷ و ١٣٦٧") == "1367 و 1367"


def test_search_folding_also_folds_case_and_runs_of_space() -> None:
    assert normalize_for_search("  Amnesty\n\tInternational ") == "amnesty international"


@given(st.text(max_size=40))
def test_normalizing_twice_changes_nothing_more(text: str) -> None:
    once = normalize_arabic_script(text)
    assert normalize_arabic_script(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=30))
def test_arabic_and_persian_spellings_of_a_word_meet(text: str) -> None:
    arabic = text.replace("ی", "ي").replace("ک", "ك")
    assert normalize_arabic_script(arabic) == normalize_arabic_script(text)
