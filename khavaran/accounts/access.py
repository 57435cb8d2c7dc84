"""Who may read what: the one place that turns a user (or nobody) into confidentiality levels."""

from __future__ import annotations

from typing import Any

from khavaran.vocabulary import ROLE_CLEARANCE, levels_up_to


def clearance_of(user: Any) -> str:
    """The highest confidentiality level this user may read; the anonymous public gets `public`."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return "public"
    return ROLE_CLEARANCE.get(getattr(user, "role", "viewer"), "public")


def readable_levels(user: Any) -> tuple[str, ...]:
    return levels_up_to(clearance_of(user))


def reads_public_titles(user: Any) -> bool:
    """Whether ``user`` reads sources under their public titles: whoever may read public data
    only (the public, a viewer, a deactivated account), since a file's own name can name a
    witness."""
    return clearance_of(user) == "public"
