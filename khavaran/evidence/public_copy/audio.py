"""Recordings: the same sound, without the tags.

A testimony's tags can name the person speaking ("artist"), the interviewer, the place, the
date; a cover picture carries its own EXIF; a phone's recording can carry its position. The
copy keeps the audio stream's bytes as they are and drops the tag blocks around them.
"""

from __future__ import annotations

import io
import struct

import mutagen
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from khavaran.evidence.public_copy.refusal import NoPublicCopy

# RIFF chunks that are the sound or describe its encoding. Dropped: LIST/INFO (artist,
# comments), bext (the originator and recording time), iXML, id3, cue and the rest.
_WAV_KEPT = {b"fmt ", b"fact", b"data"}
# FLAC metadata blocks kept: STREAMINFO (0) and SEEKTABLE (3). Dropped: padding, application
# data, Vorbis comments, cue sheets and pictures.
_FLAC_KEPT = {0, 3}
# What a QuickTime-style file keeps outside the tag list mutagen clears: a position, a device.
_MP4_LEFTOVERS = (b"\xa9xyz", b"com.apple.quicktime.location", b"\xa9mak", b"\xa9mod")


def mpeg(data: bytes) -> bytes:
    """An MP3 or ADTS AAC stream without ID3v2 tags before it or ID3v1 and APE tags after."""
    start, end = _after_id3v2(data), _before_trailing_tags(data)
    if start >= end:
        raise NoPublicCopy("no audio between the tags")
    return data[start:end]


def wav(data: bytes) -> bytes:
    """A WAV file with only its format and sound chunks."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise NoPublicCopy("not a RIFF WAVE file")
    kept = bytearray()
    at = 12
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        end = at + 8 + size + (size & 1)  # chunks are padded to an even length
        if at + 8 + size > len(data):
            raise NoPublicCopy("damaged WAV chunk")
        if kind in _WAV_KEPT:
            kept += data[at:end]
        at = end
    if b"data" not in kept:
        raise NoPublicCopy("WAV without sound")
    return b"RIFF" + struct.pack("<I", 4 + len(kept)) + b"WAVE" + bytes(kept)


def flac(data: bytes) -> bytes:
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
    out = bytearray(b"fLaC")
    for number, (kind, body) in enumerate(blocks):
        flag = 0x80 if number == len(blocks) - 1 else 0
        out += bytes([kind | flag]) + len(body).to_bytes(3, "big") + body
    return bytes(out) + data[at : _before_trailing_tags(data)]


def tagged_container(data: bytes) -> bytes:
    """An Ogg (Vorbis, Opus) or MP4 recording with its tags cleared by mutagen."""
    buffer = io.BytesIO(data)
    try:
        recording = mutagen.File(buffer, options=[OggVorbis, OggOpus, MP4])
        if recording is None:
            raise NoPublicCopy("not an Ogg or MP4 recording")
        if recording.tags is not None:
            recording.tags.clear()
            buffer.seek(0)
            recording.save(buffer)
    except NoPublicCopy:
        raise
    # mutagen parses and rewrites hostile headers with plain Python; any failure means no copy.
    except Exception as error:
        raise NoPublicCopy(f"damaged recording: {error}") from None
    copy = buffer.getvalue()
    if any(marker in copy for marker in _MP4_LEFTOVERS):
        raise NoPublicCopy("the recording holds a position or a device name outside its tags")
    return copy


def _after_id3v2(data: bytes) -> int:
    at = 0
    while data[at : at + 3] == b"ID3" and at + 10 <= len(data):
        size = 0
        for byte in data[at + 6 : at + 10]:  # syncsafe: seven bits a byte
            size = (size << 7) | (byte & 0x7F)
        footer = 10 if data[at + 5] & 0x10 else 0
        at += 10 + size + footer
    return at


def _before_trailing_tags(data: bytes) -> int:
    end = len(data)
    while True:
        if end >= 128 and data[end - 128 : end - 125] == b"TAG":  # ID3v1
            end -= 128
        elif end >= 32 and data[end - 32 : end - 24] == b"APETAGEX":
            size, flags = struct.unpack("<I4xI", data[end - 20 : end - 8])
            header = 32 if flags & 0x80000000 else 0
            end -= size + header
        else:
            return max(end, 0)
