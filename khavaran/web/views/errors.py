"""Our own page for a refused form (CSRF_FAILURE_VIEW), in the reader's language.

Django's page is English only and tells whoever reads it to turn DEBUG on, which would put
protected data on every error page in production. This page tells the user what to do (reload
and send again) and the log tells the admin why it most likely happened.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khavaran.config.proxies import client_address, is_trusted_proxy

logger = logging.getLogger("khavaran.security.csrf")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    logger.warning(
        "refused a form sent to %s from %s: %s; likely cause: %s",
        request.path,
        client_address(request),
        reason,
        likely_cause(request),
    )
    context = {"cookies_missing": not request.COOKIES, "back": _page_before(request)}
    return render(request, "khavaran/csrf_failure.html", context, status=403)


def _page_before(request: HttpRequest) -> str:
    """The page the form was on, when the browser says and it is ours; else the form's URL."""
    referer = urlsplit(str(request.META.get("HTTP_REFERER", "")))
    if referer.netloc and referer.netloc == request.META.get("HTTP_HOST") and referer.path:
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return request.path


def likely_cause(request: HttpRequest) -> str:
    """What an admin should look at, from what the browser sent and what the app saw."""
    origin = request.META.get("HTTP_ORIGIN", "")
    host = request.META.get("HTTP_HOST", "")
    secure = request.is_secure()
    peer = request.META.get("REMOTE_ADDR", "")
    causes = []
    if origin.startswith("https://") and not secure:
        causes.append(_https_unseen(peer))
    if origin and origin != "null" and urlsplit(origin).netloc != host:
        causes.append(
            f"the browser is on {origin} but the request reached the app for host {host!r}: "
            "make the proxy pass the Host header (nginx: proxy_set_header Host $host) or add "
            "the origin to KHAVARAN_CSRF_TRUSTED_ORIGINS"
        )
    if not causes and not request.COOKIES:
        if settings.CSRF_COOKIE_SECURE and not secure:
            causes.append(
                "KHAVARAN_HTTPS=1 makes the cookies HTTPS-only, but this page was served over "
                "plain HTTP; " + _https_unseen(peer)
            )
        else:
            causes.append(
                "the browser sent no cookies (blocked by the user, or the site shown in a frame)"
            )
    if not causes:
        causes.append(
            "a page opened before a sign-in, sign-out or restart sent an old token "
            "(reloading fixes it)"
        )
    return "; and ".join(causes)


def _https_unseen(peer: str) -> str:
    if not settings.HTTPS:
        return "the browser used HTTPS but KHAVARAN_HTTPS is not set"
    if not is_trusted_proxy(peer):
        return (
            f"the browser used HTTPS but the request came from {peer}, which is not in "
            "KHAVARAN_TRUSTED_PROXIES, so its X-Forwarded-Proto was ignored"
        )
    return (
        "the browser used HTTPS but the proxy did not send X-Forwarded-Proto: https "
        "(nginx: proxy_set_header X-Forwarded-Proto $scheme)"
    )
