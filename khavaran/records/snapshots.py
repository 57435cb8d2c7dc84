"""The audited form of a record: its concrete fields, plus the excerpts it cites."""

from __future__ import annotations

from typing import Any

from django.db import models

from khavaran.records.citations import Cited


def snapshot(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = field.value_from_object(obj)
    if isinstance(obj, Cited) and obj.pk is not None:
        data["excerpts"] = sorted(obj.excerpts.values_list("pk", flat=True))
    return data


def label_of(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.object_name}"
