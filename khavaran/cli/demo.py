"""`khavaran demo`: a fresh data dir with the example case, an admin, and the web app."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

import click

from khavaran.cli.context import fail


@click.command("demo")
@click.option("--port", default=8000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Load the case and stop (for scripts and tests).")
@click.pass_context
def demo(ctx: click.Context, port: int, no_serve: bool) -> None:
    """Load the example case into a fresh data dir and serve it on 127.0.0.1.

    Run again on the same data dir, it replaces the earlier demo and everything added to it."""
    from khavaran.demo import MARKER
    from khavaran.demo.corpus import CorpusNotFound, reference_corpus

    try:
        reference_corpus()  # before anything is replaced
    except CorpusNotFound as error:
        fail(str(error))
    root = Path(ctx.obj["data_dir"]).expanduser().resolve()
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).exists():
            fail(f"{root} holds data that is not a demo's; choose another --data-dir")
        # Said, not asked: the demo is scripted (./dev demo), and its dir is the demo's.
        click.echo(
            f"replacing the earlier demo in {root}: everything in it, and anything added to it "
            "since, is deleted",
            err=True,
        )
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / MARKER).write_text("made by khavaran demo; replaced on the next demo run\n")
    from khavaran.cli.context import boot

    boot(ctx)
    from khavaran.demo.load import load_demo
    from khavaran.evidence.models import Source

    if Source.objects.exists():
        fail(
            "the database named by KHAVARAN_DATABASE_URL already holds data; "
            "give the demo an empty database"
        )

    lists_folder = root / "synthetic-lists"
    lists_folder.mkdir()
    result = load_demo(lists_folder)
    click.echo(f"data dir: {root}")
    click.echo(f"example case: {result.shipped.as_dict()}")
    if result.corpus is not None:
        click.echo(f"reference corpus: {result.corpus.as_dict()}")
    lists = result.lists
    click.echo(
        f"synthetic victim lists (invented people, files in {lists_folder}): "
        f"{', '.join(lists.lists)}; {lists.records} records linked into {lists.victims} "
        f"victims, {len(lists.estimates)} estimates of the total stored"
    )
    click.echo(_admin_password_lasts(result.admin))
    click.echo(f"sign in as {result.admin} with the one-time password: {result.password}")
    if not no_serve:
        # Serve from a fresh process. Workers forked from this one, which ran the linkage and
        # the estimates (thread pools the children do not inherit), sometimes hung or crashed.
        # exec skips exit handlers: collect the loading work now, which removes its temporary
        # folders (see engines/linkage/backends.py).
        gc.collect()
        # And close the database: exec keeps this process's SQLite file locks but not the
        # connection that holds them, and the server's workers would then share a WAL with
        # a ghost reader. Closing checkpoints the WAL into the database file first.
        from django.db import connections

        connections.close_all()
        sys.stdout.flush()
        command = [sys.executable, "-m", "khavaran.cli", "--data-dir", str(root)]
        os.execv(sys.executable, [*command, "serve", "--port", str(port)])


def _admin_password_lasts(username: str) -> str:
    """Until when the demo admin's one-time password signs in, as `user add` says it."""
    from khavaran.accounts.models import User
    from khavaran.cli.users import works_until

    return works_until(User.objects.get(username=username))
