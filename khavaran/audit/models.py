"""AuditEvent: who changed what, when and why, each event chained to the previous by hash."""

from __future__ import annotations

from typing import Any

from django.db import models


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


CHANGED = "audit events are never changed"
DELETED = "audit events are never deleted"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses the bulk writes that skip an instance's ``save`` and ``delete``. A migration
    also refuses them in the database (triggers, `0002_append_only`), for SQL that skips the
    ORM."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(CHANGED)

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError(CHANGED)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(DELETED)


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=32)
    model = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model}:{self.object_id} by {self.actor}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(CHANGED)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(DELETED)


class ChainHead(models.Model):
    """One row holding the last event's hash; locking it serializes appends on PostgreSQL."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit chain head at #{self.seq}"
