"""Web pages (.html, .htm): the page as it shows, without what names who wrote or saved it.

What a web page gives away besides what it shows:
- its <meta> elements: author, generator, og:/article:/dc./twitter: properties, the address a
  browser extension saved it from (savepage-url), schema.org values (itemprop);
- comments: "saved from url=(0052)https://...", SingleFile's note of when and from where it was
  saved, a content system's notes;
- <link rel=author|me|publisher|openid...>, a shortlink with the post's id, an edit address;
- scripts and what they carry: analytics and advertising ids, the signed-in user of the page it
  was saved from (also in <noscript> pixels, event handlers and javascript: links);
- values no reader sees: hidden form fields (a session's or user's id), `data-*` attributes
  (`data-author`, `data-user-id`), microdata and RDFa (`itemprop="author"`, `property`,
  `content`), SVG <metadata> (`dc:creator`) and its editors' attributes (`inkscape:*`,
  `sodipodi:*`), CSS comments, <template> content;
- local paths: `file:///C:/Users/<name>/...` addresses that Word, Outlook and "save as" write
  into `src`, `href`, `srcset` and CSS (left out of links; in what a browser loads, every
  address but the page's own goes, below);
- what a browser loads by itself when the copy is opened: pictures (`src`, `srcset`,
  <picture>'s <source>, a film's `poster`, `background=`), style sheets and icons (<link
  href>), frames, films, sound, plugins (<iframe>, <video>, <audio>, <track>, <object data>,
  <embed>), SVG's pictures and references (`href` but on links, `fill="url(...)"`), CSS's
  url(), image-set() and @import, and <base href> (where the page was saved from). Fetching
  one tells a third party that someone (a family member in Iran) reads the copy, and the
  address itself can name people (`/wp-content/uploads/<name>-portrait.jpg`, a Gravatar
  address with the hash of an author's e-mail address). The copy loads nothing from elsewhere:
  only a picture embedded in it (below) and a part of the page itself (`#map`, an SVG
  gradient's `url(#fade)`) keep their addresses; every other address is removed (the
  attribute, or in CSS an empty `url("")`), the element stays, so do its `alt` text and the
  layout around it (`addresses`, `css`);
- class names and ids, into which WordPress writes the author's and commenters' names
  (`author-<name>`, `comment-author-<name>`, `id="comment-by-<name>"`): `class` is removed
  from every element, the price being that the page's own style rules keyed on classes stop
  applying (its style sheets are not loaded anyway); an `id` (and an <a name>) stays only
  where the copy links to it (`href="#..."`, SVG's `url(#...)` and `<use href="#...">`), and
  the attributes that name ids (`<label for>`, `aria-labelledby`) go with the ids they name;
- files inside the page (`data:` addresses): a photograph's EXIF with its GPS position. JPEG
  and PNG pictures are cleaned (`images`) and put back; any other embedded file (GIF, WebP,
  fonts, sound, film) loses its address: no cleaner here keeps its bytes without its metadata,
  and refusing the whole copy instead would refuse nearly every page saved "complete"
  (SingleFile, a browser's "save as") for its spacer GIFs and fonts;
- what the public page of an HTML source leaves out: its <title> (the title its software wrote,
  `evidence.access.public_title`; the copy's titles are empty, and the site puts the public
  title before them when it serves it, `with_title`), and the elements that are not the page's
  content as ingest reads it (`ingest/importers/html/page.py`): <header>, <nav>, <footer>,
  <aside>, <form> ("Signed in as ...", a search box with the user's name), and elements marked
  with the same landmark roles (`role="banner"`, WordPress's admin bar `role="navigation"`).
  Ingest's main-text extraction (trafilatura) also drops chrome it recognises by class names;
  a page whose header is a plain <div class="top"> keeps it in the copy (as a plain <div>).

Why the page's own markup rather than a rendition of the text the public page shows: the copy
is what lets a reader check the site's quotations against the page as it was published, with
its tables, links, the pictures saved inside it and the look its own <style> gives it; the
text alone is already on the public page. Links (`<a href>`, `<area href>`, a quotation's
`cite`) stay for that reason: they are the page's citations, and a browser follows one only
when the reader chooses to, never on opening the copy.

The copy keeps every other byte as it was: the text is never decoded and encoded again, so it
says what the original says, in the original's charset, with the <meta charset> the page
declares (only fewer bytes before it). This works on the bytes because a page's markup is ASCII
in every charset a browser reads pages in, except UTF-16 (re-encoded here as UTF-8, with its
byte-order mark, which a browser obeys over any declaration) and ISO-2022 (refused).

The page is read as a browser's HTML tokenizer reads it (WHATWG HTML, 13.2.5), so that what
this module takes for a comment, a tag or a script is what a browser takes for one. Removing a
comment can join what was around it into a new tag (`<<!-- -->script>`): the copy is cleaned
again until a pass changes nothing. Whether an id stays is decided at the end of a pass, when
every link the copy keeps has been read. CSS is read as a browser's CSS tokenizer reads it
(`css`). Where a browser's reading depends on the tree (inline SVG or MathML, a script that
hides `</script>` in a comment), the copy removes more, or is refused, never less.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Set
from contextlib import suppress
from dataclasses import dataclass
from html import escape, unescape
from typing import Any, BinaryIO, cast
from urllib.parse import unquote_to_bytes

from khavaran.evidence.public_copy import addresses
from khavaran.evidence.public_copy.css import cleaned as cleaned_css
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
# Removed with their content, as ingest leaves them out of the page's text (`page.py`): what
# frames the content ("Signed in as ...", a menu, a search form) and what never shows.
_NOT_CONTENT = frozenset({b"header", b"nav", b"footer", b"aside", b"form", b"template"})
# The same frames marked by their landmark role on other elements (WordPress's admin bar).
_NOT_CONTENT_ROLES = frozenset(
    {"banner", "navigation", "contentinfo", "complementary", "search", "form"}
)
# Metadata elements, removed with their content: SVG's (dc:creator, from Inkscape and
# Illustrator), Word's data islands (o:Author).
_METADATA = frozenset({b"metadata", b"xml", b"rdf:rdf", b"o:documentproperties"})
_VOID = frozenset(
    {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"keygen", b"link"}
    | {b"meta", b"param", b"source", b"track", b"wbr"}
)
# Attributes no reader sees: microdata and RDFa statements (itemprop="author"), a download's
# file name, a tracking address, class names (WordPress writes a commenter's name into them:
# `comment-author-<name>`). `data-*` attributes too.
_UNSEEN = frozenset(
    {"itemprop", "itemscope", "itemtype", "itemid", "itemref", "property", "about", "resource"}
    | {"typeof", "vocab", "prefix", "datatype", "rev", "inlist", "download", "ping", "class"}
)
# Attributes whose address a browser loads by itself when the page is opened (a picture, a
# frame, a film's poster, a plugin, an advertiser's attribution report); an `href` too, but on
# a link a reader follows.
_LOADED = frozenset(
    {"src", "srcset", "imagesrcset", "poster", "background", "data", "lowsrc", "dynsrc"}
    | {"codebase", "archive", "manifest", "attributionsrc"}
)
_LINKS = frozenset({b"a", b"area"})
# SVG's attributes whose values are CSS, with url() (`fill="url(#fade)"`).
_PAINTS = frozenset(
    {"fill", "stroke", "filter", "clip-path", "mask", "cursor", "marker"}
    | {"marker-start", "marker-mid", "marker-end"}
)
# SVG animations set an attribute to these values: an href to a picture elsewhere, a paint.
_ANIMATIONS = frozenset({b"set", b"animate"})
_ANIMATED = frozenset({"to", "from", "by", "values"})
# Attributes that link to a part of the page (`href="#comment-12"`): their ids stay.
_LINKING = frozenset({"href", "xlink:href", "usemap"})
# Attributes that name elements by their ids: they go with the ids they name.
_ID_REFERENCES = frozenset(
    {"for", "headers", "list", "form", "popovertarget", "commandfor", "anchor"}
    | {"aria-activedescendant", "aria-controls", "aria-describedby", "aria-details"}
    | {"aria-errormessage", "aria-flowto", "aria-labelledby", "aria-owns"}
)
# Namespaced attributes SVG needs; the others are its editors' (inkscape:export-filename).
_NAMESPACED_KEPT = frozenset({"xlink:href", "xml:lang", "xml:space", "xmlns:xlink"})
_FOREIGN = re.compile(rb"<(?:svg|math)[\t\n\f\r />]", re.I)
# A <link> is kept only when it makes the page look as it did: a style sheet, an icon.
_LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon"})
_LINK_ATTRIBUTES = frozenset({"rel", "href", "type", "media", "sizes", "crossorigin", "integrity"})
_CHARSET = re.compile(r"[A-Za-z0-9._:-]+")
_CONTENT_TYPE = re.compile(r"\s*[\w.+-]+/[\w.+-]+\s*(;\s*charset\s*=\s*[\w.:-]+\s*)?", re.I)
_VIEWPORT_KEYS = (
    "width|height|initial-scale|minimum-scale|maximum-scale|user-scalable|viewport-fit"
    "|interactive-widget|shrink-to-fit"
)
_VIEWPORT = re.compile(rf"\s*(?:(?:{_VIEWPORT_KEYS})\s*=\s*[\w.-]+\s*(?:[,;]\s*|$))*", re.I)
# Attribute values a browser runs as script when followed or loaded.
_SCRIPT_URL = re.compile(
    r"(javascript|vbscript|livescript):|data:(text/html|application/|image/svg)", re.I
)
_INVISIBLE = re.compile(r"[\x00-\x20]+")
MEDIA_TYPE = "text/html"


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


@dataclass(frozen=True)
class _Anchored:
    """A kept start tag with an id, or with attributes that name ids: written at the end of its
    pass, when the parts of the page that the page links to are known."""

    tag: _Tag
    attributes: tuple[_Attribute, ...]  # as the copy keeps them
    written: bytes  # the tag as the page has it

    def with_links(self, links: Set[str]) -> bytes:
        kept = tuple(a for a in self.attributes if _stays(self.tag.name, a, links))
        return _written_tag(self.tag, kept, self.written)


def html(data: Data, out: BinaryIO) -> None:
    """Write the page without comments, scripts, hidden values, local paths, the addresses of
    what a browser would load from elsewhere, class names and the ids it does not link to, the
    metadata of the pictures in it, its titles' text, the frames around its content (header,
    navigation, footer, forms) and the <meta> and <link> elements that describe its makers;
    everything else byte for byte.

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


