"""The copy of an image the public site serves: the picture without what the camera wrote.

A photograph's EXIF can hold the GPS position it was taken at, the camera's serial number and
its owner's name: on a memorial site, that can point to a witness's home. The original stays
in the store unchanged (it is the evidence); the public gets the same pixels, with the
metadata segments dropped byte for byte, never re-encoded.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping

# JPEG segments kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform).
# Dropped: APP1 (EXIF, XMP), APP3-APP13 (IPTC, Photoshop, maker data), APP15, comments.
_JPEG_KEPT_APPS = {0xE0, 0xE2, 0xEE}
_JPEG_COMMENT = 0xFE
_JPEG_START_OF_SCAN = 0xDA
# PNG chunks that carry text or camera data rather than pixels or colour.
_PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# The formats whose metadata can be removed without touching the picture.
CLEANABLE = frozenset({"image/jpeg", "image/png"})


def has_camera_data(metadata: Mapping[str, object]) -> bool:
    """Whether ingest found what a device wrote about itself: EXIF, or a filming position."""
    return "position" in metadata or any(key.startswith("exif_") for key in metadata)


class NoPublicCopy(ValueError):
    """The file's format is not one whose metadata this module can remove."""


def without_metadata(data: bytes, media_type: str) -> bytes:
    """The image's bytes without its embedded metadata (JPEG and PNG).

    Raises:
        NoPublicCopy: another format, or bytes that do not parse as the format claimed.
    """
    if media_type == "image/jpeg":
        return _jpeg(data)
    if media_type == "image/png":
        return _png(data)
    raise NoPublicCopy(f"no metadata-free copy for {media_type}")


def _jpeg(data: bytes) -> bytes:
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


def _png(data: bytes) -> bytes:
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
