"""The one gate for reading lists and their records, and who may decide links.

A list is as readable as its Source; its records and their fields follow it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from khavaran.accounts.access import readable_levels
from khavaran.analysis.models import ListRecord, VictimList

# Roles that may confirm or split links (DOMAIN.md: a reviewer confirms links).
REVIEW_ROLES = frozenset({"admin", "reviewer", "investigator"})


def lists_visible_to(user: Any) -> QuerySet[VictimList]:
    return VictimList.objects.filter(
        source__is_deleted=False, source__confidentiality__in=readable_levels(user)
    ).select_related("source")


def records_visible_to(user: Any) -> QuerySet[ListRecord]:
    return ListRecord.objects.filter(victim_list__in=lists_visible_to(user)).select_related(
        "victim_list"
    )


def may_review(user: Any) -> bool:
    """Whether this user may confirm or split links (the operator, ``None`` role, may not)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "role", None) in REVIEW_ROLES
    )
