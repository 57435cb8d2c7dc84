"""Each extractor on small texts that show what it is for."""

from __future__ import annotations

import pytest

from khavaran.extract import ExistingClaim, Gazetteer, Proposal, extract

GAZETTEER = Gazetteer.build([
    ("person", "montazeri", "Hossein-Ali Montazeri"), ("person", "khomeini", "Khomeini"),
    ("organization", "amnesty", "Amnesty International"),
])  # fmt: skip


def of_kind(kind: str, text: str, **options: object) -> list[Proposal]:
    return [p for p in extract(text, GAZETTEER, **options) if p.kind == kind]  # type: ignore[arg-type]


def test_known_names_carry_their_entity_id() -> None:
    (mention,) = of_kind("mention", "Amnesty International said so.")
    assert (mention.entity_type, mention.entity_id) == ("organization", "amnesty")


def test_new_names_come_from_titles_roles_and_persian_honorifics() -> None:
    text = "The prosecutor Mehdi Karimi met Ayatollah Jannati. آیت‌الله احمد جنتی آمد."
    found = {(p.text, p.entity_type) for p in of_kind("mention", text)}
    assert {("Mehdi Karimi", "person"), ("Jannati", "person"), ("احمد جنتی", "person")} <= found


def test_a_surname_alone_after_the_full_name_is_a_mention_of_the_same_person() -> None:
    mentions = of_kind("mention", "Hossein-Ali Montazeri wrote. Later Montazeri was dismissed.")
    assert [m.entity_id for m in mentions] == ["montazeri", "montazeri"]


def test_a_quote_gets_the_speaker_a_pronoun_points_to() -> None:
    (quote,) = of_kind("quote", "Hossein-Ali Montazeri met them. He called it “a crime”.")
    assert (quote.text, quote.speaker) == ("a crime", "Hossein-Ali Montazeri")


def test_a_persian_quote_gets_its_speaker() -> None:
    (quote,) = of_kind("quote", "حسینعلی منتظری گفت: «تاریخ ما را محکوم می‌کند.»")
    assert quote.speaker == "حسینعلی منتظری"


def test_a_number_in_reported_speech_is_attributed_and_a_bare_one_is_not() -> None:
    text = "According to Amnesty International, 5,000 prisoners died. Some say 30,000 people died."
    claims = {c.value: c.attributed_to for c in of_kind("claim", text)}
    assert claims == {"5000": "Amnesty International", "30000": None}


def test_dates_in_both_calendars_are_found_with_their_clause() -> None:
    text = "He was arrested in late August 1988, then moved. در ۲۴ مرداد ۱۳۶۷ دیدار کرد."
    dates = of_kind("date", text)
    assert [d.text for d in dates] == ["late August 1988", "۲۴ مرداد ۱۳۶۷"]
    assert (
        text[dates[0].context_start : dates[0].context_end] == "He was arrested in late August 1988"
    )


def test_relations_name_their_subject_through_a_pronoun() -> None:
    text = "Hossein-Ali Montazeri objected. He was placed under house arrest."
    (relation,) = of_kind("relation", text)
    assert (relation.relation, relation.subject) == (
        "placed under house arrest",
        "Hossein-Ali Montazeri",
    )


def test_a_list_announced_and_missing_is_a_defect() -> None:
    text = "Three officials took part, including:\n\nAll three deny it."
    (defect,) = of_kind("defect", text)
    assert defect.text == "including:"


def test_an_announced_list_that_follows_is_not_a_defect() -> None:
    assert of_kind("defect", "Three officials took part, including:\n\n- Raisi\n- Nayyeri") == []


def test_a_sentence_contradicting_an_existing_claim_is_a_defect() -> None:
    claim = ExistingClaim(
        "c1", ("Montazeri",), "house_arrest_period", "November 1997 to January 2003"
    )
    text = "Hossein-Ali Montazeri was placed under house arrest until his death in 2009."
    (defect,) = of_kind("defect", text, existing_claims=[claim])
    assert "c1" in (defect.value or "")


def test_a_rejected_proposal_is_not_proposed_again() -> None:
    text = "Amnesty International said so."
    rejected = {p.fingerprint() for p in extract(text, GAZETTEER)}
    assert extract(text, GAZETTEER, rejected=rejected) == []


def test_a_date_is_normalized_when_the_date_parser_is_installed() -> None:
    pytest.importorskip("khavaran.text.dates")
    (date,) = of_kind("date", "در ۲۴ مرداد ۱۳۶۷ دیدار کرد.")
    assert date.normalized_date == "1988-08-15"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("He was executed on 1367/05/10.", "1367/05/10"),
        ("او در تاریخ ۱۳۶۷/۰۵/۱۰ اعدام شد.", "۱۳۶۷/۰۵/۱۰"),
        ("The letter is dated 1988-08-01.", "1988-08-01"),
        ("The letter is dated 01/08/1988.", "01/08/1988"),
    ],
)
def test_a_numeric_date_is_proposed_whole_with_its_day(text: str, span: str) -> None:
    pytest.importorskip("khavaran.text.dates")
    (date,) = of_kind("date", text)
    assert (date.text, date.normalized_date) == (span, "1988-08-01")


def test_a_numeric_date_mixing_separators_is_not_read_as_a_day() -> None:
    (date,) = of_kind("date", "Filed as 1988/08-01.")
    assert date.text == "1988"