# A second guard beside the cleaning, for the copy opened from a disk, where the site's own
# Content-Security-Policy header does not follow it: the page may load nothing but what it
# embeds (`data:` pictures, fonts, sound) and its own inline styles, so an address the cleaning
# missed still fetches nothing that would tell a third party who reads it.
OFFLINE_POLICY = (
    b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    b"img-src data:; media-src data:; font-src data:; style-src 'unsafe-inline'; "
    b"base-uri 'none'; form-action 'none'\">"
)


def with_title(copy: BinaryIO, title: str) -> BinaryIO:
    """The copy (open for reading) with `OFFLINE_POLICY` and `title` at the start of its head
    (`_head_start`): the title the public may read of the source (`evidence.access.public_title`),
    not the one the page's software wrote, which `html` left empty. A browser shows the first
    title; the copy's own empty ones after it change nothing. Written as character references,
    which read the same in every charset a copy can be in.

    Where the page's own first title was would not do: a browser obeys a policy <meta> only as
    a child of <head>, and the first title can be inside <svg> or <body>, or missing; and the
    bytes `<title></title>` can be an attribute's value or a <style>'s text."""
    at = _head_start(copy)
    text = escape(" ".join(title.split()), quote=False).encode("ascii", "xmlcharrefreplace")
    inserted = OFFLINE_POLICY + b"<title>" + text + b"</title>"
    return cast(BinaryIO, io.BufferedReader(_Spliced(copy, at, inserted)))


