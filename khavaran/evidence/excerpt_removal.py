"""Deleting an excerpt that nothing cites: one made from a wrong selection, before any fact
was recorded from it. An excerpt something cites stays: the fact's provenance rests on it.

Every row that refers to an excerpt is found through the models' own relations (records,
element links, extraction proposals), so this layer names none of the layers above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction

from khavaran.audit.chain import append
from khavaran.evidence.actions import excerpt_state
from khavaran.evidence.models import Excerpt
from khavaran.search.engine import remove_document
from khavaran.search.models import DocKind


@dataclass(frozen=True)
class Citer:
    """A row that refers to an excerpt: its model (``records.Claim``), id, and whether it is
    marked deleted (a deleted record can be restored, so it still needs its citation)."""

    model: str
    pk: int
    deleted: bool


class ExcerptInUse(ValueError):
    """An excerpt that something still cites; ``citers`` names them."""

    def __init__(self, excerpt: Excerpt, citers: list[Citer]) -> None:
        named = ", ".join(f"{c.model} {c.pk}" for c in citers)
        super().__init__(f"excerpt {excerpt.pk} is cited by {named}: it cannot be deleted")
        self.citers = citers


def _references() -> list[tuple[type[models.Model], str]]:
    """Each (model, field) whose rows point at an excerpt, many-to-many or foreign key."""
    found = []
    for model in apps.get_models():
        if model._meta.auto_created:  # the citation tables, reached through their owners
            continue
        for field in model._meta.get_fields():
            direct = (field.concrete or field.many_to_many) and not field.auto_created
            if direct and field.is_relation and field.related_model is Excerpt:
                found.append((model, field.name))
    return found


def citers_of(excerpt: Excerpt) -> list[Citer]:
    """Every row that cites ``excerpt``, deleted ones included, in a stable order."""
    citers = []
    for model, name in _references():
        label = f"{model._meta.app_label}.{model._meta.object_name}"
        rows = model._default_manager.filter(**{name: excerpt}).order_by("pk").distinct()
        for row in rows:
            citers.append(Citer(label, row.pk, bool(getattr(row, "is_deleted", False))))
    return citers


def delete_excerpt(excerpt: Excerpt, *, actor: str, reason: str) -> None:
    """Remove an excerpt nothing cites, audited (the log keeps its source, span and words);
    the source and its text are untouched.

    Raises:
        ValueError: no reason.
        ExcerptInUse: something cites it (named in the error).
    """
    if not reason.strip():
        raise ValueError("say why this excerpt is removed (a reason is required)")
    with transaction.atomic():
        citers = citers_of(excerpt)
        if citers:
            raise ExcerptInUse(excerpt, citers)
        append(
            actor=actor,
            action="delete",
            model="evidence.Excerpt",
            object_id=excerpt.pk,
            before=excerpt_state(excerpt),
            reason=reason,
        )
        remove_document(DocKind.EXCERPT, excerpt.pk)
        excerpt.delete()
