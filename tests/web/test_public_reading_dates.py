"""Dates on the public memorial as a family reads them: a claimed date of birth or death in both
calendars (the reader's first, as every other date), never a bare "2009-12-19"; and when
something happened as one span that reads one way: "July–September 1988", not four dates and
three dashes; an end known only to its year not shown as if it came before the start; a
one-day event's day once."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.template import Context
from django.utils import translation

from khavaran.public_ids import public_id
from khavaran.records.models import Claim, Incident, Person
from khavaran.web.templatetags import khavaran as tags
from khavaran.web.templatetags.fact_lists import timeline_items
from tests.web.public_reader import page_at, public_reader

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- A claimed date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown"),
    [("fa", "۲ شهریور ۱۳۶۷ (۲۴ اوت ۱۹۸۸)"), ("en", "24 August 1988 (2 Shahrivar 1367)")],
)
def test_a_claimed_date_of_death_reads_in_both_calendars_the_readers_first(
    language: str, shown: str
) -> None:
    claim = Claim(question="death:someone", predicate="death_date", value_text="1988-08-24")
    with translation.override(language):
        assert tags.claim_value(claim) == shown
        assert tags.claim_kind(claim) == "date"


def test_a_row_that_brings_only_the_question_is_read_as_a_date_by_its_topic() -> None:
    # The person page's rows of claims have no property: "death:…" and "birth:…" say it.
    row = SimpleNamespace(
        question="birth:x", value_text="1959", value_number=None, value_min=None, value_max=None
    )
    with translation.override("en"):
        assert tags.claim_value(row) == "1959 (1337–1338)"


def test_figures_and_words_are_not_dates() -> None:
    with translation.override("fa"):
        figure = Claim(question="number-killed:x", predicate="victim_count", value_number=4000)
        assert tags.claim_value(figure) == "۴٬۰۰۰"
        assert tags.claim_kind(figure) == "figure"
        words = Claim(question="house-arrest:x", predicate="said", value_text="until 2009")
        assert tags.claim_value(words) == "until 2009"
        assert tags.claim_kind(words) == "words"
        # A date property whose words are not a date stays as the source gives it.
        vague = Claim(question="death:x", predicate="death_date", value_text="after the war")
        assert tags.claim_value(vague) == "after the war"


@pytest.mark.parametrize(
    ("language", "shown"),
    [("fa", "۲۸ آذر ۱۳۸۸ (۱۹ دسامبر ۲۰۰۹)"), ("en", "19 December 2009 (28 Azar 1388)")],
)
def test_the_claim_page_and_the_person_page_show_the_date_not_its_stored_form(
    client_as: Any, case: Any, language: str, shown: str
) -> None:
    claim = Claim.objects.get(question="death:montazeri")
    person = Person.objects.get(key="montazeri")
    client = public_reader(client_as, language)
    for url in (
        f"/public/claims/{public_id('claim', claim.pk)}/",
        f"/public/people/{public_id('person', person.pk)}/",
    ):
        page = page_at(client, url)
        assert shown in page, url
        assert "2009-12-19" not in page and "۲۰۰۹-۱۲-۱۹" not in page, url


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_search_snippet_shows_a_claimed_date_as_the_claim_page_does(
    client_as: Any, case: Any, language: str
) -> None:
    page = page_at(public_reader(client_as, language), "/public/search/?q=Montazeri+died")
    snippets = re.findall(r'<p class="snippet" dir="auto">(.*?)</p>', page, re.DOTALL)
    shown = "۲۸ آذر ۱۳۸۸" if language == "fa" else "19 December 2009 (28 Azar 1388)"
    if connection.vendor == "sqlite":
        # SQLite's snippet of a claim opens with its value; PostgreSQL's is a fragment around
        # the words found, which may leave the value out, but never shows it raw.
        assert any(s.startswith(shown) for s in snippets)
    assert snippets and "2009-12-19" not in page


def test_the_claim_page_names_its_other_versions_by_what_the_value_is(
    client_as: Any, case: Any
) -> None:
    client = public_reader(client_as, "en")
    death = Claim.objects.get(question="death:montazeri")
    figure = Claim.objects.filter(value_number__isnull=False, confidentiality="public").first()
    words = Claim.objects.filter(predicate="said", confidentiality="public").first()
    assert figure is not None and words is not None
    dated = page_at(client, f"/public/claims/{public_id('claim', death.pk)}/")
    assert "All accounts of this date" in dated and "this figure" not in dated
    assert "All versions of this figure" in page_at(
        client, f"/public/claims/{public_id('claim', figure.pk)}/"
    )
    worded = page_at(client, f"/public/claims/{public_id('claim', words.pk)}/")
    assert "All versions</a>" in worded and "this figure" not in worded
    contested = page_at(client, f"/public/claims/question/{death.question}/")
    assert "Contested figure" not in contested


# --- When something happened ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "gregorian", "solar"),
    [
        ("en", "July–September 1988", "10 Tir – 8 Mehr 1367"),
        ("fa", "ژوئیه–سپتامبر ۱۹۸۸", "۱۰ تیر – ۸ مهر ۱۳۶۷"),
    ],
)
def test_the_massacre_reads_as_one_span_in_each_calendar(
    client_as: Any, case: Any, language: str, gregorian: str, solar: str
) -> None:
    massacre = case["massacre"]
    with translation.override(language):
        assert tags.date_span(massacre.start, massacre.end) == {
            "gregorian": gregorian,
            "solar": solar,
        }
    listed = page_at(public_reader(client_as, language), "/public/incidents/")
    assert f"{gregorian} ({solar})" in listed
    # Never two ranges joined by a third dash.
    assert not re.search(r"\d – [^()]*\d – ", _text(listed))


def test_an_end_known_only_to_its_year_is_not_shown_as_if_before_the_start(case: Any) -> None:
    burial = Incident.objects.get(key="khavaran-burials")  # July 1988 to "1988"
    with translation.override("en"):
        when = tags.date_span(burial.start, burial.end)
    assert when == {
        "gregorian": "from July 1988 to some time in 1988",
        "solar": "10 Tir – 10 Dey 1367",
    }


def test_a_span_from_a_day_to_a_month_keeps_each_as_the_source_gave_it(case: Any) -> None:
    detention = Incident.objects.get(key="ahmad-montazeri-detention")  # 2017-02-22 to 2017-03
    with translation.override("en"):
        when = tags.date_span(detention.start, detention.end)
    assert when == {
        "gregorian": "22 February – March 2017",
        "solar": "4 Esfand 1395 – 11 Farvardin 1396",
    }


def test_a_one_day_event_shows_its_day_once_on_a_person_page(client_as: Any, case: Any) -> None:
    person = Person.objects.get(key="montazeri")  # present at the meeting of 15 August 1988
    page = page_at(
        public_reader(client_as, "en"), f"/public/people/{public_id('person', person.pk)}/"
    )
    whens = re.findall(r'<span class="when">(.*?)</span>\n', page)
    assert [_text(when).strip() for when in whens] == ["15 August 1988 (24 Mordad 1367)"]


def _day(earliest: date, latest: date, original: str) -> dict[str, Any]:
    return {
        "earliest": earliest,
        "latest": latest,
        "original": original,
        "calendar": "gregorian",
        "precision": "month",
        "gregorian": "-",
        "solar": "-",
    }


def test_the_timeline_writes_a_span_as_date_span_does_given_the_dates_days() -> None:
    """A timeline row that brings its dates' days (`DATE_FIELDS`) is written by `date_span`."""
    july = _day(date(1988, 7, 1), date(1988, 7, 31), "1988-07")
    september = _day(date(1988, 9, 1), date(1988, 9, 30), "1988-09")
    entry = {
        "kind": "incident",
        "role": "victim",
        "incident_id": 1,
        "incident_title": "Mass execution",
        "start": july,
        "end": september,
        "citations": [],
    }
    with translation.override("en"):
        html = timeline_items(Context({"prefix": "/public"}), [entry])
    when = html.split('<span class="when">', 1)[1].split("</span>\n", 1)[0]
    assert when == 'July–September 1988 <span class="alt">(10 Tir – 8 Mehr 1367)</span>'
