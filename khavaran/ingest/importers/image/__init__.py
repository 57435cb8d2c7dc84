"""Images: stored as originals with their size, format and camera metadata; text comes later."""

from __future__ import annotations

import io
import warnings

import PIL
from PIL import Image, UnidentifiedImageError

from khavaran.ingest.importers.image.exif import exif_metadata
from khavaran.ingest.result import DamagedFile, Extraction, WrongContent

# Decoding every pixel proves the file is whole, but a huge scan costs seconds; above this size
# only the header is read.
MAX_DECODED_PIXELS = 50_000_000


def extract(data: bytes, name: str) -> Extraction:
    """Media type, size, mode and EXIF facts of an image.

    `needs_ocr` stays False: a photograph is not a page, and which images show writing is for a
    person (or the OCR issue) to say.

    Raises:
        WrongContent: the bytes are not an image Pillow knows.
        DamagedFile: the image is truncated or corrupt.
    """
    with warnings.catch_warnings():
        # Large scans are legitimate evidence; size is checked below instead.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = _open(data)
        metadata = _describe(image)
        _check_whole(image)
    return Extraction(
        kind="image",
        media_type=Image.MIME.get(image.format or "", "application/octet-stream"),
        text="",
        method="image/pillow",
        method_version=PIL.__version__,
        metadata=metadata,
    )


def _open(data: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise WrongContent(
            "not an image in a known format; give it the extension of its real format"
        ) from None
    except Image.DecompressionBombError as error:
        raise DamagedFile(f"image too large to open safely: {error}") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise DamagedFile(f"damaged image: {error}") from None


def _describe(image: Image.Image) -> dict[str, object]:
    metadata: dict[str, object] = {
        "format": image.format,
        "width": image.width,
        "height": image.height,
        "mode": image.mode,
        "frames": getattr(image, "n_frames", 1),
    }
    try:
        metadata |= exif_metadata(image.getexif())
    # Broken EXIF blocks are common and say nothing about the picture itself.
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        metadata["exif_error"] = "unreadable EXIF block"
    return metadata


def _check_whole(image: Image.Image) -> None:
    if image.width * image.height > MAX_DECODED_PIXELS:
        return
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise DamagedFile(f"truncated or damaged image: {error}") from None
