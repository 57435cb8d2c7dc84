"""The authentication backend: Django's ModelBackend with the signed-in user read through a
prepared statement, refusing an expired one-time password; and what django-axes, which throttles
wrong passwords, is told of a request (its address, how its log names it) and the slowing of a
name guessed from many places.

Every request reads its user by the id in the session; the ORM built and compiled that
`get(pk=...)` anew each time (0.2 ms, more than the rest of the user's check). The read is the
same SQL, run fresh on every request, so a deactivated account or a changed role or password
takes effect on the next request as before.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, timedelta
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from khavaran.config import proxies
from khavaran.web.prepared import PLACEHOLDER, prepared

log = logging.getLogger("khavaran.signin")


class PreparedModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Django's check of the name and password, refusing a one-time password given too
        long ago (`User.one_time_password_expired`). The form says what it says of a wrong
        password, so the page does not tell that the account exists; Django's failure signal
        counts it as one for django-axes; the log says why, for the admin."""
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and user.one_time_password_expired():
            log_expired_one_time_password(request, user, "sign-in refused")
            return None
        return user

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        read = prepared("signin:user", lambda: model._default_manager.filter(pk=PLACEHOLDER))
        try:
            # As the ORM's `get(pk=...)` would: a key from elsewhere may arrive as a string.
            found = read.objects(model._meta.pk.to_python(user_id))
        except ValidationError:
            return None
        return found[0] if found and self.user_can_authenticate(found[0]) else None


def log_expired_one_time_password(request: HttpRequest | None, user: Any, what: str) -> None:
    """One line for the admin: `what` was done to `user` (a sign-in refused, a session signed
    out before it chose a password) because its one-time password expired; never the
    password."""
    issued = user.one_time_password_issued_at
    log.warning(
        '%s for account "%s" from %s: its one-time password (issued %s) is older '
        "than %d hours; give a new one with `khavaran user password %s`",
        what,
        user.username,
        (client_address(request) if request is not None else None) or "unknown",
        f"{issued.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if issued else "at a time not recorded",
        settings.ONE_TIME_PASSWORD_HOURS,
        user.username,
    )


# --- Throttling wrong passwords (django-axes, configured by settings.AXES_*) ---
# Axes locks a name from one address after AXES_FAILURE_LIMIT wrong passwords: one attacker
# locks out only themselves. Wrong passwords for one name from several addresses (more than
# SLOW_AFTER_ADDRESSES addresses' worth) slow that name everywhere to one try every
# SLOW_SECONDS: guessing stays slow, and the account's user still signs in.
SLOW_AFTER_ADDRESSES = 2
SLOW_SECONDS = 10


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from (AXES_CLIENT_IP_CALLABLE): behind a trusted reverse
    proxy, the client's that the proxy forwarded (`khavaran.config.proxies`), else the
    connection's. Behind a proxy the connection's is the proxy's, shared by every client."""
    return proxies.client_address(request) or None


def client_str(
    username: str | None, ip_address: str | None, user_agent: str, path_info: Any, request: Any
) -> str:
    """How axes's log lines name an attempt (AXES_CLIENT_STR_CALLABLE), for the admin who reads
    them: the account and the address, never the password. A name that is no account is not
    repeated: it may be a password typed in the wrong box."""
    return f"{{account: {_account_said(username)}, address: {ip_address or 'unknown'}}}"


def stored_name(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """The name axes keeps for a sign-in attempt (AXES_USERNAME_CALLABLE): an account's name as
    it is, and a name that is no account as a keyed digest. Such a name may be a witness's, or a
    password typed into the wrong box; kept in clear it would sit in the database and in every
    backup. The digest still counts repeated tries of one name, and `_account_said` names it
    as no account."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = getattr(request, "POST", {}).get("username", "")
    name = str(raw or "")
    if not name or _is_account(name):
        return name
    digest = salted_hmac("khavaran.web.signin.stored_name", name).hexdigest()
    return f"(no account {digest[:16]})"


# How long the addresses of sign-ins and of wrong passwords are kept: long enough to look into
# an attack, not a travel history of every staff member in every backup.
SIGN_IN_RECORDS_DAYS = 90


def forget_old_sign_ins() -> int:
    """Delete sign-in records older than SIGN_IN_RECORDS_DAYS (axes's address log and
    attempts) and sessions that have expired; run at each successful sign-in, which is cheap
    (indexed times) and needs no scheduled job. Returns how many rows went."""
    now = timezone.now()
    before = now - timedelta(days=SIGN_IN_RECORDS_DAYS)
    gone = AccessLog.objects.filter(attempt_time__lt=before).delete()[0]
    gone += AccessAttempt.objects.filter(attempt_time__lt=before).delete()[0]
    gone += Session.objects.filter(expire_date__lt=now).delete()[0]
    return int(gone)


def seconds_to_wait(request: HttpRequest, username: str) -> int:
    """How long a sign-in for `username` must wait because its name is being guessed from
    several addresses; 0 (the usual case) when it need not."""
    rows = list(
        AccessAttempt.objects.filter(
            username=stored_name(request, {"username": username}),
            attempt_time__gte=timezone.now() - _cool_off(request),
        ).values_list("failures_since_start", "attempt_time")
    )
    limit = settings.AXES_FAILURE_LIMIT
    # An address counts for at most `limit` failures, and a locked one no longer times the
    # pause: axes refuses it anyway, and it must not keep the account slow on its own.
    failures = sum(min(count, limit) for count, _ in rows)
    if failures <= SLOW_AFTER_ADDRESSES * limit:
        return 0
    recent = [at for count, at in rows if count < limit]
    if not recent:
        return 0
    waited = (timezone.now() - max(recent)).total_seconds()
    wait: int = max(0, math.ceil(SLOW_SECONDS - waited))
    if wait:
        log.warning(
            "sign-in slowed for account %s: %d wrong passwords from %d addresses in the last "
            "%d minutes; this try from %s",
            _account_said(username),
            failures,
            len(rows),
            _cool_off(request).total_seconds() // 60,
            client_address(request) or "unknown",
        )
    return wait


def _account_said(username: str | None) -> str:
    if username and _is_account(username):
        return f'"{username}"'
    return "(a name that is no account)"


def _is_account(name: str) -> bool:
    return bool(get_user_model()._default_manager.filter(username=name).exists())


def _cool_off(request: HttpRequest) -> timedelta:
    return get_cool_off(request) or timedelta(minutes=15)
