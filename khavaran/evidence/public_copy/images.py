"""Photographs: the same picture, without what the camera wrote.

A photograph's EXIF can hold the GPS position it was taken at, the camera's serial number and
its owner's name. The metadata segments are dropped byte for byte; the compressed picture is
never re-encoded.
"""

from __future__ import annotations

import struct

from khavaran.evidence.public_copy.refusal import NoPublicCopy

# JPEG segments kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform).
# Dropped: APP1 (EXIF, XMP), APP3-APP13 (IPTC, Photoshop, maker data), APP15, comments.
_JPEG_KEPT_APPS = {0xE0, 0xE2, 0xEE}
_JPEG_COMMENT = 0xFE
_JPEG_START_OF_SCAN = 0xDA
# PNG chunks that carry text or camera data rather than pixels or colour.
_PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def jpeg(data: bytes) -> bytes:
    """A JPEG without its EXIF, XMP, IPTC, comments and the second pictures phones append."""
    if not data.startswith(b"\xff\xd8"):
        raise NoPublicCopy("not a JPEG")
    out = bytearray(b"\xff\xd8")
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise NoPublicCopy("damaged JPEG segment")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker == _JPEG_START_OF_SCAN:
            # The compressed picture, untouched, to its end marker (0xFFD9 cannot occur inside
            # it). What phones append after it (MPF's second pictures, each with its own
            # EXIF) is dropped.
            end = data.find(b"\xff\xd9", at)
            if end < 0:
                raise NoPublicCopy("JPEG without an end")
            out += data[at : end + 2]
            return bytes(out)
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise NoPublicCopy("damaged JPEG segment")
        if _jpeg_segment_kept(marker, data[at + 4 : end]):
            out += data[at:end]
        at = end
    raise NoPublicCopy("JPEG without a picture")


def _jpeg_segment_kept(marker: int, payload: bytes) -> bool:
    if marker == _JPEG_COMMENT:
        return False
    if not 0xE0 <= marker <= 0xEF:
        return True  # tables, frame headers: the picture itself
    if marker == 0xE2:
        return payload.startswith(b"ICC_PROFILE\x00")  # APP2 also holds MPF, with its own EXIF
    return marker in _JPEG_KEPT_APPS


def png(data: bytes) -> bytes:
    """A PNG without its text, EXIF and time chunks."""
    if not data.startswith(_PNG_SIGNATURE):
        raise NoPublicCopy("not a PNG")
    out = bytearray(_PNG_SIGNATURE)
    at = len(_PNG_SIGNATURE)
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        end = at + 12 + length
        if end > len(data):
            raise NoPublicCopy("damaged PNG chunk")
        if kind not in _PNG_DROPPED:
            out += data[at:end]
        at = end
        if kind == b"IEND":
            return bytes(out)
    raise NoPublicCopy("PNG without an end")
