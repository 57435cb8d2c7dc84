"""What the site puts into a web page's public copy (`html`) as it serves it: a policy that
lets the copy load nothing from elsewhere when it is opened from a disk, and the public title
(`with_title`). Both go where the page's head content starts; the copy itself, made once and
kept on disk, has neither, as the title depends on who may read which title.

The copy keeps the page's own charset declaration, and a browser looks for it only in the
first 1024 bytes (WHATWG HTML, 13.2.3.2, "prescan a byte stream"): a `<meta charset>` after
other head elements (a style sheet, a <style>) could be pushed past them by what is put in,
and a Persian page in windows-1256 read as windows-1252. What a browser would find after the
insertion point is therefore declared again before the policy, as the same labels in the same
order: the copy reads in the charset it reads in without them.
"""

from __future__ import annotations

import codecs
import io
import re
from html import escape
from typing import Any, BinaryIO, cast

from khavaran.evidence.public_copy.html_tags import Tag, read_tag

# A second guard beside the cleaning, for the copy opened from a disk, where the site's own
# Content-Security-Policy header does not follow it: the page may load nothing but what it
# embeds (`data:` pictures, fonts, sound) and its own inline styles, so an address the cleaning
# missed still fetches nothing that would tell a third party who reads it.
OFFLINE_POLICY = (
    b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    b"img-src data:; media-src data:; font-src data:; style-src 'unsafe-inline'; "
    b"base-uri 'none'; form-action 'none'\">"
)
# What may come before the policy: a browser still puts a <meta> after these into <head>.
_BEFORE_HEAD_CONTENT = frozenset({b"html", b"head", b"meta"})
# How much of the copy is read to find the start of its head.
_PROLOGUE_BYTES = 1 << 16
# How much of a page a browser reads for its charset declaration.
_PRESCAN_BYTES = 1024
_SPACES = re.compile(rb"[\t\n\f\r ]*")
_LABEL = re.compile(rb"[A-Za-z0-9._:-]+")
# A charset in a content type, as a browser finds it (WHATWG HTML, 2.6.4, "extract a
# character encoding from a meta element").
_CONTENT_CHARSET = re.compile(
    r"charset[\t\n\f\r ]*=[\t\n\f\r ]*(?:\"([^\"]*)\"|'([^']*)'|([^\t\n\f\r ;]*))", re.I
)


def with_title(copy: BinaryIO, title: str) -> BinaryIO:
    """The copy (open for reading) with `OFFLINE_POLICY` and `title` at the start of its head
    (`_head_start`): the title the public may read of the source (`evidence.access.public_title`),
    not the one the page's software wrote, which `html` left empty. A browser shows the first
    title; the copy's own empty ones after it change nothing. Written as character references,
    which read the same in every charset a copy can be in. Before the policy, the charset the
    page declares further on, so that it stays where a browser looks for it.

    Where the page's own first title was would not do: a browser obeys a policy <meta> only as
    a child of <head>, and the first title can be inside <svg> or <body>, or missing; and the
    bytes `<title></title>` can be an attribute's value or a <style>'s text. Nor would a place
    after the page's own charset declaration, where it comes after other head elements: a style
    sheet or a <style> before it could load what the policy forbids (a policy <meta> counts
    from where it is), and the copy's empty title would be the first."""
    copy.seek(0)
    prologue = copy.read(_PROLOGUE_BYTES)
    at = _head_start(prologue)
    text = escape(" ".join(title.split()), quote=False).encode("ascii", "xmlcharrefreplace")
    inserted = (
        _charsets_declared_after(prologue, at) + OFFLINE_POLICY + b"<title>" + text + b"</title>"
    )
    return cast(BinaryIO, io.BufferedReader(_Spliced(copy, at, inserted)))


def _head_start(page: bytes) -> int:
    """Where the copy's head content starts: past a byte-order mark, the doctype, the <html>
    and <head> start tags and the <meta>s the copy keeps (its charset first, where the page has
    it there), and the spaces between them. Nothing there loads anything.
    """
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
        tag = read_tag(page, lt + 1) if page[lt : lt + 1] == b"<" else None
        if tag is None or tag.name not in _BEFORE_HEAD_CONTENT:
            return lt
        at = tag.end


def _charsets_declared_after(page: bytes, at: int) -> bytes:
    """The charsets that the <meta>s from `at` to the end of a browser's prescan declare, each
    as a `<meta charset>` no longer than the one it repeats: these stay inside the prescan when
    put at `at`, and a browser meets them in the order it would have met the page's own. A
    byte-order mark decides the charset of a page that starts with one: nothing is repeated.
    """
    if page.startswith(codecs.BOM_UTF8):
        return b""
    window = page[:_PRESCAN_BYTES]
    return b"".join(b"<meta charset=" + label + b">" for label in _prescan(window, at))


def _prescan(window: bytes, at: int) -> list[bytes]:
    """The charset labels of the <meta>s a browser's prescan reads from `at` on, in order: it
    reads tags and comments as they come, whether in a <style> or not (WHATWG HTML, 13.2.3.2)."""
    labels: list[bytes] = []
    while (lt := window.find(b"<", at)) >= 0:
        if window.startswith(b"<!--", lt):
            end = window.find(b"-->", lt + 2)
            at = end + 3 if end >= 0 else len(window)
            continue
        closing = window[lt + 1 : lt + 2] == b"/"
        name_at = lt + 2 if closing else lt + 1
        if not window[name_at : name_at + 1].isalpha():
            # `<!`, `</` and `<?` are read to their `>`; a `<` before anything else is text.
            end = window.find(b">", lt) if window[lt + 1 : lt + 2] in (b"!", b"/", b"?") else lt
            if end < 0:
                break
            at = end + 1
            continue
        tag = read_tag(window, name_at)
        if tag is None:
            break  # cut off by the end of the prescan: a browser reads no further
        if tag.name == b"meta" and not closing and (label := _declared(tag)):
            labels.append(label)
        at = tag.end
    return labels


def _declared(tag: Tag) -> bytes | None:
    """The charset label a <meta> declares, as a browser reads it: its `charset`, else the
    charset of a `content` that an `http-equiv="content-type"` goes with."""
    charset = tag.get("charset")
    if charset is None and (tag.get("http-equiv") or "").lower() == "content-type":
        found = _CONTENT_CHARSET.search(tag.get("content") or "")
        charset = (found[1] or found[2] or found[3]) if found else None
    label = (charset or "").strip(" \t\n\f\r").encode("latin-1", "replace")
    # Labels a browser knows are all of these characters; it passes over any other.
    return label if _LABEL.fullmatch(label) else None


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
