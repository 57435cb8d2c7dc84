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
  `name` goes from other elements but a <map> and a <param> (a form field's or a frame's key);
- text that is not the page's text, into which WordPress writes names and login slugs:
  tooltips (`title="Posts by <login>"`, but a <style>'s title, which chooses its styles) and
  what a screen reader reads out (`aria-label="Reply to <name>"`). The page's text stays byte
  for byte, and so does a picture's `alt`, the text that stands for it (`html_attributes`);
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
declares (only fewer bytes before it; `html_served` keeps it where a browser looks for it).
This works on the bytes because a page's markup is ASCII in every charset a browser reads pages
in, except UTF-16 (re-encoded here as UTF-8, with its byte-order mark, which a browser obeys
over any declaration) and ISO-2022 (refused).

The page is read as a browser's HTML tokenizer reads it (WHATWG HTML, 13.2.5; its tags,
`html_tags`), so that what this module takes for a comment, a tag or a script is what a browser
takes for one. Removing a comment can join what was around it into a new tag
(`<<!-- -->script>`): the copy is cleaned again until a pass changes nothing. Whether an id
stays is decided at the end of a pass, when every link the copy keeps has been read
(`html_attributes`). CSS is read as a browser's CSS tokenizer reads it (`css`). Where a
browser's reading depends on the tree (inline SVG or MathML, a script that hides `</script>` in
a comment), the copy removes more, or is refused, never less.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Set
from typing import BinaryIO

from khavaran.evidence.public_copy.css import cleaned as cleaned_css
from khavaran.evidence.public_copy.html_attributes import (
    Anchored,
    fragment_keys,
    kept_tag,
    names_an_id,
    written_tag,
)
from khavaran.evidence.public_copy.html_served import OFFLINE_POLICY, with_title
from khavaran.evidence.public_copy.html_tags import Attribute, Tag, read_tag
from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Data

# Removing a comment can join `<` and `script>` only once per pass; a page that needs more
# passes than this was written to defeat the cleaner.
_MAX_PASSES = 8
_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
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
_FOREIGN = re.compile(rb"<(?:svg|math)[\t\n\f\r />]", re.I)
MEDIA_TYPE = "text/html"
# The site serves a copy with `with_title` (`html_served`), from here as the copy's module.
__all__ = ["MEDIA_TYPE", "OFFLINE_POLICY", "html", "with_title"]


def html(data: Data, out: BinaryIO) -> None:
    """Write the page without comments, scripts, hidden values, local paths, the addresses of
    what a browser would load from elsewhere, class names, tooltips and screen readers' labels,
    the ids and names it does not link to, the metadata of the pictures in it, its titles'
    text, the frames around its content (header, navigation, footer, forms) and the <meta> and
    <link> elements that describe its makers; everything else byte for byte.

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
        # What the copy keeps, in order. A tag with an id is an `Anchored`, written at the end
        # of the pass, when `links` holds every part of the page the kept links name.
        self.kept: list[bytes | Anchored] = []
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
        tag = read_tag(page, lt + 2)
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

    def _skipped_end(self, tag: Tag) -> None:
        if tag.name != self.skipping:
            return
        self.depth -= 1
        if self.depth == 0:
            self.skipping = None
            if self.keep_end:
                self._keep(b"</" + tag.name + b">")

    def _start_tag(self, lt: int) -> int:
        page = self.page
        tag = read_tag(page, lt + 1)
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
        attributes = kept_tag(tag, self.links)
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

    def _keep_tag(self, tag: Tag, attributes: tuple[Attribute, ...], written: bytes) -> None:
        if any(names_an_id(tag.name, a.name) for a in attributes):
            self.kept.append(Anchored(tag, attributes, written))  # written when links are known
        else:
            self._keep(written_tag(tag, attributes, written))

    def _skip(self, tag: Tag, *, keep_end: bool) -> int:
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

    def _inside_skipped(self, tag: Tag) -> int:
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
            self.links |= fragment_keys(fragment)
        return cleaned.text.encode("latin-1")

    def _past_element(self, tag: Tag, *, drop: bool) -> int:
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
        end_tag = read_tag(page, close + 2)
        return end_tag.end if end_tag else len(page)


def _not_content(tag: Tag) -> bool:
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


def _written(chunk: bytes | Anchored, links: Set[str]) -> bytes:
    return chunk if isinstance(chunk, bytes) else chunk.with_links(links)
