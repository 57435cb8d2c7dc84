"""Named writes on evidence: each validates, writes, audits and indexes in one transaction."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from khavaran.audit.build import tool_version
from khavaran.audit.chain import append
from khavaran.evidence.errors import BadSpan, QuoteNotFound
from khavaran.evidence.models import CustodyEvent, Excerpt, FuzzyDate, Source
from khavaran.evidence.public_copy.copies import public_copies
from khavaran.evidence.storage import ContentStore, StoredFile
from khavaran.search.engine import Document, index_new_documents, reindex
from khavaran.search.models import DocKind, SearchDocument
from khavaran.text.arabic_script import has_visible_text


@cache
def _store_at(root: str) -> ContentStore:
    store = ContentStore(Path(root))
    store.ensure()
    return store


def get_store() -> ContentStore:
    return _store_at(str(Path(settings.DATA_DIR) / "originals"))


def recover_interrupted_writes(*, own: bool = False) -> list[str]:
    """Remove originals whose ingest died (or, with `own`, failed) before its row committed."""
    return get_store().recover(lambda sha: Source.objects.filter(sha256=sha).exists(), own=own)


@dataclass(frozen=True)
class SourceFields:
    """What the caller knows about a new source besides its bytes."""

    title: str
    kind: str
    media_type: str
    original_filename: str
    confidentiality: str
    origin: str = ""
    title_given: bool = False
    language: str = ""
    text: str = ""
    text_method: str = ""
    text_method_version: str = ""
    text_encoding: str = ""
    page_offsets: list[int] = field(default_factory=list)
    needs_ocr: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)


def date_value(date: FuzzyDate | None) -> dict[str, Any] | None:
    """A date as the audit log records it: its words and range (dates are rows of their own,
    so a record's snapshot holds their values, not only their ids)."""
    if date is None:
        return None
    return {
        "earliest": date.earliest,
        "latest": date.latest,
        "original": date.original,
        "calendar": date.calendar,
        "precision": date.precision,
    }


def _digest(value: Any) -> str:
    return hashlib.sha256(
        json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    ).hexdigest()


def source_snapshot(source: Source) -> dict[str, Any]:
    """The audited form of a source: its text and its file's metadata by SHA-256, not copied
    (the metadata decides what the public site offers: a recording's place withholds it)."""
    return {
        "title": source.title,
        "title_given": source.title_given,
        "kind": source.kind,
        "media_type": source.media_type,
        "sha256": source.sha256,
        "size": source.size,
        "original_filename": source.original_filename,
        "origin": source.origin,
        "language": source.language,
        "confidentiality": source.confidentiality,
        "text_method": source.text_method,
        "text_length": len(source.text),
        "text_sha256": hashlib.sha256(source.text.encode("utf-8")).hexdigest(),
        "metadata_sha256": _digest(source.metadata),
        "author": source.author,
        "publisher": source.publisher,
        "published": date_value(source.published),
        "needs_ocr": source.needs_ocr,
        "is_deleted": source.is_deleted,
    }


def add_source(
    stored: StoredFile, fields: SourceFields, *, actor: str, method: str, collector: str = ""
) -> Source:
    """Record a newly stored original as a Source with its `collected` custody event: by
    ``collector`` when someone other than ``actor`` (who ran the ingest) collected it."""
    with transaction.atomic():
        source = Source.objects.create(sha256=stored.sha256, size=stored.size, **fields.__dict__)
        add_custody_event(
            source,
            action="collected",
            actor=actor,
            method=method,
            origin=fields.origin,
            collector=collector,
        )
        append(
            actor=actor,
            action="create",
            model="evidence.Source",
            object_id=source.pk,
            after=source_snapshot(source),
        )
        index_source(source, new=True)
    return source


def excerpt_state(excerpt: Excerpt) -> dict[str, Any]:
    """An excerpt as the audit log holds it (made, and removed): its span, its words and
    where a citation points (page, time in a recording)."""
    return {
        "source": excerpt.source_id,
        "start": excerpt.start,
        "end": excerpt.end,
        "quoted_text": excerpt.quoted_text,
        "page": excerpt.page,
        "time_offset": excerpt.time_offset,
    }


def exact_time(value: datetime) -> str:
    """A stored time as the audit log records it: UTC, to the microsecond, in one fixed form
    (each database hands it back in its own way: SQLite as text, PostgreSQL in the
    connection's zone)."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def custody_state(event: CustodyEvent) -> dict[str, Any]:
    """A custody event as the audit log holds it: every field a court asks about."""
    return {
        "source": event.source_id,
        "action": event.action,
        "actor": event.actor,
        "at": exact_time(event.at),
        "method": event.method,
        "tool_version": event.tool_version,
        "note": event.note,
        "origin": event.origin,
        "sha256_seen": event.sha256_seen,
    }


def source_document(source: Source) -> Document:
    """A source's searchable form (`verify` compares the index with it)."""
    return Document(
        DocKind.SOURCE,
        source.pk,
        title=source.title,
        body=source.text,
        language=source.language,
        confidentiality=source.confidentiality,
        source_id=source.pk,
        source_kind=source.kind,
    )


def excerpt_document(excerpt: Excerpt) -> Document:
    """A passage's searchable form: at its source's level."""
    source = excerpt.source
    return Document(
        DocKind.EXCERPT,
        excerpt.pk,
        body=excerpt.quoted_text,
        title=source.title,
        language=source.language,
        confidentiality=source.confidentiality,
        source_id=source.pk,
        source_kind=source.kind,
    )


def index_source(source: Source, *, new: bool = False) -> None:
    if new:
        index_new_documents([source_document(source)])
    else:
        reindex(source_document(source))


def add_custody_event(
    source: Source,
    *,
    action: str,
    actor: str,
    method: str,
    origin: str = "",
    note: str = "",
    collector: str = "",
) -> CustodyEvent:
    """One link of the chain of custody. Its actor is who handled the evidence (``collector``,
    when someone in the field collected it); the audit log names ``actor``, who recorded it."""
    handled_by = collector.strip() or actor
    with transaction.atomic():
        event = CustodyEvent.objects.create(
            source=source,
            action=action,
            actor=handled_by,
            at=datetime.now(UTC),
            method=method,
            tool_version=tool_version(),
            sha256_seen=source.sha256,
            origin=origin,
            note=note,
        )
        append(
            actor=actor,
            action=f"custody:{action}",
            model="evidence.CustodyEvent",
            object_id=event.pk,
            after=custody_state(event),
        )
    return event


def _collapse(text: str) -> tuple[str, list[int]]:
    """Text with whitespace runs as one space, and each kept char's offset in the original."""
    out: list[str] = []
    offsets: list[int] = []
    for match in re.finditer(r"\s+|\S", text):
        out.append(" " if match.group().isspace() else match.group())
        offsets.append(match.start())
    return "".join(out), offsets


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of the first occurrence of `quote` in `text`, matching up to whitespace; None
    for a quote with nothing visible in it (spaces alone would match anywhere)."""
    if not has_visible_text(quote):
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    collapsed, offsets = _collapse(text)
    wanted, _ = _collapse(quote.strip())
    at = collapsed.find(wanted)
    if at < 0:
        return None
    end_char = offsets[at + len(wanted) - 1]
    end = end_char + (
        len(re.match(r"\s+", text[end_char:]).group())  # type: ignore[union-attr]
        if text[end_char].isspace()
        else 1
    )
    return offsets[at], end


def add_excerpt(
    source: Source,
    *,
    start: int,
    end: int,
    actor: str,
    page: int | None = None,
    time_offset: float | None = None,
) -> Excerpt:
    """Cite the exact span `[start, end)` of a source's extracted text."""
    return add_excerpts([Span(source, start, end, page, time_offset)], actor=actor)[0]


@dataclass(frozen=True)
class Span:
    source: Source
    start: int
    end: int
    page: int | None = None
    time_offset: float | None = None


def add_excerpts(spans: Sequence[Span], *, actor: str) -> list[Excerpt]:
    """Cite many spans at once, each audited and indexed in order."""
    pages = []
    for span in spans:
        source, start, end, page = span.source, span.start, span.end, span.page
        if not 0 <= start < end <= len(source.text):
            raise BadSpan(
                f"span {start}–{end} is outside the text of source {source.pk} "
                f"({len(source.text)} characters)"
            )
        if not has_visible_text(source.text[start:end]):
            raise BadSpan(
                f"span {start}–{end} of source {source.pk} holds no words (only spaces or "
                "line breaks): select the passage itself"
            )
        if page is None and source.page_offsets:
            page = sum(1 for offset in source.page_offsets if offset <= start)
        pages.append(page)
    with transaction.atomic():
        excerpts = Excerpt.objects.bulk_create(
            Excerpt(
                source=span.source,
                start=span.start,
                end=span.end,
                quoted_text=span.source.text[span.start : span.end],
                page=page,
                time_offset=span.time_offset,
                created_by=actor,
            )
            for span, page in zip(spans, pages, strict=True)
        )
        for excerpt in excerpts:
            append(
                actor=actor,
                action="create",
                model="evidence.Excerpt",
                object_id=excerpt.pk,
                after=excerpt_state(excerpt),
            )
        index_new_documents([excerpt_document(e) for e in excerpts])
    return excerpts


def same_words(a: str, b: str) -> bool:
    """Whether two passages hold the same words, up to whitespace (a browser's selection
    turns the source's line breaks and runs of spaces into its own)."""
    return _collapse(a.strip())[0] == _collapse(b.strip())[0]


def cite_quote(source: Source, quote: str, *, actor: str) -> Excerpt:
    """An excerpt for a quote given as words: found in the text up to whitespace, or refused."""
    if not has_visible_text(quote):
        raise QuoteNotFound(f"the quote from {source.original_filename} is empty: give its words")
    span = find_quote(source.text, quote)
    if span is None:
        raise QuoteNotFound(f"quote not found in {source.original_filename}: {quote[:80]!r}")
    existing = Excerpt.objects.filter(source=source, start=span[0], end=span[1]).first()
    return existing or add_excerpt(source, start=span[0], end=span[1], actor=actor)


def _update_source(source: Source, changes: dict[str, Any], *, actor: str, reason: str) -> None:
    """Write `changes` to a source with its audit event (its state before and after) and
    re-index it. Inside the caller's transaction."""
    before = source_snapshot(source)
    for name, value in changes.items():
        setattr(source, name, value)
    source.save(update_fields=list(changes))
    append(
        actor=actor,
        action="update",
        model="evidence.Source",
        object_id=source.pk,
        before=before,
        after=source_snapshot(source),
        reason=reason,
    )
    index_source(source)


def set_confidentiality(source: Source, level: str, *, actor: str, reason: str) -> None:
    with transaction.atomic():
        _update_source(source, {"confidentiality": level}, actor=actor, reason=reason)
        # Its excerpts are indexed with the source's level: they move with it.
        SearchDocument.objects.filter(kind=DocKind.EXCERPT, source_id=source.pk).update(
            confidentiality=level
        )
        if level != "public":
            # The public site no longer offers it: its copy without metadata goes too.
            sha256 = source.sha256
            transaction.on_commit(lambda: public_copies().remove(sha256))


def give_title(source: Source, title: str, *, actor: str, reason: str) -> None:
    """Give a source the title a person wrote for it (audited): unlike a title made from the
    file's name, which may name a witness, it is shown below the confidential level.

    Raises:
        ValueError: an empty title or no reason.
    """
    title = title.strip()
    longest = Source._meta.get_field("title").max_length or 500
    if not title or len(title) > longest:
        raise ValueError(f"a title needs 1 to {longest} characters")
    if not reason.strip():
        raise ValueError("say why the title is given (a reason is required)")
    with transaction.atomic():
        _update_source(source, {"title": title, "title_given": True}, actor=actor, reason=reason)
