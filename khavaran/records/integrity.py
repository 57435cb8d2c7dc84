"""Records in the form the audit log records them, for `verify` to compare with the log."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from django.db import models
from django.db.models import Prefetch

from khavaran.audit.replay import Audited, Drift, sized_groups, with_columns
from khavaran.evidence.actions import excerpt_document, source_document
from khavaran.evidence.models import Excerpt, FuzzyDate, Source
from khavaran.records.actions import claim_document, name_document_at
from khavaran.records.citations import Cited
from khavaran.records.models import (
    Accused,
    Case,
    Claim,
    ElementLink,
    Incident,
    Name,
    Organization,
    Participant,
    Person,
    Place,
    Post,
    Tenure,
)
from khavaran.records.snapshots import snapshot
from khavaran.search.engine import Document
from khavaran.search.folding import PIECE, folded_pieces
from khavaran.search.models import DocKind, SearchDocument

RECORDS: tuple[type[models.Model], ...] = (
    Person,
    Name,
    Organization,
    Post,
    Tenure,
    Place,
    Incident,
    Participant,
    Claim,
    Case,
    Accused,
    ElementLink,
)


def _snapshots(model: type[models.Model]) -> Audited:
    label = f"{model._meta.app_label}.{model._meta.object_name}"
    # Its dates in the same query (a snapshot holds their values).
    dates = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is FuzzyDate
    ]

    def ordered() -> models.QuerySet[Any]:
        return model._default_manager.select_related(*dates).order_by("pk")

    if not issubclass(model, Cited):
        return Audited(label, snapshot, rows=ordered)
    # The excerpts of every row in one query, not one per row.
    through: Any = model._meta.get_field("excerpts").remote_field.through
    owner = f"{model._meta.model_name}_id"
    cited: dict[int, list[int]] = defaultdict(list)

    def rows() -> models.QuerySet[Any]:
        cited.clear()
        for pk, excerpt in through.objects.values_list(owner, "excerpt_id").iterator():
            cited[pk].append(excerpt)
        return ordered()

    return Audited(label, lambda obj: snapshot(obj, excerpt_ids=cited.get(obj.pk, [])), rows=rows)


def audited_records() -> Iterator[Audited]:
    for model in RECORDS:
        yield _snapshots(model)


# What a passage's document needs of its source: not its text, which a join would repeat on
# every one of the source's passages.
_SOURCE_LABEL = ("source__title", "source__language", "source__confidentiality", "source__kind")

ROWS = 500
"""The most records read at once."""
TEXT_BYTES = 1024 * 1024
"""About how many bytes of text a batch of records holds; a longer text is read alone, and its
document compared by SHA-256, folded a piece at a time (`folded_pieces`)."""


def _expected_documents() -> Iterator[tuple[str, Any, Callable[[Any], Document], tuple[str, ...]]]:
    """Each kind of search document, the records it indexes, how indexing builds it, and the
    records' columns that may be long (a source's text is a whole book)."""

    def name_doc(name: Name) -> Document:
        levels = [
            name.person.confidentiality,
            *(e.source.confidentiality for e in name.excerpts.all()),
        ]
        return name_document_at(name, levels)

    yield DocKind.SOURCE, Source.objects.order_by("pk"), source_document, ("text",)
    excerpts = Excerpt.objects.select_related("source")
    passages = excerpts.only("quoted_text", *_SOURCE_LABEL).order_by("pk")
    yield DocKind.EXCERPT, passages, excerpt_document, ("quoted_text",)
    names = Name.objects.filter(person__is_deleted=False).select_related("person")
    cited_levels = Prefetch("excerpts", queryset=excerpts.only("source__confidentiality"))
    yield DocKind.NAME, names.prefetch_related(cited_levels), name_doc, ()
    claims = Claim.objects.filter(is_deleted=False).prefetch_related("excerpts")
    yield DocKind.CLAIM, claims, claim_document, ()


def index_drift() -> Iterator[Drift]:
    """Each search document that differs from what indexing its record now would write (a
    confidential passage marked public in the index would reach the public search), each
    record missing from the index, and each document of a record that is not there.

    Records and their documents are read a batch of about `TEXT_BYTES` at a time, and a
    longer text alone, its document compared by digest: a case holds a hundred thousand
    passages, and an archive thousands of books of tens of megabytes each."""
    for kind, records, build, columns in _expected_documents():
        documents = SearchDocument.objects.filter(kind=kind)
        seen: set[int] = set()
        for group in sized_groups(records, columns, rows=ROWS, text_bytes=TEXT_BYTES):
            pks = [record.pk for record in group]
            seen.update(pks)
            read = with_columns(records, group, columns)
            if columns and group[0].stored_size > TEXT_BYTES:
                yield from _long_drift(kind, documents, read, build)
            else:
                yield from _batch_drift(kind, documents, pks, read, build)
        for ref_id in sorted(set(documents.values_list("ref_id", flat=True)) - seen):
            yield Drift(
                "search.SearchDocument", f"{kind} {ref_id}", "indexes a record that is not there"
            )


def _batch_drift(
    kind: str,
    documents: Any,
    pks: list[int],
    records: Iterator[Any],
    build: Callable[[Any], Document],
) -> Iterator[Drift]:
    stored = {
        row["ref_id"]: row for row in documents.filter(ref_id__in=pks).values("ref_id", *_COMPARED)
    }
    for record in records:
        yield from _document_drift(kind, record.pk, stored.get(record.pk), build(record).fields())


def _long_drift(
    kind: str, documents: Any, records: Iterator[Any], build: Callable[[Any], Document]
) -> Iterator[Drift]:
    """One record with a long text: its document's long fields are compared by digest, and its
    text let go (`with_columns`) before the stored fields are read, one at a time."""
    for record in records:
        ref_id, expected = record.pk, _digested(build(record))
    yield from _document_drift(kind, ref_id, _stored_digests(documents, ref_id), expected)


def _digested(document: Document) -> dict[str, Any]:
    """What indexing would write, its long fields as digests (`_digest`)."""
    if document.sounds:
        fields = document.fields()
        return {**fields, **{key: _digest([fields[key]]) for key in _LONG}}
    return {
        **replace(document, body="").fields(),
        "body": _digest(folded_pieces(document.body)),
        "original_body": _digest(_slices(document.body)),
    }


def _stored_digests(documents: Any, ref_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = documents.filter(ref_id=ref_id).values("pk", *_SHORT).first()
    if row is None:
        return None
    for key in _LONG:
        row[key] = _stored_digest(documents.filter(pk=row["pk"]), key)
    return row


def _stored_digest(document: Any, key: str) -> str | None:
    value = document.values_list(key, flat=True).get()
    return None if value is None else _digest(_slices(value))


def _digest(pieces: Iterable[str]) -> str:
    """SHA-256 of the pieces' UTF-8, the same however a text is cut."""
    sha = hashlib.sha256()
    for piece in pieces:
        sha.update(piece.encode("utf-8", "surrogatepass"))
    return sha.hexdigest()


def _slices(text: str) -> Iterator[str]:
    return (text[at : at + PIECE] for at in range(0, len(text), PIECE))


def _document_drift(
    kind: str, ref_id: int, row: dict[str, Any] | None, expected: dict[str, Any]
) -> Iterator[Drift]:
    what = f"{kind} {ref_id}"
    if row is None:
        yield Drift("search.SearchDocument", what, "not in the search index")
        return
    differing = sorted(
        key for key in _COMPARED if row[key] is not None and row[key] != expected[key]
    )
    if differing:
        yield Drift(
            "search.SearchDocument",
            what,
            f"changed outside Khavaran: {', '.join(differing)} "
            f"{'differs' if len(differing) == 1 else 'differ'} from its record",
        )


_LONG = ("body", "original_body")
_SHORT = ("confidentiality", "title", "original_title", "language")
_COMPARED = (*_SHORT, *_LONG)
