"""Video (recorded testimony, footage filmed on phones): preserved as originals; text later.

No decoder is needed to keep a video as evidence: the container is recognized from its first
bytes, and an MP4 or QuickTime file's own index gives its duration and the time its camera
says it was recorded. Its sound is not transcribed here (that needs a decoder for the audio
track); a transcript can be added as a source of its own.
"""

from __future__ import annotations

import re
import struct
from datetime import UTC, datetime, timedelta
from pathlib import PurePath

from khavaran.evidence.mp4 import box_at
from khavaran.ingest.result import Extraction, WrongContent

METHOD_VERSION = "1"
# ISO base media (MP4, QuickTime, 3GP) stores times in seconds since 1904-01-01.
_EPOCH_1904 = datetime(1904, 1, 1, tzinfo=UTC)
# Box types that can open an ISO base media file (old QuickTime files have no "ftyp").
_FIRST_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
_EBML = b"\x1a\x45\xdf\xa3"
_ISO_6709 = re.compile(r"(?P<lat>[+-]\d+(?:\.\d+)?)(?P<lon>[+-]\d+(?:\.\d+)?)")


def extract(data: bytes, name: str) -> Extraction:
    """Container, media type, and (MP4/QuickTime) duration and recording time of a video.

    Raises:
        WrongContent: the bytes are not a video container Khavaran recognizes.
    """
    if len(data) >= 8 and data[4:8] in _FIRST_BOXES:
        media_type, metadata = _iso_media(data)
    elif data.startswith(_EBML):
        webm = b"webm" in data[:64]
        media_type = "video/webm" if webm else "video/x-matroska"
        metadata = {"container": "webm" if webm else "matroska"}
    elif data[:4] == b"RIFF" and data[8:12] == b"AVI ":
        media_type, metadata = "video/x-msvideo", {"container": "avi"}
    else:
        suffix = PurePath(name).suffix.lower()
        raise WrongContent(
            f"not a video in a known container ({suffix}); give it the extension of its real format"
        )
    return Extraction(
        kind="video",
        media_type=media_type,
        text="",
        method="video/container",
        method_version=METHOD_VERSION,
        metadata=metadata | {"transcribed": False},
    )


def _iso_media(data: bytes) -> tuple[str, dict[str, object]]:
    brand = data[8:12] if data[4:8] == b"ftyp" else b""
    if brand == b"qt  " or not brand:
        media_type, container = "video/quicktime", "quicktime"
    elif brand.startswith(b"3g"):
        media_type, container = "video/3gpp", "3gp"
    else:
        media_type, container = "video/mp4", "mp4"
    metadata: dict[str, object] = {"container": container}
    if brand:
        metadata["brand"] = brand.decode("latin-1").strip()
    movie = _child(data, 0, len(data), b"moov")
    header = _child(data, movie[0], movie[1], b"mvhd") if movie else None
    if movie is None or header is None:
        # Phones that stop mid-recording leave the index unwritten: the footage is still kept.
        metadata["index"] = "missing"
        return media_type, metadata
    metadata |= _movie_header(data[header[0] : header[1]])
    user_data = _child(data, movie[0], movie[1], b"udta")
    place = _child(data, user_data[0], user_data[1], b"\xa9xyz") if user_data else None
    if place is not None:
        position = _position(data[place[0] : place[1]])
        if position:
            metadata["position"] = position
    return media_type, metadata


def _position(payload: bytes) -> str | None:
    # "©xyz": a 16-bit length, a 16-bit language code, then ISO 6709 text ("+35.6892+051.3890/"),
    # what Android and iPhone cameras write when location is on.
    if len(payload) < 4:
        return None
    (length,) = struct.unpack(">H", payload[:2])
    text = payload[4 : 4 + length].decode("ascii", errors="replace")
    found = _ISO_6709.match(text)
    if not found:
        return None
    return f"{float(found['lat']):.5f}, {float(found['lon']):.5f}"


def _child(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """The payload span of the first box of this type between start and end."""
    at = start
    while at + 8 <= end:
        box = box_at(data, at, end)
        if box is None:
            return None
        found, inside, after = box
        if found == kind:
            return inside, after
        at = after
    return None


def _movie_header(box: bytes) -> dict[str, object]:
    version = box[0] if box else -1
    if version == 1 and len(box) >= 32:
        created, _, timescale, duration = struct.unpack(">QQIQ", box[4:32])
    elif version == 0 and len(box) >= 20:
        created, _, timescale, duration = struct.unpack(">IIII", box[4:20])
    else:
        return {"index": "unreadable"}
    found: dict[str, object] = {}
    if timescale:
        found["duration_seconds"] = round(duration / timescale, 3)
    if created:
        stamp = _EPOCH_1904 + timedelta(seconds=created)
        # What the camera's clock said: evidence of when, to be weighed, not a verified fact.
        found["recorded_at"] = stamp.isoformat().replace("+00:00", "Z")
    return found
