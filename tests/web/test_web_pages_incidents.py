"""An incident's page gives each figure claimed with its qualifier ("more than 300" is not
"300") under the question's label; lists of incidents show when each happened from start to
end, in both calendars, as its page does."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.accounts.actions import create_user
from khavaran.public_ids import public_id
from khavaran.records import actions
from khavaran.records.models import Incident
from khavaran.web.actions import set_public_site
from tests.factories import ACTOR, make_claim, make_excerpt, make_source

pytestmark = pytest.mark.django_db

FIGURES = [
    (2000, "more than"),
    (300, "more than"),
    (1000, "fewer than"),
    (5500, "about"),
]


@pytest.fixture
def massacre(data_dir: Path, tmp_path: Path) -> Incident:
    """The summer's executions, July to September 1988, with four figures of its dead."""
    excerpt = make_excerpt(make_source(tmp_path, "Figures of the dead differ between sources."))
    july = actions.save_fuzzy_date(date(1988, 7, 1), date(1988, 7, 31), original="July 1988")
    september = actions.save_fuzzy_date(
        date(1988, 9, 1), date(1988, 9, 30), original="September 1988"
    )
    incident = actions.create_incident(
        "Mass executions", kind="execution", actor=ACTOR, start=july, end=september
    )
    for number, qualifier in FIGURES:
        make_claim(
            excerpt,
            subject_incident=incident,
            value_number=number,
            qualifier=qualifier,
            attributed_to=f"Source of {number}",
        )
    set_public_site(True, actor=ACTOR)
    return incident


def _client(language: str, signed_in: bool) -> Client:
    client = Client()
    if signed_in:
        client.force_login(create_user("anna", role="analyst", password="x" * 12, actor=ACTOR))
    client.post("/language/", {"language": language, "next": "/"})
    return client


@pytest.mark.parametrize("prefix", ["", "/public"])
def test_each_figure_is_shown_with_its_qualifier_under_the_question_label(
    massacre: Incident, prefix: str
) -> None:
    ref = public_id("incident", massacre.pk) if prefix else massacre.pk
    page = _client("en", not prefix).get(f"{prefix}/incidents/{ref}/").content.decode()
    shown = [
        '<bdi>300</bdi> <span class="qualifier">(<bdi>more than</bdi>)</span>',
        '<bdi>1,000</bdi> <span class="qualifier">(<bdi>fewer than</bdi>)</span>',
        '<bdi>2,000</bdi> <span class="qualifier">(<bdi>more than</bdi>)</span>',
        '<bdi>5,500</bdi> <span class="qualifier">(<bdi>about</bdi>)</span>',
    ]
    # Lowest first, as on the contested-figure page.
    assert all(figure in page for figure in shown)
    assert [page.index(figure) for figure in shown] == sorted(page.index(f) for f in shown)
    assert "Number of people killed</a>" in page
    assert "number-killed:massacre-1988" not in page
    assert "Source of 300" in page


@pytest.mark.parametrize("prefix", ["", "/public"])
def test_a_persian_reader_sees_each_figure_with_its_qualifier(
    massacre: Incident, prefix: str
) -> None:
    ref = public_id("incident", massacre.pk) if prefix else massacre.pk
    page = _client("fa", not prefix).get(f"{prefix}/incidents/{ref}/").content.decode()
    assert '<bdi>۳۰۰</bdi> <span class="qualifier">(<bdi>more than</bdi>)</span>' in page
    assert '<bdi>۵٬۵۰۰</bdi> <span class="qualifier">(<bdi>about</bdi>)</span>' in page
    assert "number-killed:massacre-1988" not in page


def test_a_claim_page_shows_the_qualifier_the_same_way(massacre: Incident) -> None:
    claim = massacre.claims.get(value_number=5500)  # type: ignore[attr-defined]
    page = _client("en", True).get(f"/claims/{claim.pk}/").content.decode()
    assert '<dd><bdi>5,500</bdi> <span class="qualifier">(<bdi>about</bdi>)</span></dd>' in page


@pytest.mark.parametrize("language", ["en", "fa"])
def test_incident_lists_show_the_whole_range_as_the_incident_page_does(
    massacre: Incident, language: str
) -> None:
    from django.utils import translation

    from khavaran.web.templatetags.khavaran import date_span

    with translation.override(language):
        when: Any = date_span(massacre.start, massacre.end)
    # One span in each calendar: July–September 1988 (10 Tir – 8 Mehr 1367).
    assert when["gregorian"] == {"en": "July–September 1988", "fa": "ژوئیه–سپتامبر ۱۹۸۸"}[language]
    assert when["solar"].count(" – ") == 1
    public, staff = _client(language, False), _client(language, True)
    detail = public.get(f"/public/incidents/{public_id('incident', massacre.pk)}/").content.decode()
    assert when["gregorian"] in detail and when["solar"] in detail
    listed = f"{when['gregorian']} ({when['solar']})"
    for page in (
        public.get("/public/").content.decode(),
        public.get("/public/incidents/").content.decode(),
        staff.get("/incidents/").content.decode(),
    ):
        assert listed in page


def test_the_range_reads_july_to_september_in_both_calendars(massacre: Incident) -> None:
    page = _client("en", False).get("/public/incidents/").content.decode()
    # One span each, start to end: four dates and three dashes could not be told apart.
    assert "July–September 1988 (10 Tir – 8 Mehr 1367)" in page
