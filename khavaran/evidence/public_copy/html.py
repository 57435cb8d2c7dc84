"""Web pages (.html, .htm): the page as it shows, without what names who wrote or saved it.

What a web page gives away besides what it shows:
- its <meta> elements: author, generator, og:/article:/dc./twitter: properties, the address a
  browser extension saved it from (savepage-url), schema.org values (itemprop);
- comments: "saved from url=(0052)https://...", SingleFile's note of when and from where it was
  saved, a content system's notes;
- <link rel=author|me|publisher|openid...>, a shortlink with the post's id, an edit address;
- scripts and what they carry: analytics and advertising ids, the signed-in user of the page it
  was saved from (also in <noscript> pixels, event handlers and javascript: links);
- hidden form fields (a session's or user's id) and RDFa `content` values, which no reader sees.

The copy keeps every other byte as it was: the text is never decoded and encoded again, so it
says what the original says, in the original's charset, with the <meta charset> the page
declares (only fewer bytes before it). This works on the bytes because a page's markup is ASCII
in every charset a browser reads pages in, except UTF-16 (re-encoded here as UTF-8, with its
byte-order mark, which a browser obeys over any declaration) and ISO-2022 (refused).

The page is read as a browser's HTML tokenizer reads it (WHATWG HTML, 13.2.5), so that what
this module takes for a comment, a tag or a script is what a browser takes for one. Removing a
comment can join what was around it into a new tag (`<<!-- -->script>`): the copy is cleaned
again until a pass changes nothing. Where a browser's reading depends on the tree (inline SVG
or MathML, a script that hides `</script>` in a comment), the copy removes more, or is refused,
never less.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html import unescape
from typing import BinaryIO

from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Data

# Removing a comment can join `<` and `script>` only once per pass; a page that needs more
# passes than this was written to defeat the cleaner.
_MAX_PASSES = 8
_WS = b"\t\n\f\r "
_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ATTR_NAME = re.compile(rb"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED = re.compile(rb"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(rb"--!?>")
# Elements whose content a browser reads as text up to their end tag (RAWTEXT and RCDATA).
_RAW_TEXT = frozenset({b"style", b"xmp", b"iframe", b"noembed", b"noframes", b"title", b"textarea"})
# Removed with their content: scripts, and what a browser shows only without them (analytics
# pixels with the site's id). Ingest never took a page's text from either.
_DROPPED = frozenset({b"script", b"noscript"})
_FOREIGN = re.compile(rb"<(?:svg|math)[\t\n\f\r />]", re.I)
# A <link> is kept only when it makes the page look as it did: a style sheet, an icon.
_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon"})
_LINK_ATTRIBUTES = frozenset({"rel", "href", "type", "media", "sizes", "crossorigin", "integrity"})
_CHARSET = re.compile(r"[A-Za-z0-9._:-]+")
_CONTENT_TYPE = re.compile(r"\s*[\w.+-]+/[\w.+-]+\s*(;\s*charset\s*=\s*[\w.:-]+\s*)?", re.I)
_VIEWPORT = re.compile(r"[\w\s=,.;-]*")
# Attribute values a browser runs as script when followed or loaded.
_SCRIPT_URL = re.compile(
    r"(javascript|vbscript|livescript):|data:(text/html|application/|image/svg)", re.I
)
_INVISIBLE = re.compile(r"[\x00-\x20]+")


@dataclass(frozen=True)
class _Attribute:
    name: str  # lower case, as a browser matches it
    value: str  # with character references read (`rel="&#97;uthor"` is author)
    raw: bytes  # as written, from its name to the end of its value


@dataclass(frozen=True)
class _Tag:
    name: bytes  # lower case
    raw_name: bytes
    attributes: tuple[_Attribute, ...]
    self_closing: bool
    end: int  # just after its `>`

    def get(self, name: str) -> str | None:
        return next((a.value for a in self.attributes if a.name == name), None)


def html(data: Data, out: BinaryIO) -> None:
    """Write the page without comments, scripts, hidden values and the <meta> and <link>
    elements that describe its makers; everything else byte for byte.

    Raises:
        NoPublicCopy: a page in a charset whose bytes do not show its markup (UTF-32,
            ISO-2022), or whose scripts a browser reads in a way this module does not follow.
    """
    page = _ascii_compatible(bytes(data))
    for _ in range(_MAX_PASSES):
        cleaned = _Pass(page).run()
        if cleaned == page:
            out.write(page)
            return
        page = cleaned
    raise NoPublicCopy("the page's markup keeps forming new comments or scripts when cleaned")


def _ascii_compatible(page: bytes) -> bytes:
    """The page in a charset whose markup is ASCII bytes: as it is, or UTF-16 as UTF-8."""
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if page.startswith(bom) and not page.startswith(codecs.BOM_UTF32_LE):
            try:
                text = page.decode("utf-16")
            except UnicodeDecodeError:
                raise NoPublicCopy("the page says it is UTF-16 but is not") from None
            return codecs.BOM_UTF8 + text.encode("utf-8")
    if b"\x00" in page or b"\x1b" in page:
        # UTF-16 without its mark, UTF-32, ISO-2022-JP: the bytes are not the markup.
        raise NoPublicCopy("the page is in a charset whose bytes this cleaner cannot read")
    return page


class _Pass:
    """One reading of the page, writing what it keeps."""

    def __init__(self, page: bytes) -> None:
        self.page = page
        self.kept: list[bytes] = []
        # In SVG and MathML, <style> and <title> hold markup, not text: with either on the
        # page, their content is cleaned as markup everywhere (removing more, never less).
        self.raw_text = _RAW_TEXT if _FOREIGN.search(page) is None else frozenset()

    def run(self) -> bytes:
        page, at = self.page, 0
        while at < len(page):
            lt = page.find(b"<", at)
            if lt < 0:
                self.kept.append(page[at:])
                break
            self.kept.append(page[at:lt])
            at = self._markup(lt)
        return b"".join(self.kept)

    def _markup(self, lt: int) -> int:
        """Read what starts at `<`; keep what is kept; where reading goes on."""
        page = self.page
        following = page[lt + 1 : lt + 2]
        if following == b"!":
            return self._declaration(lt)
        if following == b"?":
            return _past(page, b">", lt)  # a processing instruction is a comment in HTML
        if following == b"/":
            return self._end_tag(lt)
        if following and following[0] in _LETTERS:
            return self._start_tag(lt)
        self.kept.append(b"<")
        return lt + 1

    def _declaration(self, lt: int) -> int:
        page = self.page
        if page.startswith(b"<!--", lt):
            if page.startswith(b">", lt + 4):
                return lt + 5
            if page.startswith(b"->", lt + 4):
                return lt + 6
            end = _COMMENT_END.search(page, lt + 4)
            return end.end() if end else len(page)
        if page[lt + 2 : lt + 9].lower() == b"doctype":
            past = _past(page, b">", lt)
            self.kept.append(page[lt:past])
            return past
        if page.startswith(b"<![CDATA[", lt):
            # Text in SVG, a comment elsewhere: removed either way.
            cdata = page.find(b"]]>", lt)
            return cdata + 3 if cdata >= 0 else len(page)
        return _past(page, b">", lt)

    def _end_tag(self, lt: int) -> int:
        page = self.page
        if page[lt + 2 : lt + 3] == b">":
            return lt + 3  # `</>` is nothing
        if not page[lt + 2 : lt + 3] or page[lt + 2] not in _LETTERS:
            return _past(page, b">", lt)  # a comment in a browser's reading
        tag = _read_tag(page, lt + 2)
        if tag is None:
            return len(page)  # a tag cut off by the end of the file is never shown
        self.kept.append(page[lt : tag.end])
        return tag.end

    def _start_tag(self, lt: int) -> int:
        page = self.page
        tag = _read_tag(page, lt + 1)
        if tag is None:
            return len(page)
        if tag.name in _DROPPED:
            return self._past_element(tag, drop=True)
        kept = _kept_tag(tag)
        if kept is not None:
            self.kept.append(kept if kept else page[lt : tag.end])
        if tag.name == b"plaintext":
            self.kept.append(page[tag.end :])
            return len(page)
        if tag.name in self.raw_text:
            return self._past_element(tag, drop=False)
        return tag.end

    def _past_element(self, tag: _Tag, *, drop: bool) -> int:
        """Past a raw-text element's content (kept, or dropped with its end tag)."""
        page = self.page
        end = re.compile(rb"</" + re.escape(tag.name) + rb"[\t\n\f\r />]", re.I)
        found = end.search(page, tag.end)
        close = found.start() if found else len(page)
        content = page[tag.end : close]
        if tag.name == b"script" and _hides_its_end(content, foreign=not self.raw_text):
            raise NoPublicCopy("the page has a script whose end a browser finds elsewhere")
        if not drop:
            self.kept.append(content)
            return close
        if found is None:
            return len(page)
        end_tag = _read_tag(page, close + 2)
        return end_tag.end if end_tag else len(page)


