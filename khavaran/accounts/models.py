"""A user has exactly one role; the role decides what they may read and do."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone

from khavaran.audit.chain import append
from khavaran.vocabulary import ROLE_CLEARANCE, Role, levels_up_to


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    # Set when an admin gave the password (which the admin therefore knows), cleared when its
    # user chooses their own: until then every workspace page asks for a new one.
    must_change_password = models.BooleanField(default=False)
    # When that password was given: it signs in for settings.ONE_TIME_PASSWORD_HOURS only, so
    # one sent by chat or mail long ago no longer opens the account. None once replaced.
    one_time_password_issued_at = models.DateTimeField(null=True, blank=True)

    @property
    def clearance(self) -> str:
        return ROLE_CLEARANCE[self.role]

    def may_read(self, confidentiality: str) -> bool:
        return confidentiality in levels_up_to(self.clearance)

    @property
    def can_edit(self) -> bool:
        return self.role in {Role.ADMIN, Role.INVESTIGATOR}

    @property
    def can_review(self) -> bool:
        return self.role in {Role.ADMIN, Role.REVIEWER, Role.INVESTIGATOR}

    def one_time_password_expired(self, now: datetime | None = None) -> bool:
        """Whether the account holds a one-time password too old to sign in with (given more
        than ONE_TIME_PASSWORD_HOURS ago, or at a time no one recorded). An admin gives a new
        one with `khavaran user password`."""
        if not self.must_change_password:
            return False
        until = self.one_time_password_expires_at()
        # Only a write outside Khavaran leaves one without its time: fail closed.
        return until is None or (now or timezone.now()) >= until

    def one_time_password_expires_at(self) -> datetime | None:
        """When the account's one-time password stops signing in (its issue time plus
        ONE_TIME_PASSWORD_HOURS); None when it holds none, or one issued at a time not
        recorded."""
        issued = self.one_time_password_issued_at
        if not self.must_change_password or issued is None:
            return None
        return issued + timedelta(hours=settings.ONE_TIME_PASSWORD_HOURS)

    def audited_state(self) -> dict[str, Any]:
        """What the audit log records of an account, and what `verify` compares its row with:
        its name, role, whether it may sign in, a digest of its password hash (never the hash),
        whether that password is a one-time one (and when it was given: moved behind the log,
        it would sign in longer) and how many confirmed second factors it has."""
        from django_otp import devices_for_user

        return {
            "username": self.username,
            "role": self.role,
            "is_active": self.is_active,
            "password_sha256": hashlib.sha256(self.password.encode()).hexdigest(),
            "must_change_password": self.must_change_password,
            "one_time_password_issued_at": _utc_seconds(self.one_time_password_issued_at),
            "second_factor_devices": sum(1 for _ in devices_for_user(self, confirmed=True))
            if self.pk is not None
            else 0,
        }

    def check_password(self, raw_password: str) -> bool:
        """Django's check, whose upgrade of an outdated hash at sign-in is audited: a password
        hash changed with no event is one written behind the log."""

        def upgrade(raw: str) -> None:
            before = self.audited_state()
            with transaction.atomic():
                self.set_password(raw)
                self.save(update_fields=["password"])
                append(
                    actor=self.username,
                    action="upgrade_password_hash",
                    model="accounts.User",
                    object_id=self.pk,
                    before=before,
                    after=self.audited_state(),
                    reason="the password hash was brought to the current algorithm at sign-in",
                )

        return check_password(raw_password, self.password, upgrade)


def _utc_seconds(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None
