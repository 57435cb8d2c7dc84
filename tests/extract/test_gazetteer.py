"""Known names found in one pass, across letter forms, case, ZWNJ and hyphens."""

from __future__ import annotations

from khavaran.extract import Gazetteer
from khavaran.extract.folding import fold


def spans(gazetteer: Gazetteer, text: str) -> list[str]:
    return [text[m.start : m.end] for m in gazetteer.find_in(fold(text))]


def test_it_finds_a_persian_name_written_with_arabic_letters_and_a_space_for_zwnj() -> None:
    gazetteer = Gazetteer.build([("person", "khomeini", "روح‌الله خمینی")])
    assert spans(gazetteer, "حكم روح الله خميني بود") == ["روح الله خميني"]


def test_offsets_point_into_the_original_text_when_diacritics_are_dropped() -> None:
    gazetteer = Gazetteer.build([("person", "ali", "علی")])
    text = "آقای عَلِی آمد"
    assert spans(gazetteer, text) == ["عَلِی"]


def test_it_ignores_case_hyphens_and_line_breaks() -> None:
    gazetteer = Gazetteer.build([("person", "nayyeri", "Hossein-Ali Nayyeri")])
    assert spans(gazetteer, "judge HOSSEIN ALI\nNayyeri said") == ["HOSSEIN ALI\nNayyeri"]


def test_it_matches_whole_words_only_and_prefers_the_longest_name() -> None:
    gazetteer = Gazetteer.build([("place", "evin", "Evin"), ("place", "evin", "Evin prison")])
    assert spans(gazetteer, "Evinson was held at Evin prison.") == ["Evin prison"]


def test_a_name_two_entities_share_keeps_both() -> None:
    gazetteer = Gazetteer.build([("person", "a", "Ali Rezaei"), ("person", "b", "Ali Rezaei")])
    (match,) = gazetteer.find_in(fold("Ali Rezaei"))
    assert {e.entity_id for e in match.entities} == {"a", "b"}


def test_variants_add_spellings_such_as_a_cross_script_key() -> None:
    gazetteer = Gazetteer.build(
        [("person", "raisi", "Ebrahim Raisi")], variants=lambda _: ["ابراهیم رئیسی"]
    )
    assert spans(gazetteer, "ابراهیم رئیسی") == ["ابراهیم رئیسی"]
