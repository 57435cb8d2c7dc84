"""Ingest files: store each original once, extract its text, record it with its custody.

A file that fails leaves no trace but its line in the report: its new original is removed
again and no row is written. The others go on. A file already stored is not stored again; asked
for at a higher confidentiality, its source is raised to it (never lowered).
"""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from khavaran.config.full_disk import is_storage_full
from khavaran.evidence.actions import (
    SourceFields,
    add_custody_event,
    add_source,
    get_store,
    set_confidentiality,
)
from khavaran.evidence.models import Source
from khavaran.evidence.storage import FileTooLarge, StoredFile
from khavaran.ingest.extraction import Extraction, UnreadableFile, extract_file
from khavaran.ingest.result import (
    DamagedFile,
    EncryptedFile,
    UndecodableText,
    UnsupportedFile,
    WrongContent,
)
from khavaran.records.actions import follow_source_level
from khavaran.vocabulary import CONFIDENTIALITY_ORDER, most_protected

INGESTED, DUPLICATE, FAILED = "ingested", "duplicate", "failed"
READ_ONCE_BYTES = 64 * 1024 * 1024
# A custody event names who handled the evidence in at most 150 characters (its actor field).
MAX_NAME = 150


class BadOption(ValueError):
    """An ingest option no source can take (an unknown confidentiality level)."""


@dataclass(frozen=True)
class IngestOptions:
    """How to ingest. `actor` ran the ingest and is the audit log's actor; `collected_by`, when
    someone else collected the files in the field, is each custody event's actor."""

    actor: str
    confidentiality: str = "restricted"
    origin: str = ""
    method: str = "khavaran ingest"
    kind: str | None = None
    title: str | None = None
    # Whether the level was asked for, not a default: only an asked level raises a file that
    # is already stored (re-ingesting a folder for its new files must not change the old).
    level_given: bool = True
    collected_by: str = ""
    # The name the file arrived under, where its path has another (a web upload is spooled
    # under a neutral name: 127 Persian letters already pass the file system's 255 bytes).
    filename: str = ""
    # Store a file no importer can read (an e-mail, an archive, a damaged or encrypted file)
    # as evidence without text, instead of refusing it: a custodian keeps what was handed over.
    keep_unread: bool = False


@dataclass(frozen=True)
class IngestOutcome:
    path: str
    status: str
    source_id: int | None = None
    reason: str = ""
    needs_ocr: bool = False
    # Failed for lack of room (or quota) on the server, not for anything in the file: a web
    # upload says so, as a full disk (khavaran/web/uploads.py).
    disk_full: bool = False


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each given file, and every file under each given folder (sorted, recursive)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def ingest_file(path: Path, options: IngestOptions) -> IngestOutcome:
    try:
        return _ingest(path, options)
    except (UnreadableFile, FileTooLarge, BadOption, OSError) as error:
        full = is_storage_full(error)
        return IngestOutcome(str(path), FAILED, reason=_reason(error), disk_full=full)


def _reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def _ingest(path: Path, options: IngestOptions) -> IngestOutcome:
    _check(path, options)
    limit: int = settings.MAX_FILE_BYTES
    store = get_store()
    # Small files are read once and both stored and extracted from memory; large ones stream.
    data = path.read_bytes() if path.stat().st_size <= READ_ONCE_BYTES else None
    with io.BytesIO(data) if data is not None else path.open("rb") as stream:
        stored = store.put(stream, max_bytes=limit)
    try:
        existing = Source.objects.filter(sha256=stored.sha256).first()
        if existing is None:
            return _record(path, data, stored, options)
    except BaseException:
        # Kept if another writer holds the same bytes or a row records them: theirs, not ours.
        store.abandon(stored, is_referenced=_recorded)
        raise
    store.committed(stored)
    return _duplicate(existing, path, options)


def _check(path: Path, options: IngestOptions) -> None:
    if options.confidentiality not in CONFIDENTIALITY_ORDER:
        raise BadOption(
            f"unknown confidentiality {options.confidentiality!r} "
            f"(one of: {', '.join(CONFIDENTIALITY_ORDER)})"
        )
    if len(options.collected_by) > MAX_NAME:
        raise BadOption(f"the collector's name is over {MAX_NAME} characters")
    if not path.exists():
        raise FileNotFoundError(path)
    if not path.is_file():
        raise UnreadableFile("not a regular file")
    limit: int = settings.MAX_FILE_BYTES
    if path.stat().st_size > limit:
        raise FileTooLarge(
            f"larger than the {limit:,}-byte limit (raise KHAVARAN_MAX_FILE_BYTES to accept it)"
        )


def _recorded(sha256: str) -> bool:
    return Source.objects.filter(sha256=sha256).exists()


