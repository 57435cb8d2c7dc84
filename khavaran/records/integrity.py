"""Records in the form the audit log records them, for `verify` to compare with the log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import models

from khavaran.audit.replay import Audited
from khavaran.evidence.models import FuzzyDate
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
