"""The one gate for reading lists, their records and estimates, and who may decide or estimate.

A list is as readable as its Source; its records and their fields follow it. An estimate is as
protected as the most protected list it counts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from khavaran.accounts.access import readable_levels
from khavaran.analysis.models import Estimate, LinkPair, ListRecord, VictimList

# Roles that may confirm or split links (DOMAIN.md: a reviewer confirms links).
REVIEW_ROLES = frozenset({"admin", "reviewer", "investigator"})
# Roles that may store estimates (DOMAIN.md: an analyst reads and runs analyses).
ESTIMATE_ROLES = frozenset({"admin", "analyst", "investigator"})


def lists_visible_to(user: Any) -> QuerySet[VictimList]:
    return VictimList.objects.filter(
        source__is_deleted=False, source__confidentiality__in=readable_levels(user)
    ).select_related("source")


def records_visible_to(user: Any) -> QuerySet[ListRecord]:
    return ListRecord.objects.filter(victim_list__in=lists_visible_to(user)).select_related(
        "victim_list"
    )


def pairs_visible_to(user: Any) -> QuerySet[LinkPair]:
    """Scored pairs, of any run, both of whose records are on lists this user may read."""
    readable = lists_visible_to(user)
    return LinkPair.objects.filter(
        record_l__victim_list__in=readable, record_r__victim_list__in=readable
    )


def may_review(user: Any) -> bool:
    """Whether this user may confirm or split links (the operator, ``None`` role, may not)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "role", None) in REVIEW_ROLES
    )


def may_estimate(user: Any) -> bool:
    """Whether this user may store an estimate."""
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "role", None) in ESTIMATE_ROLES
    )


def estimates_visible_to(user: Any) -> QuerySet[Estimate]:
    return Estimate.objects.filter(confidentiality__in=readable_levels(user))


def get_estimate_for_user(user: Any, pk: int) -> Estimate:
    """The estimate, if this user may read it.

    Raises:
        Estimate.DoesNotExist: no such estimate, or not readable by this user (the same answer).
    """
    return estimates_visible_to(user).select_related("linkage_run").get(pk=pk)