# What may come before the policy: a browser still puts a <meta> after these into <head>.
_BEFORE_HEAD_CONTENT = frozenset({b"html", b"head", b"meta"})
# How much of the copy is read to find the start of its head.
_PROLOGUE_BYTES = 1 << 16
_SPACES = re.compile(rb"[\t\n\f\r ]*")


def _head_start(stream: BinaryIO) -> int:
    """Where the copy's head content starts: past a byte-order mark, the doctype, the <html>
    and <head> start tags and the <meta>s the copy keeps (its charset first, as a browser looks
    for it in the first 1024 bytes), and the spaces between them. Nothing there loads anything.
    """
    stream.seek(0)
    page = stream.read(_PROLOGUE_BYTES)
    at = len(codecs.BOM_UTF8) if page.startswith(codecs.BOM_UTF8) else 0
    while True:
        spaces = _SPACES.match(page, at)
        assert spaces is not None  # matches the empty string
        lt = spaces.end()
        if page[lt : lt + 9].lower() == b"<!doctype":
            end = page.find(b">", lt)
            if end < 0:
                return lt
            at = end + 1
            continue
        tag = _read_tag(page, lt + 1) if page[lt : lt + 1] == b"<" else None
        if tag is None or tag.name not in _BEFORE_HEAD_CONTENT:
            return lt
        at = tag.end


