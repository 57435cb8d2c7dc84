"""Every interface string has a Persian translation."""

from __future__ import annotations

import re
from pathlib import Path

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
