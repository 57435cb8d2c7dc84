"""The audited form of a record: its concrete fields, the dates it points to, and the excerpts
it cites."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from khavaran.evidence.actions import date_value
from khavaran.evidence.models import FuzzyDate
from khavaran.records.citations import Cited


def snapshot(obj: models.Model, *, excerpt_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Its fields, and a cited record's excerpts: ``excerpt_ids`` when the caller just wrote
    them (no look-up), else as stored."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = field.value_from_object(obj)
        # A date is a row of its own: its words and range go in the record's snapshot, so that
        # the log says what the date was, and `verify` sees it changed behind the log.
        if field.is_relation and field.related_model is FuzzyDate:
            data[f"{field.name}_value"] = date_value(getattr(obj, field.name))
    if isinstance(obj, Cited) and obj.pk is not None:
        if excerpt_ids is None:
            excerpt_ids = obj.excerpts.values_list("pk", flat=True)
        data["excerpts"] = sorted(excerpt_ids)
    return data


def label_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.object_name}"
