"""The public copy of a recording: the same sound, without tags that can name the speaker."""

from __future__ import annotations

import struct
import wave
from io import BytesIO
from pathlib import Path

import mutagen
import pytest
from mutagen.mp4 import MP4
from mutagen.ogg import OggPage

from khavaran.evidence.public_copy import NoPublicCopy, without_metadata
from tests.ingest.test_extraction_media import make_flac, make_mp3, make_mp4, make_wav


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def test_an_mp3_loses_its_id3_and_ape_tags_and_keeps_every_frame(tmp_path: Path) -> None:
    original = make_mp3(tmp_path).read_bytes()
    frames = original[original.index(b"\xff\xfb") :]
    ape_items = struct.pack("<II", 10, 0) + b"Artist\x00Witness M."
    ape_footer = b"APETAGEX" + struct.pack("<IIII", 2000, len(ape_items) + 32, 1, 0) + bytes(8)
    id3v1 = b"TAG" + b"Testimony".ljust(30, b"\x00") + b"Witness M.".ljust(30, b"\x00") + bytes(65)
    tagged = original + ape_items + ape_footer + id3v1
    copy = without_metadata(tagged, "audio/mpeg")
    assert copy == frames
    assert b"Montazeri" not in copy and b"Witness" not in copy


def test_a_wav_keeps_its_sound_and_loses_its_info_and_broadcast_chunks(tmp_path: Path) -> None:
    original = make_wav(tmp_path).read_bytes()
    info = _riff_chunk(b"LIST", b"INFO" + _riff_chunk(b"IART", b"Witness M.\x00"))
    bext = _riff_chunk(b"bext", b"Interviewer: Hamid, Paris".ljust(602, b"\x00"))
    riff_body = original[12:] + info + bext
    tagged = b"RIFF" + struct.pack("<I", 4 + len(riff_body)) + b"WAVE" + riff_body
    copy = without_metadata(tagged, "audio/wav")
    assert b"Witness" not in copy and b"Hamid" not in copy
    with wave.open(BytesIO(copy)) as cleaned, wave.open(BytesIO(original)) as plain:
        assert cleaned.getparams() == plain.getparams()
        assert cleaned.readframes(cleaned.getnframes()) == plain.readframes(plain.getnframes())


def test_a_flac_keeps_its_stream_information_and_loses_its_comments(tmp_path: Path) -> None:
    original = make_flac(tmp_path).read_bytes()
    copy = without_metadata(original, "audio/flac")
    assert b"Interview with a survivor" not in copy and b"Oral history" not in copy
    recording = mutagen.File(BytesIO(copy))
    assert recording.tags is None or not list(recording.tags)
    assert recording.info.length == mutagen.File(BytesIO(original)).info.length


def _ogg_vorbis(comments: list[bytes]) -> bytes:
    """Identification, comment and setup headers and one audio packet: what mutagen reads."""
    identification = (
        b"\x01vorbis" + struct.pack("<IBIiii", 0, 1, 44_100, 0, 128_000, 0) + b"\xb8\x01"
    )
    comment = b"\x03vorbis" + struct.pack("<I", 4) + b"test" + struct.pack("<I", len(comments))
    comment += b"".join(struct.pack("<I", len(text)) + text for text in comments) + b"\x01"
    pages = []
    for sequence, (packets, position) in enumerate(
        [([identification], 0), ([comment, b"\x05vorbis" + bytes(20)], 0), ([bytes(100)], 44_100)]
    ):
        page = OggPage()
        page.packets, page.serial, page.sequence, page.position = packets, 1, sequence, position
        page.first, page.last = sequence == 0, sequence == 2
        pages.append(page.write())
    return b"".join(pages)


def test_an_ogg_recording_loses_its_comments() -> None:
    original = _ogg_vorbis([b"ARTIST=Witness M.", b"TITLE=Testimony, Evin"])
    copy = without_metadata(original, "audio/ogg")
    assert b"Witness" not in copy and b"Evin" not in copy
    recording = mutagen.File(BytesIO(copy))
    assert list(recording.tags) == [] and recording.info.length == 1.0


def test_an_m4a_recording_loses_its_tags(tmp_path: Path) -> None:
    path = make_mp4(tmp_path, name="memo.m4a", brand=b"M4A ")
    recording = MP4(str(path))
    recording["\xa9ART"] = ["Witness M."]
    recording.save()
    copy = without_metadata(path.read_bytes(), "audio/mp4")
    assert b"Witness" not in copy
    assert not MP4(BytesIO(copy)).tags


def test_an_m4a_recording_that_says_where_it_was_made_gets_no_copy(tmp_path: Path) -> None:
    path = make_mp4(tmp_path, name="memo.m4a", brand=b"M4A ", position="+35.6892+051.3890/")
    with pytest.raises(NoPublicCopy, match="position"):
        without_metadata(path.read_bytes(), "audio/mp4")


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x05hello", "audio/mpeg"),  # tags and nothing else
        (b"RIFF\x04\x00\x00\x00WAVE", "audio/wav"),  # no sound
        (b"fLaC\x84\x00\x01", "audio/flac"),  # cut off in its first block
        (b"OggS" + bytes(40), "audio/ogg"),
    ],
)
def test_what_it_cannot_read_as_sound_it_refuses(data: bytes, media_type: str) -> None:
    with pytest.raises(NoPublicCopy):
        without_metadata(data, media_type)


