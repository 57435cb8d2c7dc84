"""Idle timeout without a database write on every page view.

Django's SESSION_SAVE_EVERY_REQUEST renews the session on every request, which makes every
page view a write transaction. Renewing at most once a minute keeps the 30-minute idle timeout
(to within a minute) and makes plain reads read-only again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

RENEW_EVERY_SECONDS = 60
_KEY = "_khavaran_renewed_at"


class RenewSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - int(session.get(_KEY, 0)) >= RENEW_EVERY_SECONDS:
                # Setting a value marks the session modified, so Django saves it and sends the
                # cookie again with a fresh expiry.
                session[_KEY] = now
        return self.get_response(request)
