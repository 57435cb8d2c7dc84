"""Sessions: the idle timeout without a database write on every page view, and a cheaper read.

Django's SESSION_SAVE_EVERY_REQUEST renews the session on every request, which makes every
page view a write transaction. Renewing at most once a minute keeps the 30-minute idle timeout
(to within a minute) and makes plain reads read-only again.

`SessionStore` (SESSION_ENGINE = "khavaran.web.sessions") is Django's database session store
reading a session with one hand-written statement instead of a queryset built per request.

A session that has ended (idle too long, or signed out elsewhere) is said so: the sign-in page
a request is sent to says the session ended, and that what it sent was not saved; an htmx
request gets 401, and the page's script keeps what was typed and offers to sign in again.
`seconds_left` tells the page's warning (WCAG 2.2.1) when the session will end, and
`account_mark` which account a page was made for: its script sends a form held over the end
again only if the session signed in since is that account's (on a shared computer it may be
someone else's).

`OneTimePasswordMiddleware` keeps a user signed in with a password an admin gave them (and so
knows) on the page where they choose their own, until they have; once that password has expired
(`User.one_time_password_expired`), a session it opened is signed out at its next request,
whatever the page: the expiry ends the password's power, not only its sign-ins.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

RENEW_EVERY_SECONDS = 60
_KEY = "_khavaran_renewed_at"
# The sign-in page's `expired` parameter: the session ended on a page view, or on a form sent.
ENDED_ON_VIEW, ENDED_ON_SEND = "1", "sent"
# The request attribute base.html reads the signed-in account's mark from (see `account_mark`).
ACCOUNT_ATTRIBUTE = "khavaran_account"


def renew(request: HttpRequest) -> None:
    """Renew the session now: Django saves it and sends the cookie with a fresh expiry."""
    request.session[_KEY] = int(time.time())


def seconds_left(request: HttpRequest) -> int:
    """Seconds until this request's session ends if nothing renews it (its last renewal is
    at most a minute old after `RenewSessionMiddleware`)."""
    now = int(time.time())
    renewed = int(request.session.get(_KEY, now))
    return max(0, settings.SESSION_COOKIE_AGE - (now - renewed))


def account_mark(user: Any) -> str:
    """An opaque value naming the signed-in account, the same on every page and keep-alive
    answer for it: a keyed hash of its id, so a page's source says neither a name nor an id."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return salted_hmac("khavaran.web.sessions.account", str(user.pk)).hexdigest()[:32]


class RenewSessionMiddleware:
    """Renews the session at most once a minute, and says so when a request's session has
    ended (see the module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Worked out only by a page that shows it (the user is read after this middleware).
        mark = SimpleLazyObject(lambda: account_mark(getattr(request, "user", None)))
        setattr(request, ACCOUNT_ATTRIBUTE, mark)
        session = request.session
        ended = False
        if session.session_key is not None:
            now = int(time.time())
            renewed = int(session.get(_KEY, 0))
            # The cookie named a session the store no longer has: it ended.
            ended = session.session_key is None
            if not ended and now - renewed >= RENEW_EVERY_SECONDS:
                # Setting a value marks the session modified, so Django saves it and sends the
                # cookie again with a fresh expiry.
                session[_KEY] = now
        response = self.get_response(request)
        return _said_ended(request, response) if ended else response


def _said_ended(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A request whose session ended and that is sent to sign in: the sign-in page says why
    (and whether a form's content was lost); htmx gets 401, so the page keeps what was typed."""
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    if urlsplit(location).path != resolve_url(settings.LOGIN_URL):
        return response
    # Nothing the refused request wrote (a form token remembered as sent) outlives it.
    request.session.flush()
    if getattr(request, "htmx", False):
        return HttpResponse(status=401, headers={"HX-Trigger": "khavaranSessionEnded"})
    ended = ENDED_ON_SEND if request.method == "POST" else ENDED_ON_VIEW
    response["Location"] = f"{location}{'&' if '?' in location else '?'}expired={ended}"
    return response


class SessionStore(db.SessionStore):
    """Django's database sessions; the read on every request is the same SQL as Django's
    (the key, and not expired), written once rather than built by the ORM (0.3 ms a request)."""

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if key is None:
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote, meta = connection.ops.quote_name, model._meta
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(meta.db_table)}"
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0])


# Views any visitor may open (sign-in, sign-out, language, static files, the public site).
_OPEN = frozenset({"open", "public"})


class OneTimePasswordMiddleware:
    """Sends every workspace page to the change-password page while the signed-in user's
    password is a one-time one (`User.must_change_password`), and signs out the session once
    that password has expired (`sign_out_expired_one_time`). After AuthenticationMiddleware
    and MessageMiddleware's request half (all of which run before any view hook)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        open_page = getattr(view, "khavaran_access", None) in _OPEN
        # A visitor without a session is not read one: the public site's answers stay the same
        # for everyone (reading it would make them vary by cookie).
        if open_page and request.session.session_key is None:
            return None
        user = request.user
        if not user.is_authenticated or not getattr(user, "must_change_password", False):
            return None
        if user.one_time_password_expired():
            signed_out = sign_out_expired_one_time(request)
            # An open page (the public site, sign-in, the language switch) goes on, signed out.
            return None if open_page else signed_out
        if open_page or getattr(view, "khavaran_while_one_time", False):
            return None
        target = f"{reverse('password-change')}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)


def sign_out_expired_one_time(request: HttpRequest) -> HttpResponse:
    """Sign out a session whose one-time password has expired (a form to choose one opened
    before the expiry and sent after it chooses nothing): log one line for the admin, end and
    flush the session, tell the reader on the sign-in page that an admin must give a new one.
    Returns the response that sends the reader there."""
    # Imported here: the sign-in module reads axes's models, which this early module must not.
    from khavaran.web.signin import log_expired_one_time_password

    log_expired_one_time_password(
        request, request.user, "session signed out before it chose a password"
    )
    # Django's logout flushes the session: nothing the expired session held outlives it.
    logout(request)
    messages.warning(
        request,
        _(
            "Your one-time password has expired, so you were signed out before choosing your "
            "own. Ask an administrator to give you a new one."
        ),
    )
    target = resolve_url(settings.LOGIN_URL)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(target)
    return redirect(target)
