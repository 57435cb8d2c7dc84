"""The encoding of a web page: a byte-order mark, then the declared charset, then detection."""

from __future__ import annotations

import codecs
import re

from khavaran.ingest.decoding import Decoded, decode_text
from khavaran.ingest.result import UndecodableText, clean_text

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">,
# which HTML requires within the first 1024 bytes.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_PRESCAN_BYTES = 1_024
# Browsers read these labels as Windows code pages (WHATWG Encoding): so must we.
_WHATWG_ALIASES = dict.fromkeys(("iso-8859-1", "latin1", "ascii", "us-ascii"), "cp1252")


def decode_html(data: bytes, extension: str) -> Decoded:
    """Decode a page by its byte-order mark, else its declared charset, else by detection.

    A declared charset that does not decode the bytes is ignored: pages often declare one and are
    saved in another, and detection then decides.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, extension)
    declared = _declared_charset(data)
    if declared is not None:
        try:
            return Decoded(clean_text(data.decode(declared)), declared, "declared charset")
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return decode_text(data, extension)
    except UndecodableText as error:
        raise UndecodableText(f"{error.reason} (declared charset: {declared or 'none'})") from None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(_WHATWG_ALIASES.get(label, label)).name
    except LookupError:
        return None
    # A page that says utf-16 in ASCII bytes cannot be UTF-16 (WHATWG reads it as UTF-8).
    return "utf-8" if name.startswith("utf-16") else name
