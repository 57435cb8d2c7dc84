"""Photographs: the same picture, without what the camera wrote.

A photograph's EXIF can hold the GPS position it was taken at, the camera's serial number and
its owner's name. The metadata segments are dropped byte for byte; the compressed picture is
never re-encoded.
"""

from __future__ import annotations

import re
import struct
from typing import BinaryIO

from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Data, cleaned_bytes, write_span

# JPEG segments kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform).
# Dropped: APP1 (EXIF, XMP), APP3-APP13 (IPTC, Photoshop, maker data), APP15, comments.
_JPEG_KEPT_APPS = {0xE0, 0xE2, 0xEE}
_JPEG_COMMENT = 0xFE
# Frame headers, Huffman, arithmetic and quantization tables, scan headers, restart interval:
# the picture itself (0xC0-0xCF, 0xDA-0xDF).
_JPEG_PICTURE = frozenset(range(0xC0, 0xD0)) | frozenset(range(0xDA, 0xE0))
_JPEG_START_OF_SCAN = 0xDA
_JPEG_END = 0xD9
# Inside a scan, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker (0xD0-0xD7);
# any other byte after it starts the next marker.
_JPEG_MARKER_AFTER_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7]")
# PNG chunks kept: the picture, its colour and its animation. Everything else is dropped:
# text, EXIF, time, C2PA manifests (caBX) and chunks no one has defined yet.
_PNG_KEPT = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"bKGD", b"hIST", b"pHYs", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# How an APP2 segment that holds a colour profile begins (APP2 also holds MPF, with its EXIF).
_ICC = b"ICC_PROFILE\x00"


def jpeg(data: Data) -> bytes:
    """A JPEG without its metadata (`write_jpeg`), as bytes: a picture inside a document."""
    return cleaned_bytes(write_jpeg, data)


def write_jpeg(data: Data, out: BinaryIO) -> None:
    """A JPEG without its EXIF, XMP, IPTC, comments and the second pictures phones append.

    Segments are filtered up to the end marker, between the scans of a progressive JPEG too;
    what phones append after it (MPF's second pictures, each with its own EXIF) is dropped.
    """
    if data[:2] != b"\xff\xd8":
        raise NoPublicCopy("not a JPEG")
    out.write(b"\xff\xd8")
    at = 2
    while at + 2 <= len(data):
        if data[at] != 0xFF:
            raise NoPublicCopy("damaged JPEG segment")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker == _JPEG_END:
            out.write(b"\xff\xd9")
            return
        end = _jpeg_segment_end(data, at)
        if _jpeg_segment_kept(marker, data[at + 4 : at + 4 + len(_ICC)]):
            write_span(data, at, end, out)
        at = end
        if marker == _JPEG_START_OF_SCAN:
            # The compressed picture, untouched, up to the next marker.
            scan = _JPEG_MARKER_AFTER_SCAN.search(data, at)
            if scan is None:
                raise NoPublicCopy("JPEG without an end")
            write_span(data, at, scan.start(), out)
            at = scan.start()
    raise NoPublicCopy("JPEG without an end")


def _jpeg_segment_end(data: Data, at: int) -> int:
    if at + 4 > len(data):
        raise NoPublicCopy("damaged JPEG segment")
    length = int.from_bytes(data[at + 2 : at + 4], "big")
    end = at + 2 + length
    if length < 2 or end > len(data):
        raise NoPublicCopy("damaged JPEG segment")
    return end


def _jpeg_segment_kept(marker: int, start: bytes) -> bool:
    """Whether a segment is kept, from its marker and the start of its payload."""
    if marker == _JPEG_COMMENT:
        return False
    if marker in _JPEG_PICTURE:
        return True
    if not 0xE0 <= marker <= 0xEF:
        # A marker without a length (or an unknown one) read as a segment would carry the
        # bytes after it through unfiltered.
        raise NoPublicCopy(f"JPEG with an unexpected marker 0xFF{marker:02X}")
    if marker == 0xE2:
        return start == _ICC  # APP2 also holds MPF, with its own EXIF
    return marker in _JPEG_KEPT_APPS


def png(data: Data) -> bytes:
    """A PNG with only its picture's chunks (`write_png`), as bytes: a picture in a document."""
    return cleaned_bytes(write_png, data)


def write_png(data: Data, out: BinaryIO) -> None:
    """A PNG with only the chunks that make its picture, colour and animation."""
    if data[: len(_PNG_SIGNATURE)] != _PNG_SIGNATURE:
        raise NoPublicCopy("not a PNG")
    out.write(_PNG_SIGNATURE)
    at = len(_PNG_SIGNATURE)
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        end = at + 12 + length
        if end > len(data):
            raise NoPublicCopy("damaged PNG chunk")
        if kind in _PNG_KEPT:
            write_span(data, at, end, out)
        at = end
        if kind == b"IEND":
            return
    raise NoPublicCopy("PNG without an end")
