"""What every database command needs: Django started on the data dir, and who is acting."""

from __future__ import annotations

import getpass
from typing import Any, NoReturn

import click


def boot(ctx: click.Context) -> str:
    """Start Django on the data dir (creating it on first use); returns the actor's name."""
    from khavaran.config.bootstrap import setup_django

    setup_django(ctx.obj["data_dir"])
    return actor_name(ctx)


def actor_name(ctx: click.Context) -> str:
    name: str | None = ctx.obj.get("as_user")
    return name or getpass.getuser()


def acting_user(ctx: click.Context) -> Any:
    """The account named by --as / KHAVARAN_USER, if there is one.

    Without an account the command runs as the operator who owns the data dir, with full access.
    """
    from khavaran.accounts.models import User

    name = ctx.obj.get("as_user")
    if not name:
        return None
    user = User.objects.filter(username=name, is_active=True).first()
    if user is None:
        # A mistyped name must not pass unnoticed: it reads everything, not what the role may.
        click.echo(
            f"note: no active account named {name!r}: reading as the operator, at every level",
            err=True,
        )
    return user


def fail(message: str) -> NoReturn:
    raise click.ClickException(message)
