"""Records in the form the audit log records them, for `verify` to compare with the log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.db import models
from django.db.models import Prefetch

from khavaran.audit.replay import Audited, Drift
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


def _expected_documents() -> Iterator[tuple[str, Any, Callable[[Any], Document]]]:
    """Each kind of search document, the records it indexes, and how indexing builds it."""

    def name_doc(name: Name) -> Document:
        levels = [
            name.person.confidentiality,
            *(e.source.confidentiality for e in name.excerpts.all()),
        ]
        return name_document_at(name, levels)

    yield DocKind.SOURCE, Source.objects.all(), source_document
    excerpts = Excerpt.objects.select_related("source")
    yield DocKind.EXCERPT, excerpts.only("quoted_text", *_SOURCE_LABEL), excerpt_document
    names = Name.objects.filter(person__is_deleted=False).select_related("person")
    cited_levels = Prefetch("excerpts", queryset=excerpts.only("source__confidentiality"))
    yield DocKind.NAME, names.prefetch_related(cited_levels), name_doc
    claims = Claim.objects.filter(is_deleted=False).prefetch_related("excerpts")
    yield DocKind.CLAIM, claims, claim_document


def _batches(records: Any, size: int = 500) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for record in records.iterator(chunk_size=size):
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def index_drift() -> Iterator[Drift]:
    """Each search document that differs from what indexing its record now would write (a
    confidential passage marked public in the index would reach the public search), each
    record missing from the index, and each document of a record that is not there.

    Records and their documents are read a batch at a time: a source's document holds its
    whole text, and a large case has a hundred thousand of them."""
    for kind, records, build in _expected_documents():
        documents = SearchDocument.objects.filter(kind=kind)
        seen: set[int] = set()
        for batch in _batches(records):
            stored = {
                row["ref_id"]: row
                for row in documents.filter(ref_id__in=[r.pk for r in batch]).values(
                    "ref_id", *_COMPARED
                )
            }
            for record in batch:
                seen.add(record.pk)
                yield from _document_drift(kind, record.pk, stored.get(record.pk), build(record))
        for ref_id in sorted(set(documents.values_list("ref_id", flat=True)) - seen):
            yield Drift(
                "search.SearchDocument", f"{kind} {ref_id}", "indexes a record that is not there"
            )


def _document_drift(
    kind: str, ref_id: int, row: dict[str, Any] | None, document: Document
) -> Iterator[Drift]:
    what = f"{kind} {ref_id}"
    if row is None:
        yield Drift("search.SearchDocument", what, "not in the search index")
        return
    expected = document.fields()
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


_COMPARED = ("confidentiality", "body", "title", "original_body", "original_title", "language")