class _Spliced(io.RawIOBase):
    """A file read with bytes inserted at one place, streamed and seekable (a download's
    length is its size), never read into memory."""

    def __init__(self, file: BinaryIO, at: int, inserted: bytes) -> None:
        self._file, self._at, self._inserted = file, at, inserted
        self._size = file.seek(0, io.SEEK_END) + len(inserted)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(base + offset, 0)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: Any) -> int:
        pos, inserted_end = self._pos, self._at + len(self._inserted)
        with memoryview(buffer) as target:
            if pos < self._at:
                self._file.seek(pos)
                chunk = self._file.read(min(len(target), self._at - pos))
            elif pos < inserted_end:
                chunk = self._inserted[pos - self._at : pos - self._at + len(target)]
            else:
                self._file.seek(pos - len(self._inserted))
                chunk = self._file.read(len(target))
            target[: len(chunk)] = chunk
        self._pos += len(chunk)
        return len(chunk)

    def close(self) -> None:
        self._file.close()
        super().close()


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
        # In SVG and MathML, <style> and <title> hold markup, not text: with either on the
        # page, their content is cleaned as markup everywhere (removing more, never less).
        self.raw_text = _RAW_TEXT if _FOREIGN.search(page) is None else frozenset()
        # The element whose content is being removed (a header, a template), how deep in
        # elements of its name, and whether its end tag is kept (a title's).
        self.skipping: bytes | None = None
        self.depth = 0
        self.keep_end = False
        # Where a <style> read as markup began in `kept`: its CSS is cleaned at its end.
        self.style_from: int | None = None
        # What the copy keeps, in order. A tag with an id is an `_Anchored`, written at the end
        # of the pass, when `links` holds every part of the page the kept links name.
        self.kept: list[bytes | _Anchored] = []
        self.links: set[str] = set()

    def run(self) -> bytes:
        page, at = self.page, 0
        while at < len(page):
            lt = page.find(b"<", at)
            if lt < 0:
                self._keep(page[at:])
                break
            self._keep(page[at:lt])
            at = self._markup(lt)
        self._end_style()
        return b"".join(_written(chunk, self.links) for chunk in self.kept)

    def _keep(self, written: bytes) -> None:
        if self.skipping is None:
            self.kept.append(written)

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
        self._keep(b"<")
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
            self._keep(page[lt:past])
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
        if self.skipping is not None:
            self._skipped_end(tag)
            return tag.end
        if tag.name == b"style":
            self._end_style()
        # A browser ignores an end tag's attributes; the copy leaves them out.
        self._keep(b"</" + tag.raw_name + b">" if tag.attributes else page[lt : tag.end])
        return tag.end

    def _skipped_end(self, tag: _Tag) -> None:
        if tag.name != self.skipping:
            return
        self.depth -= 1
        if self.depth == 0:
            self.skipping = None
            if self.keep_end:
                self._keep(b"</" + tag.name + b">")

    def _start_tag(self, lt: int) -> int:
        page = self.page
        tag = _read_tag(page, lt + 1)
        if tag is None:
            return len(page)
        if tag.name in _DROPPED:
            return self._past_element(tag, drop=True)
        if self.skipping is not None:
            return self._inside_skipped(tag)
        if _not_content(tag):
            return self._skip(tag, keep_end=False)
        if tag.name == b"title":
            self._keep(b"<title>")
            return self._skip(tag, keep_end=True)
        attributes = _kept_tag(tag, self.links)
        if attributes is not None:
            self._keep_tag(tag, attributes, page[lt : tag.end])
        if tag.name == b"plaintext":
            self._keep(page[tag.end :])
            return len(page)
        if tag.name in self.raw_text:
            return self._past_element(tag, drop=False)
        if tag.name == b"style" and self.style_from is None:
            self.style_from = len(self.kept)
        return tag.end

    def _keep_tag(self, tag: _Tag, attributes: tuple[_Attribute, ...], written: bytes) -> None:
        if any(_names_an_id(tag.name, a.name) for a in attributes):
            self.kept.append(_Anchored(tag, attributes, written))  # written when links are known
        else:
            self._keep(_written_tag(tag, attributes, written))

    def _skip(self, tag: _Tag, *, keep_end: bool) -> int:
        """Remove the content of the element this tag starts (and the tag unless `keep_end`)."""
        if tag.name in self.raw_text:
            at = self._past_element(tag, drop=True)
            if keep_end:
                self._keep(b"</" + tag.name + b">")
            return at
        # `/>` closes only an element of SVG or MathML; HTML's own, and a title, read on.
        closed = tag.self_closing and tag.name not in _NOT_CONTENT and tag.name != b"title"
        if closed or tag.name in _VOID:
            if keep_end:
                self._keep(b"</" + tag.name + b">")
            return tag.end
        self.skipping, self.depth, self.keep_end = tag.name, 1, keep_end
        return tag.end

    def _inside_skipped(self, tag: _Tag) -> int:
        """Past a start tag inside an element whose content is removed."""
        if tag.name == self.skipping and not (tag.self_closing and tag.name in _METADATA):
            self.depth += 1
        if tag.name == b"plaintext":
            return len(self.page)
        if tag.name in self.raw_text:
            return self._past_element(tag, drop=True)
        return tag.end

    def _end_style(self) -> None:
        """Clean the CSS of a <style> read as markup, at its end."""
        if self.style_from is None:
            return
        # Tags read inside it are CSS text to a browser: their ids go (removing more).
        text = b"".join(_written(chunk, frozenset()) for chunk in self.kept[self.style_from :])
        del self.kept[self.style_from :]
        self.kept.append(self._css(text))
        self.style_from = None

    def _css(self, text: bytes) -> bytes:
        """A <style>'s CSS cleaned (`css`), read as Latin-1: every other byte is written back."""
        cleaned = cleaned_css(text.decode("latin-1"))
        for fragment in cleaned.fragments:
            self.links |= _fragment_keys(fragment)
        return cleaned.text.encode("latin-1")

    def _past_element(self, tag: _Tag, *, drop: bool) -> int:
        """Past a raw-text element's content (kept, or dropped with its end tag)."""
        page = self.page
        end = re.compile(rb"</" + re.escape(tag.name) + rb"[\t\n\f\r />]", re.I)
        found = end.search(page, tag.end)
        close = found.start() if found else len(page)
        text = page[tag.end : close]
        if tag.name == b"script" and _hides_its_end(text, foreign=not self.raw_text):
            raise NoPublicCopy("the page has a script whose end a browser finds elsewhere")
        if not drop:
            self._keep(self._css(text) if tag.name == b"style" else text)
            return close
        if found is None:
            return len(page)
        end_tag = _read_tag(page, close + 2)
        return end_tag.end if end_tag else len(page)


