"""The one gate for reading evidence: what a user (or the public) may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from khavaran.accounts.access import readable_levels
from khavaran.evidence.models import Excerpt, Source


def sources_visible_to(user: Any) -> QuerySet[Source]:
    return Source.objects.filter(is_deleted=False, confidentiality__in=readable_levels(user))


def get_source_for_user(user: Any, pk: int) -> Source:
    """The source, or 404 — the same answer whether it is missing or not for this user."""
    source = sources_visible_to(user).filter(pk=pk).first()
    if source is None:
        raise Http404("no such source")
    return source


def excerpts_visible_to(user: Any) -> QuerySet[Excerpt]:
    return Excerpt.objects.filter(
        source__is_deleted=False, source__confidentiality__in=readable_levels(user)
    )
