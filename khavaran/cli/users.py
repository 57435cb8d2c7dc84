"""`khavaran user add`."""

from __future__ import annotations

import secrets
from pathlib import Path

import click

from khavaran.cli.context import actor_name, boot, fail
from khavaran.vocabulary import ROLES


@click.group("user")
def user() -> None:
    """Manage the people who sign in."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Read the password from this file (else one is generated and printed).",
)
@click.pass_context
def add(ctx: click.Context, name: str, role: str, password_file: str | None) -> None:
    """Create an account NAME with a ROLE."""
    boot(ctx)
    from khavaran.accounts.actions import UserError, create_user

    generated = password_file is None
    password = (
        secrets.token_urlsafe(12)
        if generated
        else Path(password_file or "").read_text(encoding="utf-8").strip()
    )
    try:
        create_user(name, role=role, password=password, actor=actor_name(ctx))
    except UserError as error:
        fail(str(error))
    click.echo(f"created {role} {name}")
    if generated:
        click.echo(f"one-time password: {password}")
