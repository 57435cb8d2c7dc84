"""`khavaran user`: add accounts, list who has access, change a role, revoke or restore access,
reset a password or a second factor, lift a sign-in lockout. Every change is audited with its
reason. A password given here is one-time: its user chooses their own at first sign-in, which
must come within KHAVARAN_ONE_TIME_PASSWORD_HOURS (72 by default) of its issue."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from khavaran.cli.context import actor_name, boot, fail
from khavaran.vocabulary import ROLES

T = TypeVar("T")

PASSWORD_FILE = click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Read the password from this file (else one is generated and printed). Either way it "
    "is one-time: the first sign-in asks for a new one, and it signs in only for "
    "KHAVARAN_ONE_TIME_PASSWORD_HOURS (default 72) from now.",
)
REASON = click.option("--reason", required=True, help="Why, for the audit log.")


@click.group("user")
def user() -> None:
    """Manage the people who sign in."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@PASSWORD_FILE
@click.pass_context
def add(ctx: click.Context, name: str, role: str, password_file: str | None) -> None:
    """Create an account NAME with a ROLE and a one-time password."""
    boot(ctx)
    from khavaran.accounts.actions import create_user

    password, generated = _password(password_file)
    account = _checked(
        lambda: create_user(
            name, role=role, password=password, actor=actor_name(ctx), one_time=True
        )
    )
    click.echo(f"created {role} {name}")
    click.echo(works_until(account))
    if generated:
        click.echo(f"one-time password: {password}")


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def list_users(ctx: click.Context, as_json: bool) -> None:
    """Who has access. Each account with its role, whether it is active, its last sign-in (in
    UTC), whether it has a second factor and whether it still holds a one-time password an
    admin gave, when it was issued and whether it has expired (KHAVARAN_ONE_TIME_PASSWORD_HOURS;
    `user password` issues a new one); never a password."""
    boot(ctx)
    from khavaran.accounts.models import User

    for account in User.objects.order_by("username"):
        row = _row(account)
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else _line(row))


@user.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(list(ROLES)))
@REASON
@click.pass_context
def set_role(ctx: click.Context, name: str, role: str, reason: str) -> None:
    """Give the account NAME another ROLE, from its next request on."""
    actor = boot(ctx)
    from khavaran.accounts.actions import set_role as change_role

    _checked(lambda: change_role(name, role, actor=actor, reason=reason))
    click.echo(f"{name} is now {role}")


@user.command("deactivate")
@click.argument("name")
@REASON
@click.pass_context
def deactivate(ctx: click.Context, name: str, reason: str) -> None:
    """Revoke NAME's access at once: no sign-in, no command that writes (its reads get only
    what the public may), its web sessions ended."""
    actor = boot(ctx)
    from khavaran.accounts.actions import deactivate_user

    ended = _checked(lambda: deactivate_user(name, actor=actor, reason=reason))
    click.echo(f"deactivated {name}; ended {_count(ended, 'web session')}")


@user.command("activate")
@click.argument("name")
@REASON
@click.pass_context
def activate(ctx: click.Context, name: str, reason: str) -> None:
    """Let a deactivated account NAME sign in again."""
    actor = boot(ctx)
    from khavaran.accounts.actions import activate_user

    _checked(lambda: activate_user(name, actor=actor, reason=reason))
    click.echo(f"activated {name}")


@user.command("password")
@click.argument("name")
@PASSWORD_FILE
@REASON
@click.pass_context
def password(ctx: click.Context, name: str, password_file: str | None, reason: str) -> None:
    """Give NAME a new one-time password, end its web sessions and lift its sign-in lockouts."""
    actor = boot(ctx)
    from khavaran.accounts.actions import set_password
    from khavaran.accounts.models import User

    new, generated = _password(password_file)
    ended = _checked(lambda: set_password(name, new, actor=actor, reason=reason))
    click.echo(f"changed the password of {name}; ended {_count(ended, 'web session')}")
    click.echo(works_until(User.objects.get(username=name)))
    if generated:
        click.echo(f"one-time password: {new}")


