"""Recordings: the same sound, without the tags.

A testimony's tags can name the person speaking ("artist"), the interviewer, the place, the
date; a cover picture carries its own EXIF; a phone's recording can carry its position. The
copy keeps the audio stream's bytes as they are and drops the tag blocks around them.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import re
import struct
from collections.abc import Iterator
from typing import BinaryIO, cast

import mutagen
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from khavaran.evidence.mp4 import box_at
from khavaran.evidence.public_copy.refusal import NoPublicCopy
from khavaran.evidence.public_copy.spans import Data, write_span

# RIFF chunks that are the sound or describe its encoding. Dropped: LIST/INFO (artist,
# comments), bext (the originator and recording time), iXML, id3, cue and the rest.
_WAV_KEPT = {b"fmt ", b"fact", b"data"}
# FLAC metadata blocks kept: STREAMINFO (0) and SEEKTABLE (3). Dropped: padding, application
# data, Vorbis comments, cue sheets and pictures.
_FLAC_KEPT = {0, 3}
# What a QuickTime-style file keeps outside the tag list mutagen clears: a position, a device.
_MP4_LEFTOVERS = (b"\xa9xyz", b"com.apple.quicktime.location", b"\xa9mak", b"\xa9mod")
# Boxes that hold the boxes where QuickTime, iTunes and Adobe keep their metadata.
_MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"udta", b"meta", b"edts"}
# Real files nest them five deep at most; a hostile one could nest them past Python's stack.
_MP4_DEPTH = 16
# Adobe's XMP, in a box of its own (QuickTime) or a "uuid" box with this identifier (MP4).
_MP4_XMP = (b"XMP_", bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC"))
# An ID3v2 header (version 2-4, its flags and a syncsafe size) where only sound should be: a
# second recording's tags, after two files were joined.
_ID3V2_HEADER = re.compile(rb"ID3[\x02-\x04]\x00[\x00-\xff][\x00-\x7f]{4}")


def mpeg(data: Data, out: BinaryIO) -> None:
    """An MP3 or ADTS AAC stream without ID3v2 tags before it or ID3v1 and APE tags after."""
    start, end = _after_id3v2(data), _before_trailing_tags(data)
    if start >= end:
        raise NoPublicCopy("no audio between the tags")
    if _ID3V2_HEADER.search(data, start, end):
        raise NoPublicCopy("the recording holds tags inside its sound (recordings joined?)")
    write_span(data, start, end, out)


def wav(data: Data, out: BinaryIO) -> None:
    """A WAV file with only its format and sound chunks."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise NoPublicCopy("not a RIFF WAVE file")
    kept: list[tuple[bytes, int, int]] = []
    at = 12
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        end = at + 8 + size + (size & 1)  # chunks are padded to an even length
        if at + 8 + size > len(data):
            raise NoPublicCopy("damaged WAV chunk")
        if kind in _WAV_KEPT:
            kept.append((kind, at, min(end, len(data))))
        at = end
    if not any(kind == b"data" for kind, _, _ in kept):
        raise NoPublicCopy("WAV without sound")
    length = 4 + sum(end - start for _, start, end in kept)
    out.write(b"RIFF" + struct.pack("<I", length) + b"WAVE")
    for _, start, end in kept:
        write_span(data, start, end, out)


def flac(data: Data, out: BinaryIO) -> None:
    """A FLAC file with its stream information and seek table, and no other metadata block."""
    at = _after_id3v2(data)
    if data[at : at + 4] != b"fLaC":
        raise NoPublicCopy("not a FLAC file")
    at += 4
    blocks: list[tuple[int, bytes]] = []
    last = False
    while not last:
        if at + 4 > len(data):
            raise NoPublicCopy("damaged FLAC metadata")
        header = data[at]
        last, kind = bool(header & 0x80), header & 0x7F
        end = at + 4 + int.from_bytes(data[at + 1 : at + 4], "big")
        if end > len(data):
            raise NoPublicCopy("damaged FLAC metadata")
        if kind in _FLAC_KEPT:
            blocks.append((kind, data[at + 4 : end]))
        at = end
    if not blocks or blocks[0][0] != 0:
        raise NoPublicCopy("FLAC without stream information")
    out.write(b"fLaC")
    for number, (kind, body) in enumerate(blocks):
        flag = 0x80 if number == len(blocks) - 1 else 0
        out.write(bytes([kind | flag]) + len(body).to_bytes(3, "big") + body)
    write_span(data, at, _before_trailing_tags(data), out)


