"""Which importer reads which file: one entry per extension, and the media type it implies."""

from __future__ import annotations

from collections.abc import Callable

from khavaran.ingest.importers import audio, docx, html, image, markdown, pdf, text, video
from khavaran.ingest.result import Extraction

Importer = Callable[[bytes, str], Extraction]

IMPORTERS: dict[str, Importer] = {
    ".txt": text.extract,
    ".md": markdown.extract,
    ".html": html.extract,
    ".htm": html.extract,
    ".pdf": pdf.extract,
    ".docx": docx.extract,
    ".jpg": image.extract,
    ".jpeg": image.extract,
    ".png": image.extract,
    ".gif": image.extract,
    ".tif": image.extract,
    ".tiff": image.extract,
    ".webp": image.extract,
    ".mp3": audio.extract,
    ".wav": audio.extract,
    ".ogg": audio.extract,
    ".flac": audio.extract,
    ".m4a": audio.extract,
    ".opus": audio.extract,
    ".mp4": video.extract,
    ".m4v": video.extract,
    ".mov": video.extract,
    ".3gp": video.extract,
    ".webm": video.extract,
    ".mkv": video.extract,
    ".avi": video.extract,
}

# The media type an extension announces; the importer reports the one the content really has.
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": docx.MEDIA_TYPE,
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".ogg": "audio/ogg",
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".opus": "audio/ogg",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".3gp": "video/3gpp",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".avi": "video/x-msvideo",
}
