"""The entry point of extraction: what a file is and what its text says, without Django.

The ingest pipeline calls `extract_file` once per file and turns `UnreadableFile` into one line
of its report; nothing here writes anywhere.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from khavaran.ingest.language import detect_language
from khavaran.ingest.registry import IMPORTERS
from khavaran.ingest.result import (
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    Extraction,
    FileTooLarge,
    MissingFile,
    UndecodableText,
    UnreadableFile,
    UnsupportedFile,
    WrongContent,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DamagedFile",
    "EmptyFile",
    "EncryptedFile",
    "Extraction",
    "FileTooLarge",
    "MissingFile",
    "UndecodableText",
    "UnreadableFile",
    "UnsupportedFile",
    "WrongContent",
    "extract_file",
    "supported_extensions",
]

# Room for long recordings and large scans, not for disk images: raise it per run when needed.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


def supported_extensions() -> frozenset[str]:
    """The extensions `extract_file` reads, lower case with the dot (".pdf")."""
    return frozenset(IMPORTERS)


def extract_file(
    path: Path, data: bytes | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Extraction:
    """Identify a file and extract its text, choosing the importer by extension.

    Args:
        path: the file; its extension picks the importer, and it is read when `data` is None.
        data: the file's bytes when the caller has already read them (to hash them, say).
        max_bytes: files larger than this are refused before they are read.

    Returns:
        The Extraction, with `language` detected for text-bearing files.

    Raises:
        UnreadableFile: (a subclass of it) with a one-line reason for the ingest report.

    Example:
        >>> extract_file(Path("note.md")).media_type  # doctest: +SKIP
        'text/markdown'
    """
    try:
        size = _size(path) if data is None else len(data)
        if size > max_bytes:
            raise FileTooLarge(_too_large(size, max_bytes))
        importer = IMPORTERS.get(path.suffix.lower())
        if importer is None:
            raise UnsupportedFile(_unsupported(path))
        content = _read(path) if data is None else data
        if not content:
            raise EmptyFile("empty file (0 bytes); nothing to ingest")
        extraction = importer(content, path.name)
    except UnreadableFile as error:
        error.path = str(path)
        raise
    if extraction.kind == "document" and extraction.language is None:
        extraction = dataclasses.replace(extraction, language=detect_language(extraction.text))
    return extraction


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            raise MissingFile("is a folder, not a file")
        return path.stat().st_size
    except FileNotFoundError:
        raise MissingFile("no such file; check the path") from None
    except OSError as error:
        raise MissingFile(f"cannot be read: {error.strerror or error}") from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise MissingFile("no such file (it disappeared while being read)") from None
    except PermissionError:
        raise MissingFile("permission denied; make the file readable") from None
    except OSError as error:
        raise MissingFile(f"cannot be read: {error.strerror or error}") from None


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"file is {_human(size)}, over the size cap of {_human(max_bytes)}; "
        "raise the cap to ingest it"
    )


def _human(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _unsupported(path: Path) -> str:
    extension = path.suffix.lower() or "(none)"
    known = " ".join(sorted(IMPORTERS))
    return f"unsupported file type {extension}; Khavaran reads {known}"
