"""The addresses in a web page's public copy: which stay, and what an embedded picture becomes.

Two kinds, kept differently:
- what a reader follows (`<a href>`): a link is the page's content, a citation, followed only
  by a reader who chooses to. It stays, but for a local path (`file:///C:/Users/<name>/...`,
  which names the person who saved the page).
- what a browser loads by itself when the copy is opened (a picture, a style sheet, a font, a
  frame): it would tell the server that holds it who reads the copy (a family member in Iran
  opening it), and its address can name people (an upload path with a name, a Gravatar address
  with the hash of an author's e-mail address). Only what the copy holds itself stays: a
  picture embedded as a `data:` address, a part of the page (`#map`).

An embedded JPEG or PNG is kept without its metadata (`images`); any other embedded file (GIF,
WebP, fonts, sound, film) loses its address: no cleaner here keeps its bytes without their
metadata.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote_to_bytes

from khavaran.evidence.public_copy.images import jpeg, png
from khavaran.evidence.public_copy.refusal import NoPublicCopy

# What a URL parser removes from an address before reading it: tabs and newlines anywhere,
# control characters and spaces around it (and, to remove more, any other space around it).
_URL_NOISE = re.compile(r"[\t\n\r]")
_EDGES = re.compile(r"^[\x00-\x20\s]+|[\x00-\x20\s]+$")
_DATA_URI = re.compile(r"data:([^,]*),(.*)", re.I | re.S)
_PICTURES = {"image/jpeg": jpeg, "image/jpg": jpeg, "image/pjpeg": jpeg, "image/png": png}


def linked(value: str) -> str | None:
    """A link's address as the copy keeps it: as it is, an embedded picture without its
    metadata, or None (a local path, an embedded file that cannot be cleaned)."""
    bare = _bare(value)
    if bare.lower().startswith("file:"):
        return None
    if bare.lower().startswith("data:"):
        return picture(bare)
    return value


def loaded(value: str) -> str | None:
    """The address of what a browser loads by itself, as the copy keeps it: nothing and a part
    of the page (`#map`) as they are, an embedded picture without its metadata; None for
    anything else, which is fetched from elsewhere (or from a local path)."""
    bare = _bare(value)
    if not bare or bare.startswith("#"):
        return value
    if bare.lower().startswith("data:"):
        return picture(bare)
    return None


def fragment(value: str) -> str | None:
    """The part of the page a same-page address names (`#comment-12` names `comment-12`), or
    None: an address of another page (`/post/12#comment-12`) or of nothing."""
    bare = _bare(value)
    return bare[1:] if bare.startswith("#") else None


def picture(address: str) -> str | None:
    """An embedded JPEG or PNG (`data:` address) without its metadata (`images`), embedded
    again; None for any other embedded file, or a picture that cannot be cleaned."""
    match = _DATA_URI.fullmatch(address)
    if match is None:
        return None
    parameters = [p.strip().lower() for p in match[1].split(";")]
    cleaner = _PICTURES.get(parameters[0])
    if cleaner is None:
        return None
    try:
        if "base64" in parameters[1:]:
            data = base64.b64decode(match[2])
        else:
            data = unquote_to_bytes(match[2])
        cleaned = cleaner(data)
    except (binascii.Error, ValueError, NoPublicCopy):
        return None
    return f"data:{parameters[0]};base64,{base64.b64encode(cleaned).decode()}"


def _bare(value: str) -> str:
    return _EDGES.sub("", _URL_NOISE.sub("", value))
