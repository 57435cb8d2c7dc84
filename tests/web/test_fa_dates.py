"""A date a form cannot read is refused in the reader's language, quoting what was typed; the
parser reads and refuses exactly as before (its English is the command line's)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils import translation

from khavaran.text.dates import UnparseableDate, parse_fuzzy_date
from khavaran.web.dates import parse_or_refuse


def _refusal(text: str, language: str) -> str:
    with translation.override(language), pytest.raises(forms.ValidationError) as refused:
        parse_or_refuse(text)
    return str(refused.value.messages[0])


@pytest.mark.parametrize(
    ("typed", "persian"),
    [
        ("xyz", "«xyz» نام ماه، فصل یا گاه‌شمار شناخته‌شده‌ای نیست"),
        ("Mordad Tir 1367", "دو ماه آمده است («tir» دومی است"),
        ("Mordad 1367 AH", "ماهی از گاه‌شمار هجری شمسی با سالی از گاه‌شمار هجری قمری"),
        ("September–July 1988", "آغاز آن (۱۹۸۸-۰۹-۰۱) پس از پایانش (۱۹۸۸-۰۷-۳۱) است"),
        ("1367/13/01", "ماه ۱۳ وجود ندارد"),
        # The month is named in Persian too.
        ("31 Esfand 1367", "روز ۳۱ در اسفند ۱۳۶۷ وجود ندارد (این ماه ۲۹ روز دارد)"),
    ],
)
def test_a_persian_page_refuses_a_date_in_persian(typed: str, persian: str) -> None:
    message = _refusal(typed, "fa")
    assert message.startswith(f"تاریخ «{typed}» خوانده نشد: ")
    assert persian in message
    assert "Write it" not in message


def test_an_english_page_refuses_it_in_english_once() -> None:
    message = _refusal("xyz", "en")
    assert message == (
        'Cannot read the date "xyz": "xyz" is not a month, season or calendar word I know. '
        "Write it, for example, as 1988-08-15, August 1988, Mordad 1367 or ۱۳۶۷/۰۵/۲۴."
    )


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("xyz", '"xyz" is not a month, season or calendar word I know'),
        ("Mordad Tir 1367", 'it gives two months ("tir" is the second; for a span use "–")'),
        ("September–July 1988", "it starts (1988-09-01) after it ends (1988-07-31)"),
        ("1367/13/01", "month 13 does not exist (months run from 1 to 12)"),
        ("15/08/88 1988", "15/08/88 is not a pattern I know (year/month/day or day/month/year)"),
    ],
)
def test_the_parser_still_gives_its_reason_in_english(typed: str, reason: str) -> None:
    with translation.override("fa"), pytest.raises(UnparseableDate) as refused:
        parse_fuzzy_date(typed)
    assert refused.value.reason == reason
    assert str(refused.value).startswith(f'cannot read "{typed}" as a date: {reason}; ')


@pytest.mark.django_db
def test_the_sources_filter_names_the_field_it_refuses_in_persian(
    client_as: Any, cast: Any
) -> None:
    client = client_as("viewer")
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    page = client.get("/sources/?published_from=xyz").content.decode()
    assert "<p>انتشار از: تاریخ «xyz» خوانده نشد:" in page
    assert "published_from" not in page.split('<div id="results">')[1]
