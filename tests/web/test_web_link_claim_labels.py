"""The element-link form offers claims by what they say, in the reader's language (the topic
of the question, its subject, the value, whom the source attributes it to), never by their
question keys; a subject is named only to a reader who may read it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from khavaran.demo.case_file import load_demo_case
from khavaran.records import access
from khavaran.records.actions import create_incident
from khavaran.web.case_forms import LinkForm
from tests.factories import make_claim, make_excerpt

pytestmark = pytest.mark.django_db
KEY = re.compile(r"[a-z]+[-_][a-z]+(?:[-_:][a-z0-9]+)*:")


def claim_options(page: str) -> list[str]:
    select = page.split('name="claim"')[1].split("</select>")[0]
    return re.findall(r"<option value=\"\d+\">(.*?)</option>", select)


def link_form(user: Any, **kwargs: Any) -> LinkForm:
    return LinkForm(
        crimes=[],
        people=access.people_visible_to(user),
        excerpts=None,
        claims=access.claims_visible_to(user).order_by("pk"),
        **kwargs,
    )


def test_the_link_form_offers_claims_in_words_not_keys(
    client_as: Any, case: dict[str, Any]
) -> None:
    demo = load_demo_case(actor="test")
    page = client_as("investigator").get(f"/cases/{demo.pk}/link/").content.decode()
    options = claim_options(page)
    assert options and not [o for o in options if KEY.search(o)]
    # The page's form names each claim's subject the investigator may read.
    toll = [o for o in options if "2,000, according to Amnesty International (1990)" in o]
    assert toll and toll[0].startswith("Number of people killed: ") and toll[0].count(": ") == 2


def test_with_the_reader_each_claim_names_its_subject_in_the_readers_language(
    cast: dict[str, Any], case: dict[str, Any]
) -> None:
    user = cast["investigator"]
    with translation.override("fa"):
        labels = dict(link_form(user, reader=user).fields["claim"].choices)
    birth = next(str(v) for k, v in labels.items() if str(k) and "ابراهیم رئیسی" in str(v))
    assert birth.startswith("تولد: ابراهیم رئیسی: ")
    toll = [str(v) for v in labels.values() if "۲٬۰۰۰" in str(v)]
    assert toll and toll[0].startswith("شمار کشته‌شدگان: ")
    assert not [v for v in labels.values() if KEY.search(str(v))]


def test_a_subject_the_reader_may_not_read_is_not_named(
    cast: dict[str, Any], case: dict[str, Any]
) -> None:
    public = make_excerpt(case["english"])
    secret = make_excerpt(case["testimony"])
    hidden = create_incident(
        "Secret hearing at Gohardasht",
        kind="trial",
        excerpts=[secret],
        confidentiality="confidential",
        actor="test",
    )
    claim = make_claim(public, question="number-killed:hearing", subject_incident=hidden)
    viewer, investigator = cast["viewer"], cast["investigator"]
    shown = dict(link_form(viewer, reader=viewer).fields["claim"].choices)
    assert "Secret hearing" not in str(shown[claim.pk])
    told = dict(link_form(investigator, reader=investigator).fields["claim"].choices)
    assert "Secret hearing at Gohardasht" in str(told[claim.pk])
