"""Every interface string has a Persian translation."""

from __future__ import annotations

import re
from pathlib import Path

PO = (
    Path(__file__).resolve().parents[2] / "khavaran" / "locale" / "fa" / "LC_MESSAGES" / "django.po"
)


def test_it_translates_every_interface_string_to_persian() -> None:
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$', e, re.M)]
    assert entries
    assert untranslated == []
    assert not any("#, fuzzy" in e for e in entries)
