"""Creating accounts and changing who may sign in, and as what, audited like every other change.

Each change after creation names its reason, writes one audit event whose ``after`` is the
account's whole audited state (`verify` compares the row with it) and never a password. The
organization must never lock itself out: the last active admin can be neither deactivated nor
given another role.

A password an admin gives (a new account's, a reset) is one-time: the admin knows it, so its
user must choose their own (`change_own_password`) before any other page opens. It signs in
for settings.ONE_TIME_PASSWORD_HOURS from when it was given (`User.one_time_password_expired`);
a reset gives a fresh one, for as long again.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as reset_sign_in_failures
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django_otp import devices_for_user

from khavaran.accounts.models import User
from khavaran.accounts.passwords import check_password_rules
from khavaran.audit.chain import append
from khavaran.vocabulary import ROLES

MODEL = "accounts.User"
ADMIN = "admin"
ONE_TIME_FIELDS = ("must_change_password", "one_time_password_issued_at")


class UserError(ValueError):
    """The account cannot be created or changed as asked."""


class OneTimePasswordExpired(UserError):
    """The signed-in user's one-time password expired before they chose their own: it no
    longer proves anything, and an admin must give a new one."""


def create_user(name: str, *, role: str, password: str, actor: str, one_time: bool = False) -> User:
    """Create the account `name` with a role and a password checked against the rules.

    Args:
        one_time: the password was given by an admin (``user add``, the demo), not chosen by
            the account's user, who must then choose their own at first sign-in.

    Raises:
        UserError: a name that cannot sign in or is taken, or a password that breaks a rule.
    """
    if not name.strip() or len(name) > 150:
        raise UserError("an account needs a name of 1 to 150 characters")
    try:
        UnicodeUsernameValidator()(name)
    except ValidationError:
        raise UserError(
            f"{name!r} cannot be an account name: use letters, digits and @ . + - _ only"
        ) from None
    if User.objects.filter(username=name).exists():
        raise UserError(f"a user named {name!r} already exists")
    _check_password(password, User(username=name, role=role))
    with transaction.atomic():
        user = User.objects.create_user(
            name,
            password=password,
            role=role,
            is_staff=role == ADMIN,
            must_change_password=one_time,
            one_time_password_issued_at=timezone.now() if one_time else None,
        )
        append(
            actor=actor,
            action="create",
            model=MODEL,
            object_id=user.pk,
            after=_state(user),
        )
    return user


def set_role(name: str, role: str, *, actor: str, reason: str) -> User:
    """Give the account `name` another role, from its next request on.

    Raises:
        UserError: no such account or role, the role it already has, an empty reason, or the
            last active admin asked to become anything else.

    Example:
        >>> set_role("ines", "viewer", actor="ada", reason="left the investigation team")
    """
    why = _reason(reason)
    if role not in ROLES:
        raise UserError(f"{role!r} is not a role: use one of {', '.join(ROLES)}")
    with transaction.atomic():
        user, other_admins = _locked(name)
        if user.role == role:
            raise UserError(f"{name} is already {_a(role)}")
        if role != ADMIN:
            _keep_an_admin(user, other_admins, f"become {_a(role)}")
        before = _state(user)
        user.role, user.is_staff = role, role == ADMIN
        user.save(update_fields=["role", "is_staff"])
        _audit(user, "set_role", actor=actor, reason=why, before=before)
    return user


def deactivate_user(name: str, *, actor: str, reason: str) -> int:
    """Refuse the account `name` every sign-in and command, and end its web sessions now.

    Returns:
        How many web sessions were ended.

    Raises:
        UserError: no such account, already deactivated, an empty reason, or the last active
            admin.

    Example:
        >>> deactivate_user("ines", actor="ada", reason="her laptop was seized")
        1
    """
    why = _reason(reason)
    with transaction.atomic():
        user, other_admins = _locked(name)
        if not user.is_active:
            raise UserError(f"{name} is already deactivated")
        _keep_an_admin(user, other_admins, "be deactivated")
        before = _state(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        # The backend already refuses an inactive account's session; deleting the sessions
        # also keeps a later `activate` from reopening the one on a seized laptop.
        ended = _end_sessions(user)
        _audit(user, "deactivate", actor=actor, reason=why, before=before)
    return ended


def activate_user(name: str, *, actor: str, reason: str) -> User:
    """Let a deactivated account `name` sign in again (its old sessions stay ended).

    Raises:
        UserError: no such account, already active, or an empty reason.
    """
    why = _reason(reason)
    with transaction.atomic():
        user, _ = _locked(name)
        if user.is_active:
            raise UserError(f"{name} is already active")
        before = _state(user)
        user.is_active = True
        user.save(update_fields=["is_active"])
        _audit(user, "activate", actor=actor, reason=why, before=before)
    return user


def set_password(name: str, password: str, *, actor: str, reason: str) -> int:
    """Give the account `name` a one-time password (checked as `create_user` checks one), end
    every web session it had (whoever signed in with the old password is signed out) and lift
    every sign-in lockout of the name: its user signs in with it and chooses their own, within
    ONE_TIME_PASSWORD_HOURS from now (also for an account whose earlier one expired).

    Returns:
        How many web sessions were ended.

    Raises:
        UserError: no such account, a password that breaks a rule, or an empty reason.
    """
    why = _reason(reason)
    with transaction.atomic():
        user, _ = _locked(name)
        _check_password(password, user)
        before = _state(user)
        user.set_password(password)
        user.must_change_password = True
        user.one_time_password_issued_at = timezone.now()
        user.save(update_fields=["password", *ONE_TIME_FIELDS])
        ended = _end_sessions(user)
        reset_sign_in_failures(username=name)
        _audit(user, "set_password", actor=actor, reason=why, before=before)
    return ended


def change_own_password(
    user: User, current: str, new: str, *, keep_session: str | None = None
) -> int:
    """The signed-in user replaces their password (a one-time one, or their own): the current
    one proves it is them, the new one must keep the rules and differ from it. Ends every other
    web session of theirs, and no longer asks them to choose one. An expired one-time password
    (`User.one_time_password_expired`) chooses nothing, as it signs in nowhere.

    Args:
        keep_session: the session key of the browser making the change, kept signed in.

    Returns:
        How many other web sessions were ended.

    Raises:
        UserError: the current password is wrong, or the new one is the same or breaks a rule;
            in the active language, since the web says it.
        OneTimePasswordExpired: the account's one-time password expired (a UserError).
    """
    if not user.check_password(current):
        raise UserError(gettext("the current password is not right"))
    if new == current:
        raise UserError(gettext("the new password must differ from the current one"))
    _check_password(new, user)
    with transaction.atomic():
        locked, _ = _locked(user.username)
        # Read under the lock: a session opened shortly before the expiry gets nothing after it.
        if locked.one_time_password_expired():
            raise OneTimePasswordExpired(
                gettext("the one-time password has expired: an administrator must give a new one")
            )
        before = _state(locked)
        was_one_time = locked.must_change_password
        locked.set_password(new)
        locked.must_change_password, locked.one_time_password_issued_at = False, None
        locked.save(update_fields=["password", *ONE_TIME_FIELDS])
        ended = _end_sessions(locked, keep=keep_session)
        _audit(
            locked,
            "change_password",
            actor=locked.username,
            reason="chose their own password"
            + (" in place of a one-time password" if was_one_time else ""),
            before=before,
        )
    user.password, user.must_change_password = locked.password, False
    user.one_time_password_issued_at = None
    return ended


def unlock_user(name: str, *, actor: str, reason: str) -> int:
    """Let the account `name` sign in again from every address its wrong passwords locked.

    Returns:
        From how many addresses wrong passwords were forgotten.

    Raises:
        UserError: no such account, no wrong password recorded for it, or an empty reason.

    Example:
        >>> unlock_user("vida", actor="ada", reason="she called: the lockout was not her")
        2
    """
    why = _reason(reason)
    with transaction.atomic():
        user, _ = _locked(name)
        attempts = AccessAttempt.objects.filter(username=name)
        addresses: int = attempts.values("ip_address").distinct().count()
        if not reset_sign_in_failures(username=name):
            raise UserError(f"no wrong password is recorded for {name}: nothing to unlock")
        state = _state(user)
        _audit(user, "unlock", actor=actor, reason=why, before=state, after=state)
    return addresses


def reset_second_factor(name: str, *, actor: str, reason: str) -> int:
    """Remove every second-factor device (TOTP authenticator) of the account `name`, for a
    lost phone: it signs in with its password alone until it sets up a new one.

    Returns:
        How many devices were removed.

    Raises:
        UserError: no such account, no device to remove, or an empty reason.
    """
    why = _reason(reason)
    with transaction.atomic():
        user, _ = _locked(name)
        devices = list(devices_for_user(user, confirmed=None))
        if not devices:
            raise UserError(f"{name} has no second factor to remove")
        before = _state(user)
        for device in devices:
            device.delete()
        _audit(user, "reset_second_factor", actor=actor, reason=why, before=before)
    return len(devices)


def confirm_second_factor(user: User, device: Any) -> None:
    """Confirm the authenticator the user just proved they hold; it replaces any earlier one
    (a lost or replaced phone). Audited, with how many it replaced (never its key)."""
    with transaction.atomic():
        earlier = [d for d in devices_for_user(user, confirmed=True) if d.pk != device.pk]
        before = _state(user)
        device.confirmed = True
        device.save()
        for old in earlier:
            old.delete()
        _audit(
            user,
            "set_second_factor",
            actor=user.username,
            reason="set up a new authenticator"
            + (" in place of the earlier one" if earlier else ""),
            before=before,
        )


def _reason(reason: str) -> str:
    if not reason.strip():
        raise UserError("give a reason: every change to an account is kept in the audit log")
    return reason.strip()


def _check_password(password: str, user: User) -> None:
    try:
        check_password_rules(password, user)
    except ValidationError as error:
        raise UserError("; ".join(error.messages)) from None


def _locked(name: str) -> tuple[User, int]:
    """The account `name` and how many other active admins there are, all locked until the
    transaction ends. One statement in primary-key order, so two admins changing accounts at
    once wait for each other instead of deadlocking or both removing the last other admin."""
    wanted = Q(username=name) | Q(role=ADMIN, is_active=True)
    rows = list(User.objects.select_for_update().filter(wanted).order_by("pk"))
    user = next((row for row in rows if row.username == name), None)
    if user is None:
        raise UserError(f"no account named {name!r}")
    return user, sum(row.pk != user.pk for row in rows)


def _keep_an_admin(user: User, other_admins: int, change: str) -> None:
    if user.role == ADMIN and user.is_active and other_admins == 0:
        raise UserError(
            f"{user.username} is the last active admin and cannot {change}: make another "
            "account admin first, or no one could manage accounts"
        )


def _end_sessions(user: User, *, keep: str | None = None) -> int:
    """Delete the user's web sessions (database sessions, as SESSION_ENGINE keeps them), but
    the one keyed `keep`.

    Only a session's signed data says whose it is, so each is decoded; an organization has
    tens of them, not thousands.
    """
    mine = str(user.pk)
    keys = [
        s.pk
        for s in Session.objects.iterator()
        if s.pk != keep and s.get_decoded().get(SESSION_KEY) == mine
    ]
    Session.objects.filter(pk__in=keys).delete()
    return len(keys)


def _state(user: User) -> dict[str, Any]:
    return user.audited_state()


def _audit(
    user: User,
    action: str,
    *,
    actor: str,
    reason: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    append(
        actor=actor,
        action=action,
        model=MODEL,
        object_id=user.pk,
        before=before,
        after=_state(user) if after is None else after,
        reason=reason,
    )


def _a(role: str) -> str:
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"
