"""A case's history reads as the other histories do ("label: old → new", the event as
recorded folded beneath for the staff), in English and Persian; the case's wide tables scroll
in their own box on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from khavaran.demo.case_file import load_demo_case
from khavaran.records.cases import set_crimes
from khavaran.records.models import ElementLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(case: dict[str, Any]) -> Any:
    return load_demo_case(actor="test")


def _changes(page: str) -> list[str]:
    return re.findall(r'<ul class="changes">(.*?)</ul>', page, flags=re.S)


def _add_torture(case: Any) -> None:
    crimes = [c for c in case.crimes if c != "cah.torture"]
    set_crimes(case, [*crimes, "cah.torture"], actor="ines", reason="torture alleged too")


def test_the_case_history_says_what_changed_in_words(client_as: Any, demo: Any) -> None:
    _add_torture(demo)
    page = client_as("reviewer").get(f"/history/case/{demo.pk}/").content.decode()
    latest = _changes(page)[0]
    assert '<span class="field">Crimes alleged</span>: ' in latest
    assert "Murder" in latest and "; Torture</bdi>" in latest and "cah.torture" not in latest
    # The raw event is still there for staff, folded.
    assert '<details class="raw"><summary>The event as recorded</summary>' in page
    assert "cah.torture" in page.split('<details class="raw">')[1]


def test_a_link_in_the_case_history_is_labelled(client_as: Any, demo: Any) -> None:
    link = ElementLink.objects.filter(case=demo).order_by("pk").first()
    assert link is not None
    page = client_as("reviewer").get(f"/history/link/{link.pk}/").content.decode()
    created = _changes(page)[-1]
    assert '<span class="field">Element</span>: ' in created
    assert '<span class="field">Strength</span>: ' in created
    assert f">{link.element}<" not in created


def test_a_persian_reader_reads_the_case_history_in_persian(client_as: Any, demo: Any) -> None:
    _add_torture(demo)
    client = client_as("reviewer")
    client.post("/language/", {"language": "fa", "next": "/"})
    latest = _changes(client.get(f"/history/case/{demo.pk}/").content.decode())[0]
    assert '<span class="field">جنایات ادعاشده</span>' in latest and "←" in latest
    assert "شکنجه" in latest


def test_the_case_tables_scroll_in_their_own_box(client_as: Any, demo: Any) -> None:
    page = client_as("analyst").get(f"/cases/{demo.pk}/").content.decode()
    tables = page.count("<table")
    assert tables > 0 and page.count('<div class="wide"><table') == tables
    history = client_as("reviewer").get(f"/history/case/{demo.pk}/").content.decode()
    assert '<div class="wide"><table class="list history">' in history
