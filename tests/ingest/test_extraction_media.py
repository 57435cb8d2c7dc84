"""Images and audio: stored as originals with metadata and no text; damaged files refused."""

from __future__ import annotations

import io
import json
import struct
import wave
from pathlib import Path

import pytest
from PIL import Image

from khavaran.ingest.extraction import DamagedFile, WrongContent, extract_file

# --- factories -------------------------------------------------------------------------------


def make_image(tmp_path: Path, name: str, fmt: str, *, exif: bool = False) -> Path:
    image = Image.new("RGB", (64, 48), color=(120, 80, 40))
    options: dict[str, object] = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Canon"  # Make
        tags[0x0110] = "EOS 5D"  # Model
        tags.get_ifd(0x8769)[0x9003] = "2016:08:09 10:30:00"  # DateTimeOriginal
        tags.get_ifd(0x8825).update(
            {1: "N", 2: (35.0, 41.0, 24.0), 3: "E", 4: (51.0, 25.0, 12.0)}  # Tehran
        )
        options["exif"] = tags
    path = tmp_path / name
    image.save(path, format=fmt, **options)
    return path


def make_wav(tmp_path: Path, seconds: float = 1.5, name: str = "testimony.wav") -> Path:
    path = tmp_path / name
    with wave.open(str(path), "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(16_000)
        recording.writeframes(bytes(int(16_000 * seconds) * 2))
    return path


def make_flac(tmp_path: Path, seconds: int = 3) -> Path:
    """A FLAC header (STREAMINFO) and Vorbis comments: what mutagen reads, no encoder needed."""
    rate, channels, bits, samples = 44_100, 2, 16, 44_100 * seconds
    packed = (rate << 44) | ((channels - 1) << 41) | ((bits - 1) << 36) | samples
    streaminfo = struct.pack(">HH", 4096, 4096) + bytes(6) + packed.to_bytes(8, "big") + bytes(16)
    comments = [b"TITLE=Interview with a survivor", b"ARTIST=Oral history project"]
    vorbis = struct.pack("<I", 4) + b"test" + struct.pack("<I", len(comments))
    vorbis += b"".join(struct.pack("<I", len(comment)) + comment for comment in comments)
    path = tmp_path / "interview.flac"
    path.write_bytes(
        b"fLaC" + _flac_block(0, streaminfo, last=False) + _flac_block(4, vorbis, last=True)
    )
    return path


def _flac_block(kind: int, body: bytes, *, last: bool) -> bytes:
    return bytes([kind | (0x80 if last else 0)]) + len(body).to_bytes(3, "big") + body


def make_mp3(tmp_path: Path, frames: int = 100) -> Path:
    """Silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each) after an ID3 title."""
    title = b"\x03" + b"Montazeri meeting, 1988"  # 3: UTF-8
    id3_frame = b"TIT2" + _syncsafe(len(title)) + b"\x00\x00" + title
    id3 = b"ID3\x04\x00\x00" + _syncsafe(len(id3_frame)) + id3_frame
    frame = b"\xff\xfb\x90\x64" + bytes(413)
    path = tmp_path / "recording.mp3"
    path.write_bytes(id3 + frame * frames)
    return path


def _syncsafe(size: int) -> bytes:
    return bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))


# --- images ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "media_type"),
    [
        ("photo.png", "PNG", "image/png"),
        ("photo.jpg", "JPEG", "image/jpeg"),
        ("photo.gif", "GIF", "image/gif"),
        ("photo.tif", "TIFF", "image/tiff"),
        ("photo.webp", "WEBP", "image/webp"),
    ],
)
def test_it_describes_an_image_without_text(
    tmp_path: Path, name: str, fmt: str, media_type: str
) -> None:
    extraction = extract_file(make_image(tmp_path, name, fmt))
    assert extraction.kind == "image"
    assert extraction.media_type == media_type
    assert extraction.text == ""
    assert extraction.language is None
    assert (extraction.metadata["width"], extraction.metadata["height"]) == (64, 48)
    assert extraction.metadata["format"] == fmt
    json.dumps(dict(extraction.metadata))