def _not_content(tag: _Tag) -> bool:
    """Whether the element this tag starts is removed with its content."""
    if tag.name in _NOT_CONTENT or tag.name in _METADATA:
        return True
    return not _NOT_CONTENT_ROLES.isdisjoint((tag.get("role") or "").lower().split())


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


def _written(chunk: bytes | _Anchored, links: Set[str]) -> bytes:
    return chunk if isinstance(chunk, bytes) else chunk.with_links(links)


def _kept_tag(tag: _Tag, links: set[str]) -> tuple[_Attribute, ...] | None:
    """The attributes the tag keeps, or None (the tag is dropped); the parts of the page they
    link to are added to `links`."""
    if tag.name == b"meta":
        return _meta_attributes(tag)
    if tag.name == b"link":
        return _link_attributes(tag, links)
    if tag.name == b"input" and (tag.get("type") or "").strip().lower() == "hidden":
        return None
    return _kept_attributes(tag, tag.attributes, links)


def _written_tag(tag: _Tag, attributes: tuple[_Attribute, ...], written: bytes) -> bytes:
    """The tag with these of its attributes: as the page has it, where it keeps them all."""
    if attributes == tag.attributes:
        return written
    text = b"".join(b" " + a.raw for a in attributes)
    return b"<" + tag.raw_name + text + (b" />" if tag.self_closing else b">")


def _kept_attributes(
    tag: _Tag, attributes: tuple[_Attribute, ...], links: set[str]
) -> tuple[_Attribute, ...]:
    kept = (_kept_attribute(tag, a, links) for a in attributes)
    return tuple(a for a in kept if a is not None)