def tagged_container(data: Data, out: BinaryIO) -> None:
    """An Ogg (Vorbis, Opus) or MP4 recording with its tags cleared by mutagen.

    The original is copied to `out` (readable and writable) and mutagen clears the tags there,
    moving the sound through the file rather than through memory. Refused where what names
    someone is kept outside the tags mutagen clears: a second Ogg stream with its own comments,
    QuickTime's own metadata in an M4A.
    """
    if data[:4] == b"OggS" and _ogg_streams(data) > 1:
        raise NoPublicCopy(
            "the recording holds more than one stream (joined or multiplexed Ogg), each with "
            "its own comments"
        )
    write_span(data, 0, len(data), out)
    out.seek(0)
    try:
        recording = mutagen.File(out, options=[OggVorbis, OggOpus, MP4])
        if recording is None:
            raise NoPublicCopy("not an Ogg or MP4 recording")
        if recording.tags is not None:
            recording.tags.clear()
            out.seek(0)
            recording.save(out)
    except NoPublicCopy:
        raise
    # mutagen parses and rewrites hostile headers with plain Python; any failure means no copy.
    except Exception as error:
        raise NoPublicCopy(f"damaged recording: {error}") from None
    with _written(out) as copy:
        _refuse_what_mutagen_left(copy, isinstance(recording, MP4))


def _refuse_what_mutagen_left(copy: Data, is_mp4: bool) -> None:
    if any(copy.find(marker) != -1 for marker in _MP4_LEFTOVERS):
        raise NoPublicCopy("the recording holds a position or a device name outside its tags")
    if is_mp4 and _mp4_has_metadata(copy):
        raise NoPublicCopy(
            "the recording holds QuickTime metadata (names, dates, keys) outside its tags"
        )


@contextlib.contextmanager
def _written(out: BinaryIO) -> Iterator[Data]:
    """What has been written to `out`: its bytes in memory, or its file mapped."""
    if isinstance(out, io.BytesIO):
        yield out.getvalue()
        return
    out.flush()
    with mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        yield mapped


def _ogg_streams(data: Data) -> int:
    """How many logical streams begin in an Ogg file: pages flagged "beginning of stream"."""
    count, at = 0, 0
    while at + 27 <= len(data):
        segments = data[at + 26]
        table = data[at + 27 : at + 27 + segments]
        if data[at : at + 4] != b"OggS" or len(table) < segments:
            raise NoPublicCopy("damaged Ogg page")
        count += bool(data[at + 5] & 0x02)
        at += 27 + segments + sum(table)
    return count


def _mp4_has_metadata(data: Data) -> bool:
    """Whether QuickTime text atoms (©ART, ©nam, ©day), Apple's keyed metadata (mdta keys),
    an iTunes tag list or XMP remain, anywhere outside the sound."""
    for kind, payload in _mp4_boxes(data, 0, len(data)):
        if kind.startswith(b"\xa9") or kind == _MP4_XMP[0]:
            return True
        if kind == b"uuid" and payload.startswith(_MP4_XMP[1]):
            return True
        if kind == b"keys" and payload[4:8] != bytes(4):  # its entry count
            return True
        if kind == b"ilst" and payload:
            return True
    return False


def _mp4_boxes(data: Data, start: int, end: int, depth: int = 0) -> Iterator[tuple[bytes, bytes]]:
    """Every box between start and end, and those inside the containers of metadata."""
    if depth > _MP4_DEPTH:
        raise NoPublicCopy("damaged MP4: boxes nested too deep")
    at = start
    while at + 8 <= end:
        box = box_at(cast(bytes, data), at, end)  # it only reads slices of it
        if box is None:
            raise NoPublicCopy("damaged MP4 box")
        kind, inside, after = box
        payload = data[inside:after] if kind != b"mdat" else b""
        yield kind, payload
        if kind in _MP4_CONTAINERS:
            # An MP4 "meta" box starts with a version and flags; QuickTime's, with its handler.
            inner = inside + (4 if kind == b"meta" and payload[4:8] != b"hdlr" else 0)
            yield from _mp4_boxes(data, inner, after, depth + 1)
        at = after


def _after_id3v2(data: Data) -> int:
    at = 0
    while data[at : at + 3] == b"ID3" and at + 10 <= len(data):
        footer = 10 if data[at + 5] & 0x10 else 0
        at += 10 + _syncsafe(data[at + 6 : at + 10]) + footer
    return at


def _before_appended_id3v2(data: Data, end: int) -> int:
    """Where an ID3v2.4 tag appended at the end begins: its footer gives its size."""
    start = end - 20 - _syncsafe(data[end - 4 : end])
    if start < 0 or data[start : start + 3] != b"ID3":
        raise NoPublicCopy("damaged ID3 tag at the end of the recording")
    return start


def _syncsafe(size: bytes) -> int:
    found = 0
    for byte in size:  # seven bits a byte
        found = (found << 7) | (byte & 0x7F)
    return found


def _before_trailing_tags(data: Data) -> int:
    end = len(data)
    while True:
        if end >= 128 and data[end - 128 : end - 125] == b"TAG":  # ID3v1
            end -= 128
        elif end >= 20 and data[end - 10 : end - 7] == b"3DI":  # ID3v2.4 appended, footer last
            end = _before_appended_id3v2(data, end)
        elif end >= 32 and data[end - 32 : end - 24] == b"APETAGEX":
            size, flags = struct.unpack("<I4xI", data[end - 20 : end - 8])
            header = 32 if flags & 0x80000000 else 0
            end -= size + header
        else:
            return max(end, 0)