@user.command("unlock")
@click.argument("name")
@REASON
@click.pass_context
def unlock(ctx: click.Context, name: str, reason: str) -> None:
    """Let NAME sign in again from the addresses that wrong passwords locked out (the server's
    log names the account and address of each lockout)."""
    actor = boot(ctx)
    from khavaran.accounts.actions import unlock_user

    cleared = _checked(lambda: unlock_user(name, actor=actor, reason=reason))
    click.echo(f"unlocked {name}; cleared the wrong passwords of {_count(cleared, 'address')}")


@user.command("reset-totp")
@click.argument("name")
@REASON
@click.pass_context
def reset_totp(ctx: click.Context, name: str, reason: str) -> None:
    """Remove NAME's second factor, for a lost phone. Until NAME sets up a new one (on the
    web, under account/totp/), the password alone signs in."""
    actor = boot(ctx)
    from khavaran.accounts.actions import reset_second_factor

    removed = _checked(lambda: reset_second_factor(name, actor=actor, reason=reason))
    click.echo(
        f"removed {_count(removed, 'second-factor device')} of {name}; "
        "until a new one is set up, the password alone signs in"
    )


def _password(password_file: str | None) -> tuple[str, bool]:
    """The password from the file, or a generated one; and whether it was generated."""
    if password_file is None:
        return secrets.token_urlsafe(12), True
    return Path(password_file).read_text(encoding="utf-8").strip(), False


def _checked(change: Callable[[], T]) -> T:
    """Run an account action; its refusal is one line, not a traceback."""
    from khavaran.accounts.actions import UserError

    try:
        return change()
    except UserError as error:
        fail(str(error))


def _row(account: Any) -> dict[str, Any]:
    """What `user list` shows of an account: never its password or hash."""
    from django_otp import user_has_device

    last, issued = account.last_login, account.one_time_password_issued_at
    return {
        "name": account.username,
        "role": account.role,
        "active": account.is_active,
        "last_sign_in": _utc(last),
        "second_factor": user_has_device(account, confirmed=True),
        # A password an admin gave and its owner has not replaced: whoever saw it printed can
        # still sign in with it until it expires (docs/deployment.md, when someone leaves).
        "one_time_password": account.must_change_password,
        "one_time_password_issued_at": _utc(issued) if account.must_change_password else None,
        "one_time_password_expired": account.one_time_password_expired(),
    }


def _line(row: dict[str, Any]) -> str:
    last = row["last_sign_in"]
    return "\t".join(
        [
            row["name"],
            row["role"],
            "active" if row["active"] else "deactivated",
            f"last sign-in {_minutes(last)} UTC" if last else "never signed in",
            "second factor" if row["second_factor"] else "no second factor",
            *([_one_time(row)] if row["one_time_password"] else []),
        ]
    )


def _one_time(row: dict[str, Any]) -> str:
    issued = row["one_time_password_issued_at"]
    state = "expired" if row["one_time_password_expired"] else "not yet replaced"
    when = f"issued {_minutes(issued)} UTC" if issued else "issue time not recorded"
    return f"one-time password {state} ({when})"


def works_until(account: Any) -> str:
    """Until when the one-time password just given signs in, worded as `user list` words its
    state: the admin passes it on in time, or knows why it no longer works."""
    from django.conf import settings

    until = _utc(account.one_time_password_expires_at())
    when = f"{_minutes(until)} UTC" if until else "a time not recorded"
    hours = _count(settings.ONE_TIME_PASSWORD_HOURS, "hour")
    return (
        f"one-time password works until {when} ({hours}); "
        f"{account.username} chooses their own at first sign-in"
    )


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _minutes(utc: str) -> str:
    """`2025-03-01T09:30:00Z` as `2025-03-01 09:30`."""
    return utc[:16].replace("T", " ")


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 'es' if thing.endswith('s') else 's'}"
