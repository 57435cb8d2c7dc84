r"""CSS in a web page's public copy: without its comments, loading nothing from elsewhere.

The CSS is read as a browser's CSS tokenizer reads it (CSS Syntax 3, section 4), so that what
this module takes for a comment, a string or an address is what a browser takes for one: a
`url(` inside a string is text; an address written with escapes (`\75rl(...)` is `url(...)`)
is an address. The addresses a browser loads are those of url() and src(), the strings in
image-set() and image(), and the string of an @import. Each is kept as `addresses.loaded`
keeps it (a picture embedded in the page, a part of the page such as an SVG gradient's
`url(#fade)`), else written empty (`url("")`, `""`), which loads nothing. A var(), env() or
attr() where an address is read stands for a string this reading cannot see (`--x: "http://…"`
and `image-set(var(--x) 1x)`): it is written as an empty address too. Every other character
is written as it was.

A <style> element's CSS is its bytes read as Latin-1 (`html` never decodes the page's charset).
In Shift_JIS, Big5 and GBK a character's second byte can be a backslash, which CSS would read as
an escape where a browser, reading the whole character, sees none: where a backslash follows
such a byte, the CSS is read a second time with that backslash as no escape, and what either
reading finds is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khavaran.evidence.public_copy.addresses import fragment, loaded

_NON_ASCII = "\u0080-\U0010ffff"
_ESCAPE = r"\\(?:[0-9a-fA-F]{1,6}(?:\r\n|[ \t\n\r\f])?|[^\n\r\f0-9a-fA-F]|\Z)"
_UNESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|(.))", re.S)
_QUOTE_NEXT = re.compile(r"[ \t\n\r\f]*[\"']")
# The functions whose strings are addresses (`image-set("a.png" 1x)`), prefixed or not.
_ADDRESS_FUNCTION = re.compile(r"(?:-[a-z]+-)?(?:image-set|image|src|url)")
# Functions a browser replaces by a value found elsewhere (a custom property, the environment,
# an attribute) before it reads the address they stand in.
_SUBSTITUTED = frozenset({"var", "env", "attr"})
_BACKSLASH_AFTER_NON_ASCII = re.compile(rf"[{_NON_ASCII}]\\")


@dataclass(frozen=True)
class Cleaned:
    text: str
    # The parts of the page it names (`url(#fade)` names `fade`): their ids stay in the copy.
    fragments: frozenset[str]


def cleaned(css: str) -> Cleaned:
    """The CSS without its comments and with empty addresses for what it would load from
    elsewhere (see the module's docstring)."""
    reading = _Reading(css, _ESCAPES)
    text, fragments = reading.run(), reading.fragments
    if _BACKSLASH_AFTER_NON_ASCII.search(text):
        paired = _Reading(text, _BYTE_PAIRS)
        text, fragments = paired.run(), fragments | paired.fragments
    return Cleaned(text, frozenset(fragments))


@dataclass(frozen=True)
class _Syntax:
    token: re.Pattern[str]
    # What follows `url(` in a url token: its address and its `)`.
    url_rest: re.Pattern[str]


def _syntax(*, byte_pairs: bool) -> _Syntax:
    """The tokenizer's patterns; with `byte_pairs`, a backslash after a non-ASCII character
    is part of that character, not an escape."""
    escape = rf"(?<![{_NON_ASCII}]){_ESCAPE}" if byte_pairs else _ESCAPE
    # Inside a string or url: an escaped character, or a pair's second byte.
    escaped = rf"(?:(?<=[{_NON_ASCII}])\\|\\.?)" if byte_pairs else r"\\.?"
    start = rf"(?:[a-zA-Z_{_NON_ASCII}]|{escape})"
    name = rf"(?:[a-zA-Z0-9_\-{_NON_ASCII}]|{escape})"
    ident = rf"(?:--|-?{start}){name}*"
    string = _string('"', "double", escaped) + "|" + _string("'", "single", escaped)
    token = (
        r"(?P<comment>/\*.*?(?:\*/|\Z))"
        rf"|(?P<string>{string})"
        rf"|(?P<at>@{ident})"
        rf"|(?P<ident>{ident})(?P<call>\()?"
        r"|(?P<open>\()|(?P<close>\))|(?P<space>[ \t\n\r\f]+)"
        rf"|(?P<other>[^/\"'\\@()a-zA-Z_\-{_NON_ASCII} \t\n\r\f]+|.)"
    )
    url_rest = rf"[ \t\n\r\f]*(?P<address>[^)\\]*(?:{escaped}[^)\\]*)*)\)?"
    return _Syntax(re.compile(token, re.S), re.compile(url_rest, re.S))


def _string(quote: str, group: str, escaped: str) -> str:
    """A string token: up to its closing quote, a newline (a bad string) or the end."""
    plain = rf"[^{quote}\\\n\r\f]*"
    return rf"{quote}(?P<{group}>{plain}(?:{escaped}{plain})*){quote}?"


_ESCAPES = _syntax(byte_pairs=False)
_BYTE_PAIRS = _syntax(byte_pairs=True)


class _Reading:
    """One reading of the CSS, writing it with its comments and addresses removed."""

    def __init__(self, css: str, syntax: _Syntax) -> None:
        self.css, self.syntax = css, syntax
        self.parts: list[str] = []
        self.copied = 0  # css[copied:] is not written yet
        self.fragments: set[str] = set()
        self.functions: list[str] = []  # the functions the reading is inside, innermost last
        self.after_import = False

    def run(self) -> str:
        at = 0
        while at < len(self.css):
            token = self.syntax.token.match(self.css, at)
            assert token is not None  # `other` matches any character
            at = self._read(token)
        self.parts.append(self.css[self.copied :])
        return "".join(self.parts)

    def _read(self, token: re.Match[str]) -> int:
        """Write what this token becomes; where reading goes on."""
        kind = token.lastgroup
        if kind == "comment":
            self._replace(token.start(), token.end(), "")
        if kind in ("comment", "space"):
            return token.end()
        string_is_address = self.after_import or any(
            _ADDRESS_FUNCTION.fullmatch(name) for name in self.functions
        )
        self.after_import = kind == "at" and _name(token[0][1:]) == "import"
        if kind == "string" and string_is_address:
            written = token["double"] if token["double"] is not None else token["single"]
            self._address(token.start(), token.end(), _unescape(written), '"{}"')
        elif kind == "call":
            name = _name(token["ident"])
            if name == "url" and not _QUOTE_NEXT.match(self.css, token.end()):
                return self._url_token(token)
            if name in _SUBSTITUTED and string_is_address:
                # `image-set(var(--x) 1x)` loads the string the variable holds, which this
                # reading cannot see: the whole call is written as an empty address.
                end = self._call_end(token.end())
                self._replace(token.start(), end, '""')
                return end
            self.functions.append(name)
        elif kind == "open":
            self.functions.append("")
        elif kind == "close" and self.functions:
            self.functions.pop()
        return token.end()

    def _call_end(self, at: int) -> int:
        """Where the function call whose arguments start at `at` ends: after its `)`, or at
        the end of the CSS, as a browser closes what is left open."""
        depth = 1
        while at < len(self.css) and depth:
            token = self.syntax.token.match(self.css, at)
            assert token is not None  # `other` matches any character
            kind = token.lastgroup
            depth += kind in ("call", "open")
            depth -= kind == "close"
            at = token.end()
        return at

    def _url_token(self, token: re.Match[str]) -> int:
        """An unquoted url(...): its address is everything up to `)`."""
        rest = self.syntax.url_rest.match(self.css, token.end())
        assert rest is not None  # matches the empty string
        address = _unescape(rest["address"]).rstrip(" \t\n\r\f")
        self._address(token.start(), rest.end(), address, 'url("{}")')
        return rest.end()

    def _address(self, start: int, end: int, address: str, written_as: str) -> None:
        kept = loaded(address)
        named = fragment(address)
        if kept is not None and named is not None:
            self.fragments.add(named)
        if kept != address:
            self._replace(start, end, written_as.format(kept or ""))

    def _replace(self, start: int, end: int, text: str) -> None:
        self.parts += [self.css[self.copied : start], text]
        self.copied = end


def _name(ident: str) -> str:
    return _unescape(ident).lower()


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(_unescaped, text)


def _unescaped(escape: re.Match[str]) -> str:
    if escape[1] is not None:
        code = int(escape[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code < 0xE000 else "\ufffd"
    return "" if escape[2] is not None else escape[3]
