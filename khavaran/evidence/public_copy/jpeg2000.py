"""JPEG 2000 pictures (in PDFs, as /JPXDecode): the picture, without the boxes that describe it.

A JP2 file is a sequence of boxes. Beside the picture's header and its codestream it may hold
XML (XMP, with the scanner's or camera's EXIF and GPS), UUID boxes (EXIF, GeoJP2 positions,
maker data), labels and intellectual-property rights boxes naming the author; the codestream's
main header may hold comments (COM) that name the software or the person who scanned it.
Those go; the codestream's compressed picture is never re-encoded. A PDF may also carry a raw
codestream, without boxes: only its comments go then.
"""

from __future__ import annotations

import struct

from khavaran.evidence.public_copy.refusal import NoPublicCopy

_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
# Boxes that make the picture: the file type, reader requirements, the JP2 header (size,
# colour, palette, channels, resolution), JPX's codestream and layer headers and its
# composition, and the codestream itself. Everything else is dropped: xml, uuid, uinf, lbl,
# nlst, asoc, jp2i and boxes no one has defined yet.
_KEPT_BOXES = {b"ftyp", b"rreq", b"jp2h", b"jp2c", b"jpch", b"jplh", b"cgrp", b"opct", b"creg",
               b"comp"}  # fmt: skip
# Fragment tables point into the file by offset: dropping a box before them would break them.
_OFFSET_BOXES = {b"ftbl", b"dtbl", b"flst"}
_START_OF_CODESTREAM = b"\xff\x4f"
_START_OF_TILE = 0x90
_COMMENT = 0x64


def jpeg2000(data: bytes) -> bytes:
    """A JP2/JPX file or a raw JPEG 2000 codestream without its metadata.

    Raises:
        NoPublicCopy: neither, or damaged, or a file whose boxes point into it by offset.
    """
    if data.startswith(_START_OF_CODESTREAM):
        return _codestream(data)
    if not data.startswith(_SIGNATURE):
        raise NoPublicCopy("not a JPEG 2000 picture")
    out = [_SIGNATURE]
    at = len(_SIGNATURE)
    while at < len(data):
        kind, start, end = _box(data, at)
        if kind in _OFFSET_BOXES:
            raise NoPublicCopy("a JPEG 2000 picture in fragments")
        if kind == b"jp2c":
            codestream = _codestream(data[start:end])
            # The box's length changes with the comments dropped: write it again, long form.
            out.append(struct.pack(">I4sQ", 1, b"jp2c", 16 + len(codestream)) + codestream)
        elif kind in _KEPT_BOXES:
            out.append(data[at:end])
        at = end
    return b"".join(out)


def _box(data: bytes, at: int) -> tuple[bytes, int, int]:
    """The box at `at`: its type, where its content starts and where it ends."""
    if at + 8 > len(data):
        raise NoPublicCopy("damaged JPEG 2000 box")
    length, kind = struct.unpack_from(">I4s", data, at)
    start = at + 8
    if length == 1:  # the length follows, in 64 bits
        if at + 16 > len(data):
            raise NoPublicCopy("damaged JPEG 2000 box")
        (length,) = struct.unpack_from(">Q", data, at + 8)
        start = at + 16
    elif length == 0:  # to the end of the file
        length = len(data) - at
    end = at + length
    if end < start or end > len(data):
        raise NoPublicCopy("damaged JPEG 2000 box")
    return kind, start, end


def _codestream(data: bytes) -> bytes:
    """The codestream without the comment segments of its main header (up to its first tile)."""
    if not data.startswith(_START_OF_CODESTREAM):
        raise NoPublicCopy("damaged JPEG 2000 codestream")
    out = [_START_OF_CODESTREAM]
    at = 2
    while True:
        if at + 4 > len(data) or data[at] != 0xFF:
            raise NoPublicCopy("damaged JPEG 2000 codestream")
        marker = data[at + 1]
        if marker == _START_OF_TILE:
            out.append(data[at:])
            return b"".join(out)
        (length,) = struct.unpack_from(">H", data, at + 2)
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise NoPublicCopy("damaged JPEG 2000 codestream")
        if marker != _COMMENT:
            out.append(data[at:end])
        at = end
