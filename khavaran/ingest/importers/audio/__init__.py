"""Audio (testimony recordings): stored as originals with duration, codec and tags; text later."""

from __future__ import annotations

import io
from pathlib import PurePath

import mutagen
from mutagen.aac import AAC
from mutagen.easymp4 import EasyMP4
from mutagen.flac import FLAC
from mutagen.mp3 import EasyMP3
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from khavaran.ingest.importers import video
from khavaran.ingest.result import DamagedFile, Extraction, WrongContent

# The formats the registry sends here, with the media type and codec each one means. The "Easy"
# variants read ID3 and MP4 tags under the same plain names ("title") as Vorbis comments.
_FORMATS: dict[type[mutagen.FileType], tuple[str, str]] = {
    EasyMP3: ("audio/mpeg", "mp3"),
    WAVE: ("audio/wav", "pcm"),
    OggVorbis: ("audio/ogg", "vorbis"),
    OggOpus: ("audio/ogg", "opus"),
    FLAC: ("audio/flac", "flac"),
    EasyMP4: ("audio/mp4", "aac"),
    AAC: ("audio/aac", "aac"),
}
_TAGS = ("title", "artist", "album", "date", "genre", "comment", "language", "copyright")


class _NamedBytes(io.BytesIO):
    """Bytes with a file name: mutagen scores formats by extension as well as by header."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def extract(data: bytes, name: str) -> Extraction:
    """Media type, duration, codec, sample rate, channels and tags of a recording.

    Raises:
        WrongContent: the bytes are not audio in a supported format.
        DamagedFile: the format is known but the stream is corrupt.
    """
    audio = _open(data, name)
    media_type, codec = _FORMATS[type(audio)]
    info = audio.info
    if info is None:
        raise DamagedFile("damaged audio: no stream information")
    metadata: dict[str, object] = {
        "format": type(audio).__name__,
        "codec": getattr(info, "codec", None) or codec,
        "duration_seconds": round(float(info.length), 3),
        "sample_rate": getattr(info, "sample_rate", None),
        "channels": getattr(info, "channels", None),
        "bitrate": getattr(info, "bitrate", None),
    }
    tags = _tags(audio)
    metadata |= {f"tag_{key}": value for key, value in tags.items() if key != "title"}
    if isinstance(audio, EasyMP4):
        metadata |= _position(data, name)
    return Extraction(
        kind="audio",
        media_type=media_type,
        text="",
        method="audio/mutagen",
        method_version=mutagen.version_string,
        title=tags.get("title"),
        metadata={key: value for key, value in metadata.items() if value is not None},
    )


def _open(data: bytes, name: str) -> mutagen.FileType:
    suffix = PurePath(name).suffix.lower()
    try:
        audio: mutagen.FileType | None = mutagen.File(
            _NamedBytes(data, name), options=list(_FORMATS)
        )
    except mutagen.MutagenError as error:
        raise DamagedFile(f"damaged {suffix} audio: {error}") from None
    # mutagen parses hostile headers with plain Python; these are its failure modes.
    except (ValueError, KeyError, IndexError, EOFError, OverflowError) as error:
        raise DamagedFile(f"damaged {suffix} audio: {error}") from None
    if audio is None or type(audio) not in _FORMATS:
        raise WrongContent(
            f"not audio in a supported format ({suffix}); give it the extension of its real format"
        )
    return audio


def _position(data: bytes, name: str) -> dict[str, object]:
    """Where a phone says an M4A was recorded (©xyz): read as the video importer reads it,
    since an M4A is the same container."""
    try:
        position = video.extract(data, name).metadata.get("position")
    except WrongContent:
        return {}
    return {"position": position} if position else {}


def _tags(audio: mutagen.FileType) -> dict[str, str]:
    found: dict[str, str] = {}
    if audio.tags is None:
        return found
    for key in _TAGS:
        try:
            values = audio.tags.get(key)
        except (KeyError, ValueError):
            continue
        text = " / ".join(str(value).strip() for value in values or () if str(value).strip())
        if text:
            found[key] = text
    return found