def _hides_its_end(script: bytes, *, foreign: bool) -> bool:
    """Whether a browser may read past this `</script>` (a script that writes `<script>` in
    an HTML comment; in SVG, a comment or CDATA section around it)."""
    lowered = script.lower()
    comment = lowered.find(b"<!--")
    if foreign:
        return comment >= 0 or b"<![cdata[" in lowered
    return comment >= 0 and re.search(rb"<script[\t\n\f\r />]", lowered[comment:]) is not None


def _past(page: bytes, token: bytes, start: int) -> int:
    found = page.find(token, start)
    return found + len(token) if found >= 0 else len(page)


def _kept_tag(tag: _Tag) -> bytes | None:
    """The tag as the copy writes it: b"" as it is, its rewritten bytes, or None (dropped)."""
    if tag.name == b"meta":
        attributes = _meta_attributes(tag)
    elif tag.name == b"link":
        attributes = _link_attributes(tag)
    elif tag.name == b"input" and (tag.get("type") or "").strip().lower() == "hidden":
        attributes = None
    else:
        attributes = tuple(a for a in tag.attributes if _harmless(a))
    if attributes is None:
        return None
    if attributes == tag.attributes:
        return b""
    written = b"".join(b" " + a.raw for a in attributes)
    return b"<" + tag.raw_name + written + (b" />" if tag.self_closing else b">")


