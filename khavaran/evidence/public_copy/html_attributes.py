"""Which attributes of a web page's tags its public copy keeps, and as what (`html`).

An attribute goes when it is a script (an event handler, a `javascript:` address), a value no
reader sees (`data-*`, microdata, RDFa, class names, a form field's name), text that is not the
page's text (a tooltip, a screen reader's label), the address of what a browser would load by
itself, a local path, or an id (an <a name>) that nothing in the copy links to. The rest stay
as the page wrote them; an address is rewritten only where it is cleaned (a `data:` picture
without its metadata, a style's CSS without what it would load).

Whether an id stays is known only when the whole page has been read: a tag with one is kept as
an `Anchored` and written at the end of its pass (`Anchored.with_links`).
"""

from __future__ import annotations

import re
from collections.abc import Set
from contextlib import suppress
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote_to_bytes

from khavaran.evidence.public_copy import addresses
from khavaran.evidence.public_copy.css import cleaned as cleaned_css
from khavaran.evidence.public_copy.html_tags import Attribute, Tag

# Attributes no reader sees: microdata and RDFa statements (itemprop="author"), a download's
# file name, a tracking address, class names (WordPress writes a commenter's name into them:
# `comment-author-<name>`). `data-*` attributes too.
_UNSEEN = frozenset(
    {"itemprop", "itemscope", "itemtype", "itemid", "itemref", "property", "about", "resource"}
    | {"typeof", "vocab", "prefix", "datatype", "rev", "inlist", "download", "ping", "class"}
)
# Text that is never the page's text: a tooltip shown on hover (`title`), what a screen reader
# reads out instead of or beside what shows (`aria-label`). WordPress writes names and login
# slugs into both (`title="Posts by admin-firstname"`, `aria-label="Reply to Jane Doe"`);
# ingest never read them, so no quotation rests on them. What the page shows stays as it is.
_NOT_PAGE_TEXT = frozenset(
    {"title", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext"}
    | {"aria-placeholder", "aria-braillelabel", "aria-brailleroledescription"}
)
# Elements whose `name` stays: an <a>'s is an anchor, kept where a link names it (`_anchor`);
# a <map>'s is what a picture's `usemap` names; a <param>'s says which parameter it is. On any
# other element (a form field, a frame, a picture) it is a key no reader sees, which a content
# system can make of a person's name (`name="reply-to-jane-doe"`).
_NAMED = frozenset({b"a", b"map", b"param"})
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


@dataclass(frozen=True)
class Anchored:
    """A kept start tag with an id, or with attributes that name ids: written at the end of its
    pass, when the parts of the page that the page links to are known."""

    tag: Tag
    attributes: tuple[Attribute, ...]  # as the copy keeps them
    written: bytes  # the tag as the page has it

    def with_links(self, links: Set[str]) -> bytes:
        kept = tuple(a for a in self.attributes if _stays(self.tag.name, a, links))
        return written_tag(self.tag, kept, self.written)


def kept_tag(tag: Tag, links: set[str]) -> tuple[Attribute, ...] | None:
    """The attributes the tag keeps, or None (the tag is dropped); the parts of the page they
    link to are added to `links`."""
    if tag.name == b"meta":
        return _meta_attributes(tag)
    if tag.name == b"link":
        return _link_attributes(tag, links)
    if tag.name == b"input" and (tag.get("type") or "").strip().lower() == "hidden":
        return None
    return _kept_attributes(tag, tag.attributes, links)


def written_tag(tag: Tag, attributes: tuple[Attribute, ...], written: bytes) -> bytes:
    """The tag with these of its attributes: as the page has it, where it keeps them all."""
    if attributes == tag.attributes:
        return written
    text = b"".join(b" " + a.raw for a in attributes)
    return b"<" + tag.raw_name + text + (b" />" if tag.self_closing else b">")


def names_an_id(element: bytes, name: str) -> bool:
    """Whether the attribute stays only where the copy links to what it names."""
    return _anchor(element, name) or name in _ID_REFERENCES


def fragment_keys(fragment: str) -> set[str]:
    """The ids a link to this fragment finds: one written as it is, and one whose bytes it
    writes percent-encoded (`#%D8%B2` finds an id written in UTF-8), as a browser looks for
    both."""
    keys = {fragment}
    with suppress(UnicodeEncodeError):
        keys.add(unquote_to_bytes(fragment.encode("latin-1")).decode("latin-1"))
    return keys


def _kept_attributes(
    tag: Tag, attributes: tuple[Attribute, ...], links: set[str]
) -> tuple[Attribute, ...]:
    kept = (_kept_attribute(tag, a, links) for a in attributes)
    return tuple(a for a in kept if a is not None)


def _kept_attribute(tag: Tag, attribute: Attribute, links: set[str]) -> Attribute | None:
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
        links |= fragment_keys(named)
    return _rewritten(attribute, address)


def _with_css_cleaned(attribute: Attribute, links: set[str]) -> Attribute:
    cleaned = cleaned_css(attribute.value)
    for named in cleaned.fragments:
        links |= fragment_keys(named)
    return _rewritten(attribute, cleaned.text)


def _animates_an_address(tag: Tag) -> bool:
    """Whether an SVG animation sets an address (`<set attributeName="href" to="...">`)."""
    return (tag.get("attributename") or "").strip().lower() in ("href", "xlink:href")


def _unseen(element: bytes, name: str) -> bool:
    """A value no reader sees: data-*, microdata, RDFa, class names, an SVG editor's attribute,
    a link's relation to its author (rel="author" on <a>; a <link>'s rel is read by
    `_link_attributes`), the machine-readable value of <data>, a plugin's parameter, a form
    field's name; or text that is not the page's (a tooltip, a screen reader's label)."""
    if name.startswith("data-") or name in _UNSEEN:
        return True
    if name in _NOT_PAGE_TEXT:
        # A <style>'s title names its style set: it decides which styles apply, no tooltip.
        return not (name == "title" and element == b"style")
    if name == "name":
        return element not in _NAMED
    if ":" in name:
        return name not in _NAMESPACED_KEPT
    if name == "value":
        return element in (b"data", b"param")
    return name == "rel" and element != b"link"


def _anchor(element: bytes, name: str) -> bool:
    """Whether the attribute names its element for a link to it: an id, an <a>'s name."""
    return name == "id" or (name == "name" and element == b"a")


def _stays(element: bytes, attribute: Attribute, links: Set[str]) -> bool:
    """Whether the attribute stays, given the parts of the page it links to: an id where a
    link names it, an attribute naming ids where all of them stay; any other."""
    if _anchor(element, attribute.name):
        return attribute.value in links
    if attribute.name in _ID_REFERENCES:
        return all(name in links for name in attribute.value.split())
    return True


def _rewritten(attribute: Attribute, value: str) -> Attribute:
    if value == attribute.value:
        return attribute
    name = attribute.raw[: len(attribute.name)]
    quoted = escape(value, quote=True).encode("latin-1", "xmlcharrefreplace")
    return Attribute(attribute.name, value, name + b'="' + quoted + b'"')


def _harmless(attribute: Attribute) -> bool:
    """Not a script (an event handler, a srcdoc page, a javascript: address), nor a value no
    reader sees (RDFa's `content`, which is <meta>'s `content` on any element)."""
    name = attribute.name
    if name.startswith("on") or name in ("srcdoc", "content"):
        return False
    return _SCRIPT_URL.match(_INVISIBLE.sub("", attribute.value)) is None


def _meta_attributes(tag: Tag) -> tuple[Attribute, ...] | None:
    """What a kept <meta> keeps: its charset, its content type, or the viewport; nothing else
    (a <meta charset> that also names an author keeps only its charset)."""
    kept: list[Attribute] = []
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


def _link_attributes(tag: Tag, links: set[str]) -> tuple[Attribute, ...] | None:
    """What a kept <link> keeps: that it is a style sheet or an icon, and how to read one; its
    address only where the copy holds what it names (`_kept_attribute`)."""
    rels = set((tag.get("rel") or "").lower().split())
    if not rels or not rels <= _LINK_RELS:
        return None
    listed = tuple(a for a in tag.attributes if a.name in _LINK_ATTRIBUTES)
    return _kept_attributes(tag, listed, links)
