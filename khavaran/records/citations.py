"""Provenance or it did not happen: a cited fact cannot exist without an Excerpt.

Enforced in the model layer: `Cited.save()` refuses a new fact unless excerpts were attached
with `cite()`, and removing a fact's last excerpt is refused by an m2m guard.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models.signals import m2m_changed

if TYPE_CHECKING:
    from khavaran.evidence.models import Excerpt


class MissingCitation(ValueError):
    """A fact was saved without any Excerpt to support it."""


class Cited(models.Model):
    excerpts = models.ManyToManyField("evidence.Excerpt", related_name="cited_%(class)s")

    _pending_excerpts: list[Excerpt]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        pending: list[Excerpt] = getattr(self, "_pending_excerpts", [])
        if self.pk is None and not pending:
            raise MissingCitation(
                f"a {type(self).__name__} needs at least one excerpt from a source; "
                "select the passage that supports it"
            )
        with transaction.atomic():
            super().save(*args, **kwargs)
            if pending:
                self.excerpts.add(*pending)
                self._pending_excerpts.clear()

    def cite(self, excerpts: Iterable[Excerpt]) -> Cited:
        """Attach excerpts to be saved with this fact; returns the fact for chaining."""
        self._pending_excerpts = list(excerpts)
        return self


def _refuse_uncited(sender: Any, instance: Any, action: str, pk_set: Any, **_: Any) -> None:
    if not isinstance(instance, Cited):
        return
    if action == "pre_clear":
        raise MissingCitation(f"a {type(instance).__name__} cannot lose all its excerpts")
    if action == "pre_remove" and pk_set:
        remaining = instance.excerpts.exclude(pk__in=pk_set).exists()
        if not remaining:
            raise MissingCitation(f"a {type(instance).__name__} cannot lose its last excerpt")


def connect_guards() -> None:
    for model in Cited.__subclasses__():
        through = model._meta.get_field("excerpts").remote_field.through
        m2m_changed.connect(_refuse_uncited, sender=through, dispatch_uid=f"cited:{model.__name__}")
