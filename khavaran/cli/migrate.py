"""`khavaran migrate`: bring the database up to this version of Khavaran, after an update."""

from __future__ import annotations

import click

from khavaran.cli.context import boot, fail


@click.command("migrate")
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Apply the database migrations this version of Khavaran brings, naming each.

    Every other command refuses a database with migrations still to apply. Stop the server
    and take a backup with the previous version first (docs/upgrading.md).
    """
    from khavaran.config.bootstrap import Refused, setup_django
    from khavaran.config.schema import apply_pending

    try:
        setup_django(ctx.obj["data_dir"], pending_ok=True)
        boot(ctx)
        applied = apply_pending()
    except Refused as refusal:
        fail(str(refusal))
    for name in applied:
        click.echo(f"applied {name}")
    if applied:
        click.echo(f"{len(applied)} migration{'' if len(applied) == 1 else 's'} applied")
    else:
        click.echo("nothing to apply: the database is up to date")
