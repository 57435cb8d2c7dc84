"""The public copy of a photograph: the same pixels, without what the camera wrote."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from PIL import Image

from khavaran.evidence.public_copy import NoPublicCopy, without_metadata
from tests.ingest.test_extraction_media import make_image


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body).to_bytes(4, "big")
    return len(body).to_bytes(4, "big") + kind + body + crc


def test_a_jpeg_loses_its_exif_and_keeps_every_pixel_byte(tmp_path: Path) -> None:
    original = make_image(tmp_path, "grave.jpg", "JPEG", exif=True).read_bytes()
    assert b"Exif" in original and b"Canon" in original
    copy = without_metadata(original, "image/jpeg")
    assert b"Exif" not in copy and b"Canon" not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert image.getexif() == {}
    # Not re-encoded: the compressed picture is carried over as it was.
    assert copy.endswith(original[original.index(b"\xff\xda") :])
    assert _pixels(copy) == _pixels(original)


def test_a_phone_jpeg_loses_the_second_pictures_it_carries(tmp_path: Path) -> None:
    # Phones write MPF: an APP2 index and, after the main picture, more pictures (a preview,
    # a depth map), each a JPEG with its own EXIF and GPS.
    original = make_image(tmp_path, "phone.jpg", "JPEG").read_bytes()
    second = make_image(tmp_path, "second.jpg", "JPEG", exif=True).read_bytes()
    mpf = b"\xff\xe2" + (2 + 6).to_bytes(2, "big") + b"MPF\x00MM"  # length counts itself
    phone = original[:2] + mpf + original[2:] + second
    copy = without_metadata(phone, "image/jpeg")
    assert b"MPF" not in copy and b"Exif" not in copy and b"Canon" not in copy
    assert copy == original


def test_a_jpeg_keeps_its_colour_profile(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    profile = b"\x00" * 128  # any payload: the segment is kept whole, never parsed
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buffer, "JPEG", icc_profile=profile)
    copy = without_metadata(buffer.getvalue(), "image/jpeg")
    assert b"ICC_PROFILE" in copy


def test_a_png_loses_its_text_and_camera_chunks_and_keeps_its_pixels(tmp_path: Path) -> None:
    plain = make_image(tmp_path, "photo.png", "PNG").read_bytes()
    end = plain.index(b"IEND") - 4
    tagged = (
        plain[:33]  # signature and IHDR
        + _png_chunk(b"tEXt", b"Author\x00Witness M.")
        + _png_chunk(b"eXIf", b"MM\x00*\x00\x00\x00\x08\x00\x00")
        + plain[33:end]
        + _png_chunk(b"iTXt", b"Location\x00\x00\x00\x00\x00Evin")
        + plain[end:]
    )
    assert _pixels(tagged) == _pixels(plain)
    copy = without_metadata(tagged, "image/png")
    assert b"Witness" not in copy and b"eXIf" not in copy and b"Evin" not in copy
    assert copy == plain


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"GIF89a" + bytes(20), "image/gif"),
        (b"\xff\xd8\xff\xe1\x00\x10Exif", "image/jpeg"),  # cut off inside a segment
        (b"not a png at all", "image/png"),
    ],
)
def test_what_it_cannot_clean_it_refuses(data: bytes, media_type: str) -> None:
    with pytest.raises(NoPublicCopy):
        without_metadata(data, media_type)


def _progressive_jpeg_with_exif_between_scans() -> tuple[bytes, bytes]:
    """A progressive JPEG, and the same with an EXIF segment between its first two scans
    (where a careless tool can write one and decoders still read it)."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 200, 10)).save(buffer, "JPEG", progressive=True)
    plain = buffer.getvalue()
    second_scan = plain.index(b"\xff\xda", plain.index(b"\xff\xda") + 2)
    payload = b"Exif\x00\x00" + b"Witness M., 12 Hidden Lane".ljust(40, b"\x00")
    exif = b"\xff\xe1" + (2 + len(payload)).to_bytes(2, "big") + payload
    return plain, plain[:second_scan] + exif + plain[second_scan:]


def test_a_progressive_jpeg_loses_the_exif_written_between_its_scans() -> None:
    plain, tagged = _progressive_jpeg_with_exif_between_scans()
    copy = without_metadata(tagged, "image/jpeg")
    assert b"Witness" not in copy and b"Exif" not in copy
    assert copy == plain
    assert _pixels(copy) == _pixels(tagged)


def test_a_jpeg_with_a_marker_it_does_not_know_gets_no_copy(tmp_path: Path) -> None:
    # A marker without a length (0xFF01), read as a segment, would carry the EXIF after it
    # through; a decoder reads that EXIF as its own segment.
    original = make_image(tmp_path, "photo.jpg", "JPEG").read_bytes()
    exif = b"\xff\xe1\x00\x10Exif\x00\x00Witness"
    smuggled = b"\xff\x01" + (2 + len(exif)).to_bytes(2, "big") + exif
    with pytest.raises(NoPublicCopy, match="unexpected marker"):
        without_metadata(original[:2] + smuggled + original[2:], "image/jpeg")


def test_a_png_keeps_only_the_chunks_that_make_its_picture(tmp_path: Path) -> None:
    # A C2PA manifest (caBX) names the camera's owner; a private chunk can hold anything.
    plain = make_image(tmp_path, "photo.png", "PNG").read_bytes()
    end = plain.index(b"IEND") - 4
    tagged = (
        plain[:end]
        + _png_chunk(b"caBX", b"c2pa manifest, creator: Witness M.")
        + _png_chunk(b"prVt", b"owner: Witness M.")
        + plain[end:]
    )
    copy = without_metadata(tagged, "image/png")
    assert b"Witness" not in copy and b"caBX" not in copy
    assert copy == plain
