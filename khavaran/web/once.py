"""One-time form tokens: a form sent twice (Back, then Save again; a double click) is refused
the second time, with a link to where the first one went.

`khavaran.js` gives every POST form a hidden `_once` field: the page's seed (`{% once_seed %}`
in base.html, new on every rendering) and the form's number on the page. A page brought back
by the Back button is the same page, so its forms carry the same tokens; a page rendered again
(a form with errors, the next visit) gets new ones. The session remembers the tokens of the
forms that did something (answered with a redirect), with where they led.

A request without a token (no JavaScript, the test client, the CLI) is let through: the token
only stops a second sending of the same page's form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

FIELD = "_once"
SESSION_KEY = "once_sent"
# Tokens kept per session: enough for a day of data entry, small enough for the session row.
KEEP = 200
# Sign-in, sign-out and the language switch change nothing recorded, and are sent again freely.
EXEMPT = ("/login/", "/logout/", "/language/")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,40}\.[0-9]{1,4}$")


def sent_before(request: HttpRequest) -> str | None:
    """The token of this POST when a form with it was sent and done before, else None."""
    token = _token(request)
    if token is None or not hasattr(request, "session"):
        return None
    return token if token in request.session.get(SESSION_KEY, {}) else None


def _token(request: HttpRequest) -> str | None:
    if request.method != "POST" or request.path in EXEMPT:
        return None
    token = request.POST.get(FIELD, "")
    return token if _TOKEN.match(token) else None


def remember(request: HttpRequest, response: HttpResponse) -> None:
    """Keep the token of a form that did something, with where its answer led."""
    token = _token(request)
    led_to = response.headers.get("HX-Redirect") or (
        response.headers.get("Location") if 300 <= response.status_code < 400 else None
    )
    # A form refused with errors did nothing: the reader corrects it and sends it again.
    if token is None or led_to is None or not hasattr(request, "session"):
        return
    sent = dict(request.session.get(SESSION_KEY, {}))
    sent[token] = led_to
    # Dicts keep their order: the oldest tokens go first.
    request.session[SESSION_KEY] = dict(list(sent.items())[-KEEP:])


def refusal(request: HttpRequest, token: str) -> HttpResponse:
    """The answer to a form sent again: where the first sending led, or back to the page."""
    result = _safe(request, request.session[SESSION_KEY].get(token))
    back = _safe(request, request.headers.get("Referer")) or "/"
    if getattr(request, "htmx", False):
        # htmx swaps no 4xx answer (base.html's htmx-config): go to the result and say why.
        messages.warning(request, _("This form was already sent; its result is shown here."))
        return HttpResponse(status=204, headers={"HX-Redirect": result or back})
    context = {"result": result, "back": back}
    return render(request, "khavaran/once_refused.html", context, status=409)


def _safe(request: HttpRequest, url: str | None) -> str | None:
    # Only this site's addresses: a Referer is whatever the browser sent.
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return None


class OnceMiddleware:
    """Refuses a state-changing POST whose form token was used before (see the module doc).

    Sits after the session, authentication and messages middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = sent_before(request)
        if token is not None:
            return refusal(request, token)
        response = self.get_response(request)
        remember(request, response)
        return response