def _record(
    path: Path, data: bytes | None, stored: StoredFile, options: IngestOptions
) -> IngestOutcome:
    store = get_store()
    try:
        extraction = _extracted(path, data, options)
        source = add_source(
            stored,
            _fields(path, extraction, options),
            actor=options.actor,
            method=options.method,
            collector=options.collected_by,
        )
    except IntegrityError:
        # Another writer recorded the same bytes a moment ago: the file is its row's now.
        store.abandon(stored, is_referenced=_recorded)
        existing = Source.objects.filter(sha256=stored.sha256).first()
        if existing is None:
            raise
        return _duplicate(existing, path, options)
    # Inside an outer transaction (a facts import) the row is durable only when that commits.
    transaction.on_commit(lambda: store.committed(stored))
    not_read = source.metadata.get(NOT_READ, "")
    reason = f"stored without text: {not_read}" if not_read else ""
    return IngestOutcome(str(path), INGESTED, source.pk, reason=reason, needs_ocr=source.needs_ocr)


# What `keep_unread` keeps: files with bytes that no importer reads (not an empty one).
_UNREAD = (UnsupportedFile, WrongContent, UndecodableText, DamagedFile, EncryptedFile)
# The metadata key that says why a stored file has no text; the public site never offers it.
NOT_READ = "not_read"


def _extracted(path: Path, data: bytes | None, options: IngestOptions) -> Extraction:
    try:
        return extract_file(path, data, max_bytes=settings.MAX_FILE_BYTES)
    except _UNREAD as error:
        if not options.keep_unread:
            raise
        media_type = mimetypes.guess_type(options.filename or path.name)[0]
        return Extraction(
            kind="document",
            media_type=media_type or "application/octet-stream",
            text="",
            method="none",
            method_version="",
            metadata={NOT_READ: error.reason},
        )


def _duplicate(source: Source, path: Path, options: IngestOptions) -> IngestOutcome:
    with transaction.atomic():
        add_custody_event(
            source,
            action="collected",
            actor=options.actor,
            method=options.method,
            origin=options.origin,
            collector=options.collected_by,
            # The name it arrived under this time: the source keeps only its first.
            note=f"same bytes ingested again as {options.filename or path.name}",
        )
        level = _confidentiality_again(source, options)
    reason = f"already present as source {source.pk}" + (f"; {level}" if level else "")
    return IngestOutcome("", DUPLICATE, source.pk, reason=reason)


def _confidentiality_again(source: Source, options: IngestOptions) -> str:
    """Raise a stored source to the higher level it is ingested at again; never lower it.

    Returns:
        What happened to its level, for the report ("" when the levels agree).
    """
    was, asked = source.confidentiality, options.confidentiality
    if asked == was or not options.level_given:
        return ""
    if most_protected([asked, was]) == was:
        return f"stays {was} (not lowered to {asked})"
    set_confidentiality(
        source, asked, actor=options.actor, reason=f"ingested again as {asked} ({options.method})"
    )
    # What its passages carry follows: nothing may stay more open than its evidence.
    follow_source_level(source, actor=options.actor)
    return f"confidentiality raised from {was} to {asked}"


def _fields(path: Path, extraction: Extraction, options: IngestOptions) -> SourceFields:
    name = options.filename or path.name
    return SourceFields(
        title=options.title or extraction.title or Path(name).stem,
        title_given=bool(options.title and options.title.strip()),
        kind=options.kind or extraction.kind,
        media_type=extraction.media_type,
        original_filename=name,
        confidentiality=options.confidentiality,
        origin=options.origin,
        language=extraction.language or "",
        text=extraction.text,
        text_method=extraction.method,
        text_method_version=extraction.method_version,
        text_encoding=extraction.encoding or "",
        page_offsets=list(extraction.page_offsets),
        needs_ocr=extraction.needs_ocr,
        metadata=dict(extraction.metadata),
    )


def ingest_paths(
    paths: Iterable[str | Path],
    options: IngestOptions,
    on_progress: Callable[[IngestOutcome], None] | None = None,
) -> list[IngestOutcome]:
    """Ingest every file; a folder with nothing readable is reported as one failure."""
    outcomes: list[IngestOutcome] = []
    for raw in paths:
        root = Path(raw)
        files = list(expand_paths([root]))
        if root.is_dir() and not files:
            outcomes.append(IngestOutcome(str(root), FAILED, reason="folder has no files"))
        for file in files:
            outcome = ingest_file(file, options)
            if not outcome.path:
                outcome = IngestOutcome(
                    str(file), outcome.status, outcome.source_id, outcome.reason, outcome.needs_ocr
                )
            outcomes.append(outcome)
            if on_progress is not None:
                on_progress(outcome)
    return outcomes
