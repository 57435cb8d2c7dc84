"""What every database command needs: Django started on the data dir, who is acting, and
whether their role allows the command."""

from __future__ import annotations

import getpass
from collections.abc import Collection
from types import SimpleNamespace
from typing import Any, NamedTuple, NoReturn

import click

EDITORS = frozenset({"admin", "investigator"})
ADMINS = frozenset({"admin"})
REVIEWERS = frozenset({"admin", "investigator", "reviewer"})
# Who may open the extraction review queue, as on the web (analysts look, editors decide): its
# proposals carry what the extractors matched against records above a viewer's clearance.
WATCHERS = frozenset({"admin", "investigator", "reviewer", "analyst"})


class Gate(NamedTuple):
    """The roles that may run a command, and what it does, for the refusal."""

    roles: frozenset[str]
    doing: str


# Commands that write, that read everything, or that only staff may open, by their path under
# `khavaran`; `boot` checks them. A command not named here only reads, through the read gates,
# or checks its own writes (`link review --confirm`, `estimate --run`); `review --accept` needs
# an editor beyond its gate.
GATES: dict[str, Gate] = {
    "ingest": Gate(EDITORS, "ingest sources"),
    "custody": Gate(EDITORS, "record custody events"),
    "import-facts": Gate(EDITORS, "import facts"),
    "lists import": Gate(EDITORS, "import lists"),
    "link": Gate(EDITORS, "link the lists"),
    "extract": Gate(EDITORS, "queue proposals"),
    "review": Gate(WATCHERS, "open the extraction review queue"),
    "case add": Gate(EDITORS, "open a case"),
    "case allege": Gate(EDITORS, "change the crimes alleged"),
    "case accuse": Gate(EDITORS, "accuse a person in a case"),
    "case withdraw": Gate(EDITORS, "withdraw an accused from a case"),
    "case link": Gate(EDITORS, "link evidence to a case"),
    "case unlink": Gate(EDITORS, "delete a case's link"),
    # Review work, as the extraction queue is: analysts look, editors merge.
    "people candidates": Gate(WATCHERS, "list the people who may be one"),
    "people merge": Gate(EDITORS, "merge people"),
    "people unmerge": Gate(ADMINS, "take back a merge"),
    # A backup holds every original and the whole database, whatever its confidentiality.
    "backup": Gate(ADMINS, "write a backup"),
    "restore": Gate(ADMINS, "restore a backup"),
    "verify": Gate(ADMINS, "verify the originals and the audit chain"),
    # It names the data dir's folders and their free space: the operator's, as verify is.
    "health": Gate(ADMINS, "check the server's health"),
    "user add": Gate(ADMINS, "manage accounts"),
    "user set-role": Gate(ADMINS, "manage accounts"),
    "user deactivate": Gate(ADMINS, "manage accounts"),
    "user activate": Gate(ADMINS, "manage accounts"),
    "user password": Gate(ADMINS, "manage accounts"),
    "user reset-totp": Gate(ADMINS, "manage accounts"),
    # The list names everyone who works on the case.
    "user list": Gate(ADMINS, "list the accounts"),
    "user unlock": Gate(ADMINS, "manage accounts"),
    "serve": Gate(ADMINS, "serve the web app"),
    "migrate": Gate(ADMINS, "migrate the database"),
}


def boot(ctx: click.Context) -> str:
    """Start Django on the data dir (creating it on first use); returns the actor's name.

    Refuses, in one line, a data dir and a database that do not belong together, a database
    with migrations still to apply (`khavaran migrate`), and a command of `GATES` that the
    --as account's role does not allow.
    """
    from khavaran.config.bootstrap import Refused, setup_django

    try:
        setup_django(ctx.obj["data_dir"])
    except Refused as refusal:
        fail(str(refusal))
    from django.conf import settings
    from django.utils import translation

    # The command line speaks the project's language, whatever a thread last served.
    translation.activate(settings.LANGUAGE_CODE)
    if ctx.obj.get("as_given") and account_named(ctx) is None:
        # A typo in --as must not act at the operator's level: `--as vidaa export` would write
        # every confidential record where a viewer's export was meant.
        fail(
            f"no account named {ctx.obj['as_user']!r} (see `khavaran user list`); "
            "leave out --as to act as the operator who owns the data dir"
        )
    gate = GATES.get(command_path(ctx))
    if gate is not None:
        require_role(ctx, gate.roles, gate.doing)
    return actor_name(ctx)


def command_path(ctx: click.Context) -> str:
    """The command's words after `khavaran`, e.g. ``lists import``."""
    names: list[str] = []
    while ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(names)


def actor_name(ctx: click.Context) -> str:
    name: str | None = ctx.obj.get("as_user")
    return name or getpass.getuser()


def acting_user(ctx: click.Context) -> Any:
    """The active account named by --as / KHAVARAN_USER, if there is one; says on stderr when
    there is none.

    Without an account the command runs as the operator who owns the data dir, with full access;
    a deactivated account gets None too, and its caller reads what the public may (`reader`).
    """
    from khavaran.accounts.models import User

    name = ctx.obj.get("as_user")
    if not name:
        return None
    user = User.objects.filter(username=name).first()
    if user is not None and user.is_active:
        return user
    if user is None:
        # A mistyped name must not pass unnoticed: it reads everything, not what the role may.
        click.echo(
            f"note: no active account named {name!r}: reading as the operator, at every level",
            err=True,
        )
    else:
        click.echo(
            f"note: the account {name} is deactivated: reading only what the public may",
            err=True,
        )
    return None


def reader(ctx: click.Context) -> Any:
    """Whose read gates apply: the --as account, else the operator who owns the data dir.

    A name that is no account reads as the operator (and is told so); a deactivated account
    reads what the public may.
    """
    user = acting_user(ctx)
    if user is None and account_named(ctx) is None:
        return SimpleNamespace(is_authenticated=True, is_active=True, role="admin")
    return user


def account_named(ctx: click.Context) -> Any:
    """The account, active or not, that --as names; None without --as or without one."""
    from khavaran.accounts.models import User

    name = ctx.obj.get("as_user")
    return User.objects.filter(username=name).first() if name else None


def require_role(
    ctx: click.Context, roles: Collection[str], doing: str, *, account: bool = False
) -> None:
    """Refuse, in one line, unless whoever acts has one of `roles`.

    Without --as the operator who owns the data dir acts, and may. A name that is no account
    is the operator too (docs/decisions/0002-who-sees-what.md), unless `account` is set: a
    reviewer's decision needs a reviewer. A deactivated account may do nothing.
    """
    name = ctx.obj.get("as_user")
    if not name:
        return
    known = account_named(ctx)
    if known is None and not account:
        acting_user(ctx)  # says on stderr that the operator acts
        return
    if known is None:
        # Said before the role: "only a reviewer may" would send a typo hunting for a role.
        fail(f"no account named {name!r}; only {anyone_of(roles)} may {doing}")
    if not known.is_active:
        fail(f"the account {name} is deactivated; only {anyone_of(roles)} may {doing}")
    if known.role not in roles:
        fail(f"only {anyone_of(roles)} may {doing}")


def anyone_of(roles: Collection[str]) -> str:
    """The roles as a reader says them, least powerful first: "a reviewer or an admin"."""
    from khavaran.vocabulary import ROLES

    named = [f"{'an' if r[0] in 'aeiou' else 'a'} {r}" for r in reversed(ROLES) if r in roles]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"


def fail(message: str) -> NoReturn:
    raise click.ClickException(message)