def test_it_keeps_exif_date_camera_and_position_as_json(tmp_path: Path) -> None:
    extraction = extract_file(make_image(tmp_path, "grave.jpg", "JPEG", exif=True))
    metadata = extraction.metadata
    assert metadata["exif_taken"] == "2016:08:09 10:30:00"
    assert (metadata["exif_camera_make"], metadata["exif_camera_model"]) == ("Canon", "EOS 5D")
    assert metadata["exif_latitude"] == pytest.approx(35.69, abs=0.01)
    assert metadata["exif_longitude"] == pytest.approx(51.42, abs=0.01)
    json.dumps(dict(metadata))


def test_it_reports_the_real_format_of_a_misnamed_image(tmp_path: Path) -> None:
    path = make_image(tmp_path, "photo.jpg", "PNG")
    assert extract_file(path).media_type == "image/png"


def test_it_refuses_a_truncated_image(tmp_path: Path) -> None:
    path = make_image(tmp_path, "photo.png", "PNG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedFile, match="truncated or damaged image"):
        extract_file(path)


def test_it_refuses_text_with_an_image_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_text("not a picture", encoding="utf-8")
    with pytest.raises(WrongContent, match="not an image"):
        extract_file(path)


# --- audio -----------------------------------------------------------------------------------


def test_it_describes_a_wav_recording(tmp_path: Path) -> None:
    extraction = extract_file(make_wav(tmp_path, seconds=1.5))
    assert extraction.kind == "audio"
    assert extraction.media_type == "audio/wav"
    assert extraction.text == ""
    assert extraction.method == "audio/mutagen"
    assert extraction.metadata["duration_seconds"] == pytest.approx(1.5)
    assert extraction.metadata["sample_rate"] == 16_000
    assert extraction.metadata["channels"] == 1
    json.dumps(dict(extraction.metadata))


def test_it_describes_a_flac_recording_with_its_tags(tmp_path: Path) -> None:
    extraction = extract_file(make_flac(tmp_path, seconds=3))
    assert extraction.media_type == "audio/flac"
    assert extraction.metadata["duration_seconds"] == pytest.approx(3.0)
    assert extraction.metadata["channels"] == 2
    assert extraction.title == "Interview with a survivor"
    assert extraction.metadata["tag_artist"] == "Oral history project"


def test_it_describes_an_mp3_recording_with_its_title(tmp_path: Path) -> None:
    extraction = extract_file(make_mp3(tmp_path, frames=100))
    assert extraction.media_type == "audio/mpeg"
    assert extraction.metadata["codec"] == "mp3"
    assert extraction.metadata["sample_rate"] == 44_100
    assert extraction.metadata["duration_seconds"] == pytest.approx(100 * 1152 / 44_100, abs=0.1)
    assert extraction.title == "Montazeri meeting, 1988"


def test_it_refuses_random_bytes_with_an_audio_name(tmp_path: Path) -> None:
    path = tmp_path / "noise.mp3"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises((WrongContent, DamagedFile), match=r"\.mp3"):
        extract_file(path)


def test_it_refuses_a_truncated_wav(tmp_path: Path) -> None:
    path = make_wav(tmp_path)
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises((WrongContent, DamagedFile), match=r"\.wav"):
        extract_file(path)


def test_it_reads_where_a_phone_says_an_m4a_recording_was_made(tmp_path: Path) -> None:
    # A voice memo is the same container as a phone's video, and can say the same.
    memo = make_mp4(tmp_path, name="memo.m4a", brand=b"M4A ", position="+35.6892+051.3890/")
    extraction = extract_file(memo)
    assert extraction.kind == "audio"
    assert extraction.metadata["position"] == "35.68920, 51.38900"
    plain = make_mp4(tmp_path, name="plain.m4a", brand=b"M4A ")
    assert "position" not in extract_file(plain).metadata


def test_it_refuses_a_text_file_named_ogg(tmp_path: Path) -> None:
    path = tmp_path / "song.ogg"
    path.write_bytes(io.BytesIO(b"hello, this is not audio").getvalue())
    with pytest.raises((WrongContent, DamagedFile), match=r"\.ogg"):
        extract_file(path)


# --- video -----------------------------------------------------------------------------------


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def make_mp4(
    tmp_path: Path,
    *,
    name: str = "footage.mp4",
    brand: bytes = b"isom",
    seconds: int = 95,
    recorded: int = 2_663_403_000,  # 1988-05-25 10:10:00 UTC, in seconds since 1904
    index: bool = True,
    position: str | None = None,
) -> Path:
    """An ISO base media file as a phone writes it: ftyp, the footage (mdat), its index (moov)
    with, when location is on, the place in ISO 6709 ("+35.6892+051.3890/")."""
    timescale = 600
    header = struct.pack(">B3xIIII", 0, recorded, recorded, timescale, seconds * timescale)
    user_data = b""
    if position is not None:
        text = position.encode("ascii")
        user_data = _box(b"udta", _box(b"\xa9xyz", struct.pack(">HH", len(text), 0x15C7) + text))
    movie = _box(b"moov", _box(b"mvhd", header + bytes(80)) + user_data)
    footage = _box(b"mdat", bytes(4096))
    path = tmp_path / name
    path.write_bytes(_box(b"ftyp", brand + bytes(4) + brand) + footage + (movie if index else b""))
    return path


def test_it_keeps_a_phone_video_with_its_duration_and_recording_time(tmp_path: Path) -> None:
    extraction = extract_file(make_mp4(tmp_path))
    assert extraction.kind == "video"
    assert extraction.media_type == "video/mp4"
    assert extraction.text == ""
    assert extraction.metadata["duration_seconds"] == 95
    assert extraction.metadata["recorded_at"] == "1988-05-25T10:10:00Z"
    assert extraction.metadata["transcribed"] is False
    json.dumps(dict(extraction.metadata))


@pytest.mark.parametrize(
    ("name", "brand", "media_type"),
    [("clip.mov", b"qt  ", "video/quicktime"), ("clip.3gp", b"3gp5", "video/3gpp")],
)
def test_it_names_quicktime_and_3gp_by_their_brand(
    tmp_path: Path, name: str, brand: bytes, media_type: str
) -> None:
    extraction = extract_file(make_mp4(tmp_path, name=name, brand=brand))
    assert extraction.media_type == media_type


def test_it_reads_where_a_phone_says_a_video_was_filmed(tmp_path: Path) -> None:
    extraction = extract_file(make_mp4(tmp_path, position="+35.6892+051.3890/"))
    assert extraction.metadata["position"] == "35.68920, 51.38900"
    assert "position" not in extract_file(make_mp4(tmp_path, name="plain.mp4")).metadata


def test_it_keeps_a_video_whose_recording_was_cut_short(tmp_path: Path) -> None:
    # The index is written last: a phone that died mid-recording leaves footage without it.
    extraction = extract_file(make_mp4(tmp_path, index=False))
    assert extraction.kind == "video"
    assert extraction.metadata["index"] == "missing"
    assert "duration_seconds" not in extraction.metadata


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        (
            "clip.webm",
            b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + bytes(64),
            "video/webm",
        ),
        ("clip.mkv", b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska" + bytes(64), "video/x-matroska"),
        ("clip.avi", b"RIFF\x00\x10\x00\x00AVI LIST" + bytes(64), "video/x-msvideo"),
    ],
)
def test_it_recognizes_webm_matroska_and_avi(
    tmp_path: Path, name: str, data: bytes, media_type: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert extract_file(path).media_type == media_type


def test_it_refuses_a_document_named_mp4(tmp_path: Path) -> None:
    path = tmp_path / "video.mp4"
    path.write_bytes(b"%PDF-1.7\n" + bytes(100))
    with pytest.raises(WrongContent, match=r"not a video .*\(\.mp4\)"):
        extract_file(path)
