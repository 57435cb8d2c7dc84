"""Every interface string has a Persian translation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

PO = (
    Path(__file__).resolve().parents[2] / "khavaran" / "locale" / "fa" / "LC_MESSAGES" / "django.po"
)


def test_it_translates_every_interface_string_to_persian() -> None:
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    # A msgstr is empty when all its quoted parts are: gettext wraps a long one as "" and
    # continuation lines, which is a translation.
    untranslated = [
        e
        for e in entries
        if any(
            _joined(value) == ""
            for value in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', e + "\n", re.M)
        )
    ]
    assert entries
    assert untranslated == []
    assert not any("#, fuzzy" in e for e in entries)


def _catalogue() -> dict[str, str]:
    """msgid -> msgstr of the .po (singular entries)."""
    found: dict[str, str] = {}
    for entry in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        msgid = re.search(r'^msgid ((?:".*"\n)+)', entry + "\n", re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', entry + "\n", re.M)
        if msgid and msgstr:
            found[_joined(msgid.group(1))] = _joined(msgstr.group(1))
    return found


def _joined(quoted: str) -> str:
    return "".join(re.findall(r'"(.*)"', quoted)).replace('\\"', '"')


def test_every_translate_tag_and_gettext_call_is_in_the_catalogue() -> None:
    # A string added after the last makemessages would show in English on the Persian pages.
    web = PO.parents[3] / "web"
    wanted: set[str] = set()
    for template in web.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        # The translate tag looks a string up with its % doubled, as makemessages writes it.
        wanted |= {s.replace("%", "%%") for s in re.findall(r'\{% translate "([^"]+)"', text)}
    for module in web.rglob("*.py"):
        wanted |= set(re.findall(r'\b_\("([^"]+)"\)', module.read_text(encoding="utf-8")))
    assert len(wanted) > 200
    assert sorted(wanted - set(_catalogue())) == []


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    # Django reads the .mo: a .po edited without msgfmt changes nothing on screen.
    import gettext

    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = {
        msgid: msgstr
        for msgid, msgstr in _catalogue().items()
        if msgid and compiled.gettext(msgid) != msgstr.replace("\\n", "\n")
    }
    assert stale == {}


@pytest.mark.django_db
def test_not_found_and_not_allowed_pages_speak_persian_in_the_sites_layout(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("viewer")
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    missing = client.get("/people/999999/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert 'dir="rtl"' in page and "یافت نشد" in page
    forbidden = client.get(f"/history/person/{case['raisi'].pk}/")
    assert forbidden.status_code == 403 and 'dir="rtl"' in forbidden.content.decode()
    assert "(بیننده)" in client.get("/sources/").content.decode()  # the role, in Persian


@pytest.mark.django_db
def test_on_a_persian_page_each_citation_and_its_source_are_isolated_as_they_are_written(
    client_as: Any, case: dict[str, Any]
) -> None:
    # Unisolated, an English quote on a right-to-left page loses its opening quote mark to the
    # far side and comes after its source's title.
    client = client_as("investigator")
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    page = client.get(f"/people/{case['raisi'].pk}/").content.decode()
    # Isolated, and each in its own language (test_web_languages_marked.py).
    assert re.search(r'<bdi lang="(en|fa)"><a href="/sources/', page)
    assert re.search(r'<bdi class="src" lang="(en|fa)">', page)
    source = client.get(f"/sources/{case['english'].pk}/").content.decode()
    assert '<bdi dir="ltr">' in source  # the custody chain's tool and time


def test_when_something_was_done_is_shown_in_both_calendars() -> None:
    from datetime import UTC, date, datetime

    from django.utils import translation

    from khavaran.web.templatetags.khavaran import moment

    # A Persian page writes the log's time in Persian digits too (`rendering.reader_digits`).
    with translation.override("fa"):
        assert (
            moment(datetime(2026, 11, 27, 2, 31, tzinfo=UTC)) == "۲۰۲۶-۱۱-۲۷ ۰۲:۳۱ UTC · ۶ آذر ۱۴۰۵"
        )
    with translation.override("en"):
        assert moment(date(1988, 7, 30)) == "1988-07-30 · 8 Mordad 1367"