def _kept_attribute(tag: _Tag, attribute: _Attribute, links: set[str]) -> _Attribute | None:
    """The attribute as the copy writes it (its CSS cleaned, its embedded picture without
    metadata), or None: a script, a value no reader sees, the address of what a browser would
    load from elsewhere, a local path, an embedded file that cannot be cleaned."""
    name, value = attribute.name, attribute.value
    if not _harmless(attribute) or _unseen(tag.name, name):
        return None
    if tag.name in _ANIMATIONS and name in _ANIMATED and _animates_an_address(tag):
        # `values` is a list: each address in it is kept as it is, or the list goes.
        kept = all(addresses.loaded(part) == part for part in value.split(";"))
        return attribute if kept else None
    if name == "style" or name in _PAINTS or (tag.name in _ANIMATIONS and name in _ANIMATED):
        return _with_css_cleaned(attribute, links)
    if name in ("srcset", "imagesrcset"):
        return attribute if not value.strip() else None
    if name in _LOADED or (name in ("href", "xlink:href") and tag.name not in _LINKS):
        address = addresses.loaded(value)
    else:
        address = addresses.linked(value)
    if address is None:
        return None
    if name in _LINKING and (named := addresses.fragment(value)) is not None:
        links |= _fragment_keys(named)
    return _rewritten(attribute, address)


def _with_css_cleaned(attribute: _Attribute, links: set[str]) -> _Attribute:
    cleaned = cleaned_css(attribute.value)
    for named in cleaned.fragments:
        links |= _fragment_keys(named)
    return _rewritten(attribute, cleaned.text)


def _animates_an_address(tag: _Tag) -> bool:
    """Whether an SVG animation sets an address (`<set attributeName="href" to="...">`)."""
    return (tag.get("attributename") or "").strip().lower() in ("href", "xlink:href")


def _unseen(element: bytes, name: str) -> bool:
    """A value no reader sees: data-*, microdata, RDFa, class names, an SVG editor's attribute,
    a link's relation to its author (rel="author" on <a>; a <link>'s rel is read by
    `_link_attributes`), the machine-readable value of <data>, a plugin's parameter."""
    if name.startswith("data-") or name in _UNSEEN:
        return True
    if ":" in name:
        return name not in _NAMESPACED_KEPT
    if name == "value":
        return element in (b"data", b"param")
    return name == "rel" and element != b"link"


def _names_an_id(element: bytes, name: str) -> bool:
    return _anchor(element, name) or name in _ID_REFERENCES


def _anchor(element: bytes, name: str) -> bool:
    """Whether the attribute names its element for a link to it: an id, an <a>'s name."""
    return name == "id" or (name == "name" and element == b"a")


def _stays(element: bytes, attribute: _Attribute, links: Set[str]) -> bool:
    """Whether the attribute stays, given the parts of the page it links to: an id where a
    link names it, an attribute naming ids where all of them stay; any other."""
    if _anchor(element, attribute.name):
        return attribute.value in links
    if attribute.name in _ID_REFERENCES:
        return all(name in links for name in attribute.value.split())
    return True


def _fragment_keys(fragment: str) -> set[str]:
    """The ids a link to this fragment finds: one written as it is, and one whose bytes it
    writes percent-encoded (`#%D8%B2` finds an id written in UTF-8), as a browser looks for
    both."""
    keys = {fragment}
    with suppress(UnicodeEncodeError):
        keys.add(unquote_to_bytes(fragment.encode("latin-1")).decode("latin-1"))
    return keys


def _rewritten(attribute: _Attribute, value: str) -> _Attribute:
    if value == attribute.value:
        return attribute
    name = attribute.raw[: len(attribute.name)]
    quoted = escape(value, quote=True).encode("latin-1", "xmlcharrefreplace")
    return _Attribute(attribute.name, value, name + b'="' + quoted + b'"')


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


def _link_attributes(tag: _Tag, links: set[str]) -> tuple[_Attribute, ...] | None:
    """What a kept <link> keeps: that it is a style sheet or an icon, and how to read one; its
    address only where the copy holds what it names (`_kept_attribute`)."""
    rels = set((tag.get("rel") or "").lower().split())
    if not rels or not rels <= _LINK_RELS:
        return None
    listed = tuple(a for a in tag.attributes if a.name in _LINK_ATTRIBUTES)
    return _kept_attributes(tag, listed, links)


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
