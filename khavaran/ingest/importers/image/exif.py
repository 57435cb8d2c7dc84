"""The EXIF facts that matter for evidence (when, with what, where), as JSON-safe values."""

from __future__ import annotations

from PIL import ExifTags, Image

_TEXT_TAGS = {
    "taken": (ExifTags.IFD.Exif, ExifTags.Base.DateTimeOriginal),
    "digitized": (ExifTags.IFD.Exif, ExifTags.Base.DateTimeDigitized),
    "modified": (None, ExifTags.Base.DateTime),
    "camera_make": (None, ExifTags.Base.Make),
    "camera_model": (None, ExifTags.Base.Model),
    "software": (None, ExifTags.Base.Software),
    "artist": (None, ExifTags.Base.Artist),
    "description": (None, ExifTags.Base.ImageDescription),
}


def exif_metadata(exif: Image.Exif) -> dict[str, object]:
    """EXIF date, camera, author and GPS position, keys prefixed "exif_"; absent ones left out.

    Dates stay as written ("2016:08:09 10:30:00"): EXIF has no time zone, and guessing one would
    put a fact into the record that the file does not state.
    """
    found: dict[str, object] = {}
    for key, (ifd, tag) in _TEXT_TAGS.items():
        source = exif if ifd is None else exif.get_ifd(ifd)
        text = _text(source.get(tag))
        if text:
            found[f"exif_{key}"] = text
    position = _gps(exif.get_ifd(ExifTags.IFD.GPSInfo))
    if position is not None:
        found["exif_latitude"], found["exif_longitude"] = position
    return found


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        return None
    return " ".join(value.replace("\x00", " ").split()) or None


def _gps(gps: dict[int, object]) -> tuple[float, float] | None:
    try:
        latitude = _degrees(gps[ExifTags.GPS.GPSLatitude], gps[ExifTags.GPS.GPSLatitudeRef])
        longitude = _degrees(gps[ExifTags.GPS.GPSLongitude], gps[ExifTags.GPS.GPSLongitudeRef])
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    return latitude, longitude


def _degrees(value: object, reference: object) -> float:
    if not isinstance(value, tuple):
        raise TypeError("GPS coordinate is not a (degrees, minutes, seconds) tuple")
    degrees, minutes, seconds = (float(part) for part in value)
    sign = -1.0 if _text(reference) in {"S", "W"} else 1.0
    return round(sign * (degrees + minutes / 60 + seconds / 3600), 7)
