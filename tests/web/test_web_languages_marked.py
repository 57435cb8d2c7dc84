"""Text in the other language is marked as such (WCAG 3.1.2) and isolated: a screen reader
reads a Persian quote on an English page with a Persian voice, and an English incident title
on a Persian page leaves the date after it whole."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pytest
from django.test import Client

from khavaran.records.models import Incident

pytestmark = pytest.mark.django_db


def _persian(client: Client) -> Client:
    client.post("/language/", {"language": "fa", "next": "/"})
    return client


def test_quotes_and_source_titles_carry_their_own_language(
    client_as: Any, case: dict[str, Any]
) -> None:
    page = client_as("investigator").get(f"/incidents/{case['massacre'].pk}/").content.decode()
    cited = re.findall(r'<li><bdi lang="(fa|en)"><a href="/sources/\d+/\?excerpt', page)
    assert "fa" in cited and "en" in cited
    titles = re.findall(r'<bdi class="src" lang="(fa|en)">', page)
    assert len(titles) == len(cited)


def test_an_english_incident_title_is_isolated_on_the_persian_memorial(
    client_as: Any, case: dict[str, Any]
) -> None:
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    english = Incident.objects.filter(confidentiality="public").exclude(title__regex=r"[آ-ی]")
    assert english.exists()
    page = _persian(client_as(None)).get("/public/").content.decode()
    for incident in english:
        assert f'<bdi lang="en">{escape(incident.title)}</bdi></a>' in page


def test_a_persian_reader_sees_each_accused_once_with_the_latin_name_beside(
    client_as: Any, case: dict[str, Any]
) -> None:
    from khavaran.demo.case_file import load_demo_case

    demo = load_demo_case(actor="admin")
    page = _persian(client_as("investigator")).get(f"/cases/{demo.pk}/").content.decode()
    accused = page.split('<section id="accused">', 1)[1].split("</section>", 1)[0]
    assert accused.count("ابراهیم رئیسی") == 1
    assert '<bdi lang="en">Ebrahim Raisi</bdi>' in accused
