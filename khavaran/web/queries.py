"""Reads the web needs that the `access` gates do not offer yet (to move into
`khavaran/records/access.py`): places, and people with only their visible names loaded."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from khavaran.accounts.access import readable_levels
from khavaran.records import access
from khavaran.records.models import Person, Place


def places_visible_to(user: Any) -> QuerySet[Place]:
    return Place.objects.filter(is_deleted=False, confidentiality__in=readable_levels(user))


def visible_names_prefetch(user: Any, lookup: str = "names") -> Prefetch:
    """`person.names.all()` (and so `display_name`) limited to names this user may read."""
    return Prefetch(lookup, queryset=access.names_visible_to(user).order_by("script", "id"))


def people_with_names(user: Any) -> QuerySet[Person]:
    return access.people_visible_to(user).prefetch_related(visible_names_prefetch(user))
