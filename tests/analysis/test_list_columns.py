"""Cells that say a value is unknown ("؟", "?", "-", "unknown", "نامعلوم") are read as empty."""

from __future__ import annotations

import pytest

from khavaran.analysis.models import ListRecord
from khavaran.analysis.rows import parse_row

HEADERS = ["نام", "سال تولد", "تاریخ اعدام", "شهر"]
MAPPING = {"full_name": "نام", "birth_year": "سال تولد", "death_date": "تاریخ اعدام", "city": "شهر"}


@pytest.mark.parametrize("unknown", ["؟", "?", "-", "unknown", "Unknown", "نامعلوم", "N/A"])
def test_an_unknown_date_or_place_is_an_empty_cell_kept_verbatim(unknown):
    row = parse_row(1, ["علی کاظمی", unknown, unknown, unknown], HEADERS, MAPPING)
    assert row.normalized == {"full_name": "علی کاظمی"}
    assert row.original["سال تولد"] == unknown


def test_a_question_mark_in_a_date_is_still_refused():
    with pytest.raises(ValueError, match="cannot read"):
        parse_row(1, ["علی", "13?9", "", ""], HEADERS, MAPPING)


def test_a_question_mark_for_a_digit_is_refused_with_the_span_to_write():
    with pytest.raises(ValueError) as refusal:
        parse_row(1, ["علی", "۱۳؟۷", "", ""], HEADERS, MAPPING)
    assert 'a digit is written "?"; give the years it can be, 1307–1397' in str(refusal.value)


def test_a_refused_date_is_quoted_as_the_list_wrote_it():
    with pytest.raises(ValueError) as refusal:
        parse_row(3, ["علی", "", "۱۳۶۷/۱۳/۴۵", ""], HEADERS, MAPPING)
    message = str(refusal.value)
    assert message.startswith("row 3: column 'تاریخ اعدام': cannot read \"۱۳۶۷/۱۳/۴۵\" as a date")
    assert "month 13 does not exist" in message


@pytest.mark.django_db
def test_a_list_with_unknown_birth_years_is_imported(khavaran, tmp_path):
    text = "نام,سال تولد\nعلی کاظمی,؟\nرضا کریمی,?\nحسن نوری,1340\n"
    (tmp_path / "q.csv").write_text(text, encoding="utf-8")
    result = khavaran("lists", "import", str(tmp_path / "q.csv"), "--name", "q")
    assert result.exit_code == 0, result.output
    births = [r.normalized.get("birth_year") for r in ListRecord.objects.order_by("row_number")]
    assert births == [None, None, "1340"]