def _syncsafe(size: int) -> bytes:
    return bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))


def _id3v24(text: bytes, *, footer: bool) -> bytes:
    """An ID3v2.4 tag naming the artist; with a footer ("3DI") it can stand at the end."""
    body = b"\x03" + text  # 3: UTF-8
    frame = b"TPE1" + _syncsafe(len(body)) + b"\x00\x00" + body
    flags = b"\x10" if footer else b"\x00"
    tag = b"ID3\x04\x00" + flags + _syncsafe(len(frame)) + frame
    return tag + (b"3DI\x04\x00" + flags + _syncsafe(len(frame)) if footer else b"")


def test_an_mp3_loses_an_id3_tag_appended_at_its_end(tmp_path: Path) -> None:
    original = make_mp3(tmp_path).read_bytes()
    frames = original[original.index(b"\xff\xfb") :]
    copy = without_metadata(original + _id3v24(b"Witness M.", footer=True), "audio/mpeg")
    assert copy == frames


def test_an_mp3_joined_from_two_tagged_recordings_gets_no_copy(tmp_path: Path) -> None:
    # The second recording's tags sit between the two recordings' frames.
    original = make_mp3(tmp_path).read_bytes()
    joined = (
        original + _id3v24(b"Witness M.", footer=False) + original[original.index(b"\xff\xfb") :]
    )
    with pytest.raises(NoPublicCopy, match="tags inside its sound"):
        without_metadata(joined, "audio/mpeg")


def test_a_chained_ogg_recording_gets_no_copy() -> None:
    # Two recordings joined: the second has its own comments, which mutagen does not clear.
    second = BytesIO(_ogg_vorbis([b"ARTIST=Witness M.", b"LOCATION=12 Hidden Lane"]))
    pages = []
    while second.tell() < len(second.getvalue()):
        page = OggPage(second)
        page.serial = 2
        pages.append(page.write())
    chained = _ogg_vorbis([b"TITLE=part one"]) + b"".join(pages)
    with pytest.raises(NoPublicCopy, match="more than one stream"):
        without_metadata(chained, "audio/ogg")


def _mp4_box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _m4a_with(metadata: bytes) -> bytes:
    """An M4A whose index (moov) holds this metadata besides its header."""
    header = _mp4_box(b"mvhd", struct.pack(">B3xIIII", 0, 0, 0, 600, 600) + bytes(80))
    return (
        _mp4_box(b"ftyp", b"M4A " + bytes(4) + b"M4A ")
        + _mp4_box(b"mdat", bytes(512))
        + _mp4_box(b"moov", header + metadata)
    )


def _quicktime_text(kind: bytes, text: bytes) -> bytes:
    return _mp4_box(kind, struct.pack(">HH", len(text), 0x15C7) + text)


def _apple_keys(key: bytes, value: bytes) -> bytes:
    """Apple's keyed metadata (mdta): a key list and its values, in a QuickTime "meta" box."""
    handler = _mp4_box(b"hdlr", bytes(8) + b"mdta" + bytes(13))
    keys = _mp4_box(
        b"keys", struct.pack(">II", 0, 1) + struct.pack(">I", 8 + len(key)) + b"mdta" + key
    )
    data = _mp4_box(b"data", struct.pack(">II", 1, 0) + value)
    values = _mp4_box(b"ilst", struct.pack(">II", 8 + len(data), 1) + data)
    return _mp4_box(b"meta", handler + keys + values)


@pytest.mark.parametrize(
    "metadata",
    [
        _mp4_box(
            b"udta",
            _quicktime_text(b"\xa9ART", b"Witness M.")
            + _quicktime_text(b"\xa9day", b"2024-03-01T10:00:00+0330"),
        ),
        _apple_keys(b"com.apple.quicktime.author", b"Witness M."),
    ],
    ids=["quicktime text atoms", "apple keys"],
)
def test_an_m4a_with_quicktime_metadata_outside_its_tags_gets_no_copy(metadata: bytes) -> None:
    with pytest.raises(NoPublicCopy, match="QuickTime metadata"):
        without_metadata(_m4a_with(metadata), "audio/mp4")


def test_an_m4a_without_quicktime_metadata_gets_a_copy() -> None:
    copy = without_metadata(_m4a_with(b""), "audio/mp4")
    assert copy == _m4a_with(b"")


def test_an_m4a_with_boxes_nested_past_reason_gets_no_copy() -> None:
    # "edts" boxes, which mutagen does not read into: only the check for QuickTime metadata does.
    nested = b""
    for _ in range(2000):
        nested = _mp4_box(b"edts", nested)
    with pytest.raises(NoPublicCopy, match="nested too deep"):
        without_metadata(_m4a_with(nested), "audio/mp4")
