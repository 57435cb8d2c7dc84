"""A full disk met by any page, answered in one place instead of a 500 and a traceback.

Whatever a view was writing (a person edited, a claim, a case, a user) when the database's disk
or the files' filled up, its transaction kept nothing of it (each view writes through one
action or one `atomic` block; ATOMIC_REQUESTS is off so that reading takes no write lock).
`FullDiskMiddleware` answers a signed-in user, in their language and the page's frame, with
507 Insufficient Storage; anyone else gets the public site's own error page, which says nothing
of the server's storage (as `/health` tells the public nothing). The log says it in one line,
naming the path and never what the form held; no traceback.

An upload's full disk is `uploads.UploadLimitMiddleware`'s to answer, with a sentence about the
file: it comes later in MIDDLEWARE, so its `process_exception` runs first and this one never
sees that error.

`FullDiskSessionMiddleware` is Django's SessionMiddleware, except that a session it cannot save
for a full disk (the idle timeout's renewal, a form's once token) does not cost the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import get_resolver, get_urlconf
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from khavaran.config.full_disk import full_disk_cause

logger = logging.getLogger(__name__)


class FullDiskMiddleware:
    """507 and one sentence for a view that found the disk full (see the module doc). Placed
    before UploadLimitMiddleware, which answers an upload's full disk in its own words."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if full_disk_cause(exception) is None:
            return None
        logger.error(
            "refused %s %s: %s; nothing of it was saved",
            request.method,
            # The path only: a query string may hold what was searched for (a name).
            request.path,
            full_disk_reason(exception),
        )
        response = disk_full(request) if signed_in(request) else _server_error(request)
        # Said once above: Django would add its own line, with the traceback.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response


class FullDiskSessionMiddleware(SessionMiddleware):
    """Django's SessionMiddleware; a session that cannot be saved for a full disk leaves the
    page as the view made it (without a fresh cookie), and one line in the log.

    What the save would have kept is bookkeeping: the idle timeout's renewal, a form's once
    token; a sign-in, a second factor or a new password not saved fails closed (the next page
    asks again). Django would answer 400 "session interrupted" with a traceback in the log,
    and, on a full disk, on every signed-in page: the site could not even be read.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except Exception as error:
            if full_disk_cause(error) is None:
                raise
            logger.error(
                "%s %s: %s; its session was not saved",
                request.method,
                request.path,
                full_disk_reason(error),
            )
            # The page was made for this session: no shared cache may give it to another.
            patch_vary_headers(response, ("Cookie",))
            return response


def disk_full(request: HttpRequest) -> HttpResponse:
    """507 with one sentence in the reader's language; an htmx request (whose error htmx
    would not show) reloads its page, which shows the sentence."""
    message = _(
        "The server has no room left to save this, so nothing of it was saved. Please tell "
        "the administrator that the server's disk is full."
    )
    if request.headers.get("HX-Request") == "true":
        messages.error(request, message)
        return HttpResponse(status=507, headers={"HX-Refresh": "true"})
    context = {"error": message, "back": _page_before(request)}
    return render(request, "khavaran/disk_full.html", context, status=507)


def _server_error(request: HttpRequest) -> HttpResponse:
    """The site's own page for a failure (handler500), which tells nothing of what failed."""
    view = get_resolver(get_urlconf()).resolve_error_handler(500)
    response: HttpResponse = view(request)
    return response


def _page_before(request: HttpRequest) -> str:
    """The page the form was sent from when the browser says and it is ours; else this one."""
    referer = request.headers.get("Referer", "")
    allowed = {request.get_host()}
    if referer and url_has_allowed_host_and_scheme(referer, allowed, request.is_secure()):
        return referer
    return request.path


def signed_in(request: HttpRequest) -> bool:
    """Whether a user is signed in: only they are told the server's disk is full."""
    return bool(getattr(getattr(request, "user", None), "is_authenticated", False))


def full_disk_reason(error: BaseException) -> str:
    """Which disk is full, in a few words for the log: the system's reason or the database's
    first line, never a file's name (a witness's, perhaps)."""
    cause = full_disk_cause(error)
    if isinstance(cause, OSError):
        return f"no room on the server's disk ({cause.strerror or cause})"
    if cause is not None:
        line = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        return f"the database's disk is full ({line})"
    return f"no room on the server's disk ({error})"
