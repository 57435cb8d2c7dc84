"""Keeping invisible format characters through trafilatura, which drops every non-printable one.

The zero-width non-joiner is part of Persian spelling ("اعدام‌شدگان" is not "اعدامشدگان"), and
bidi marks keep mixed Persian and Latin in order; a citation must find them where they were.
"""

from __future__ import annotations

import re

# Format characters (Unicode category Cf) that text, rather than markup, uses.
_FORMAT_CHARS = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069]")
# Stand-ins must be printable to survive, and absent from any real source: Egyptian hieroglyphs.
_STAND_IN_BASE = 0x13000


def protect(html: str) -> tuple[str, dict[str, str]]:
    """Replace format characters by printable stand-ins; returns the page and the way back."""
    found = sorted(set(_FORMAT_CHARS.findall(html)))
    if not found:
        return html, {}
    stand_ins = (chr(code) for code in range(_STAND_IN_BASE, _STAND_IN_BASE + 1_000))
    back: dict[str, str] = {}
    for char in found:
        stand_in = next(s for s in stand_ins if s not in html)
        back[stand_in] = char
        html = html.replace(char, stand_in)
    return html, back


def restore(text: str, back: dict[str, str]) -> str:
    """Undo `protect` on text taken from the protected page."""
    for stand_in, char in back.items():
        text = text.replace(stand_in, char)
    return text