def _harmless(attribute: _Attribute) -> bool:
    """Not a script (an event handler, a srcdoc page, a javascript: address), nor a value no
    reader sees (RDFa's `content`, which is <meta>'s `content` on any element)."""
    name = attribute.name
    if name.startswith("on") or name in ("srcdoc", "content"):
        return False
    return _SCRIPT_URL.match(_INVISIBLE.sub("", attribute.value)) is None


def _meta_attributes(tag: _Tag) -> tuple[_Attribute, ...] | None:
    """What a kept <meta> keeps: its charset, its content type, or the viewport; nothing else
    (a <meta charset> that also names an author keeps only its charset)."""
    kept: list[_Attribute] = []
    charset = tag.get("charset")
    if charset is not None and _CHARSET.fullmatch(charset.strip()):
        kept.extend(a for a in tag.attributes if a.name == "charset")
    content = tag.get("content") or ""
    equiv = (tag.get("http-equiv") or "").strip().lower()
    if equiv == "content-type" and _CONTENT_TYPE.fullmatch(content):
        kept.extend(a for a in tag.attributes if a.name in ("http-equiv", "content"))
    elif (tag.get("name") or "").strip().lower() == "viewport" and _VIEWPORT.fullmatch(content):
        kept.extend(a for a in tag.attributes if a.name in ("name", "content"))
    return tuple(kept) or None


def _link_attributes(tag: _Tag) -> tuple[_Attribute, ...] | None:
    """What a kept <link> keeps: a style sheet's or icon's address and how to load it."""
    rels = set((tag.get("rel") or "").lower().split())
    if not rels or not rels <= _LINK_RELS:
        return None
    return tuple(a for a in tag.attributes if a.name in _LINK_ATTRIBUTES and _harmless(a))


def _read_tag(page: bytes, at: int) -> _Tag | None:
    """The tag whose name starts at `at` (after `<` or `</`), read as a browser does; None
    when the file ends inside it."""
    name_end = at
    while name_end < len(page) and page[name_end] not in b"\t\n\f\r />":
        name_end += 1
    attributes: list[_Attribute] = []
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
            return _Tag(raw_name.lower(), raw_name, tuple(attributes), self_closing, pos + 1)
        attribute, pos = _read_attribute(page, pos)
        if attribute is None:
            return None
        attributes.append(attribute)
        last_end = pos


def _read_attribute(page: bytes, start: int) -> tuple[_Attribute | None, int]:
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
    return _Attribute(name, text, page[start:end]), end
