"""Start Django for a command: point it at the data dir, create and migrate it on first use."""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path


def setup_django(data_dir: str | Path) -> Path:
    """Configure and start Django on this data dir; returns the resolved data dir.

    The first command on an empty data dir creates it and applies the migrations, so no
    separate init step is needed. Every command then rolls back the ingests that died before
    their rows committed, and says so on stderr (see `roll_back_interrupted_writes`).
    """
    import django
    from django.apps import apps

    if apps.ready:
        # Already running inside a configured process (the test suite): keep its settings.
        from django.conf import settings

        roll_back_interrupted_writes()
        return Path(settings.DATA_DIR)
    root = Path(data_dir).expanduser().resolve()
    root.mkdir(parents=True, exist_ok=True)
    keep_private(root)
    os.environ["KHAVARAN_DATA_DIR"] = str(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khavaran.config.settings")
    django.setup()
    with (root / ".setup.lock").open("w") as lock:
        # Two commands started at once on a new data dir must not both migrate it.
        fcntl.flock(lock, fcntl.LOCK_EX)
        migrate_if_needed()
    roll_back_interrupted_writes()
    return root


def keep_private(root: Path) -> None:
    """Close the data dir to every other account on the machine (mode 0700).

    It holds the database (witness names, sessions) and the originals: with the usual umask
    the database would be readable by any local user, who could read the testimonies or take
    over a signed-in admin's session. Only a dir this account owns is changed.
    """
    status = root.stat()
    if status.st_uid == os.getuid() and status.st_mode & 0o077:
        root.chmod(0o700)


def roll_back_interrupted_writes() -> list[str]:
    """Remove the originals whose writer died before recording them, one line each on stderr.

    Whichever command runs first after a killed ingest does this, so that command says it:
    `verify`, run later, finds nothing left to roll back.

    Returns:
        The hashes of the originals removed.
    """
    from khavaran.evidence.actions import recover_interrupted_writes

    removed = recover_interrupted_writes()
    for sha256 in removed:
        print(
            f"rolled back an interrupted ingest: removed unrecorded original {sha256}",
            file=sys.stderr,
        )
    return removed


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", verbosity=0, interactive=False)
