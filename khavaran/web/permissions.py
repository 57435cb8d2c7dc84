"""Who may open which view: one decorator per view, checked by a test that walks the URL conf.

`requires(...)` names the roles that may use a view; `PUBLIC` views are open to the anonymous
public only while an admin has switched the public site on. Confidentiality is not decided
here: every view reads through the `access` gates, which already narrow to `readable_levels`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from khavaran.web.models import public_site_enabled

View = Callable[..., HttpResponseBase]

ALL_ROLES = frozenset({"admin", "investigator", "analyst", "reviewer", "viewer"})
EDITORS = frozenset({"admin", "investigator"})
REVIEWERS = frozenset({"admin", "investigator", "reviewer"})
ADMINS = frozenset({"admin"})
# Who reads a record's history: its snapshots hold fields no page shows (a person's notes).
HISTORY_READERS = REVIEWERS
PUBLIC = "public"


def requires(roles: frozenset[str]) -> Callable[[View], View]:
    """Signed-in users with one of `roles`; others get the sign-in page or 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(user, "role", None) not in roles:
                raise PermissionDenied("your role does not allow this")
            return view(request, *args, **kwargs)

        guarded.khavaran_access = roles  # type: ignore[attr-defined]
        return guarded

    return decorate


def public(view: View) -> View:
    """Open to anyone while the public site is on; a 404 (not a hint) while it is off."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not public_site_enabled() and not request.user.is_authenticated:
            raise Http404("the public site is not open")
        return view(request, *args, **kwargs)

    guarded.khavaran_access = PUBLIC  # type: ignore[attr-defined]
    return guarded


def open_to_all(view: View) -> View:
    """Sign-in, language switch, static files: nothing from the records is read."""
    view.khavaran_access = "open"  # type: ignore[attr-defined]
    return view


def can_edit(user: Any) -> bool:
    return getattr(user, "role", None) in EDITORS


def can_review(user: Any) -> bool:
    return getattr(user, "role", None) in REVIEWERS
