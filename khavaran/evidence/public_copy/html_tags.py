"""A web page's tags read as a browser's HTML tokenizer reads them (WHATWG HTML, 13.2.5): a
tag's name, its attributes with their values, and where it ends, so that what the public copy
takes for a tag or an attribute (`html`, `html_attributes`) is what a browser takes for one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

_WS = b"\t\n\f\r "
_ATTR_NAME = re.compile(rb"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED = re.compile(rb"[^\t\n\f\r >]*")


@dataclass(frozen=True)
class Attribute:
    name: str  # lower case, as a browser matches it
    value: str  # with character references read (`rel="&#97;uthor"` is author)
    raw: bytes  # as written, from its name to the end of its value


@dataclass(frozen=True)
class Tag:
    name: bytes  # lower case
    raw_name: bytes
    attributes: tuple[Attribute, ...]
    self_closing: bool
    end: int  # just after its `>`

    def get(self, name: str) -> str | None:
        return next((a.value for a in self.attributes if a.name == name), None)


def read_tag(page: bytes, at: int) -> Tag | None:
    """The tag whose name starts at `at` (after `<` or `</`), read as a browser does; None
    when the file ends inside it."""
    name_end = at
    while name_end < len(page) and page[name_end] not in b"\t\n\f\r />":
        name_end += 1
    attributes: list[Attribute] = []
    pos = last_end = name_end
    while True:
        while pos < len(page) and page[pos] in b"\t\n\f\r /":
            pos += 1
        if pos >= len(page):
            return None
        if page[pos] == ord(">"):
            # `/>` closes the tag itself, unless the `/` ends an unquoted value (`href=x/>`).
            self_closing = page[pos - 1] == ord("/") and pos - 1 >= name_end and last_end != pos
            raw_name = page[at:name_end]
            return Tag(raw_name.lower(), raw_name, tuple(attributes), self_closing, pos + 1)
        attribute, pos = _read_attribute(page, pos)
        if attribute is None:
            return None
        attributes.append(attribute)
        last_end = pos


def _read_attribute(page: bytes, start: int) -> tuple[Attribute | None, int]:
    name_match = _ATTR_NAME.match(page, start)
    assert name_match is not None  # `start` is not whitespace, `/` or `>`
    pos = name_match.end()
    after_name = pos
    while pos < len(page) and page[pos] in _WS:
        pos += 1
    value, end = b"", after_name
    if page[pos : pos + 1] == b"=":
        pos += 1
        while pos < len(page) and page[pos] in _WS:
            pos += 1
        quote = page[pos : pos + 1]
        if quote in (b'"', b"'"):
            close = page.find(quote, pos + 1)
            if close < 0:
                return None, len(page)
            value, end = page[pos + 1 : close], close + 1
        else:
            unquoted = _UNQUOTED.match(page, pos)
            assert unquoted is not None  # matches the empty string
            value, end = unquoted.group(), unquoted.end()
    name = name_match.group().lower().decode("latin-1")
    text = unescape(value.decode("latin-1"))
    return Attribute(name, text, page[start:end]), end
