"""The database's tables against this version of Khavaran: the migrations it still needs, and
`khavaran migrate`, which applies them.

Only a new database is migrated on its own (`bootstrap.setup_django`). On one that holds
data, every other command refuses pending migrations: applied silently, the "backup before
upgrading" taken with the new version would already be of the migrated database, and the
nightly `verify` would migrate it under the old server still running (docs/upgrading.md).
"""

from __future__ import annotations

from khavaran.config.bootstrap import Refused

# How many pending migrations a refusal names before it only counts the rest.
NAMED = 5


class NeedsMigrate(Refused):
    """The database has migrations to apply; the message names them and says what to run."""


class MigrationFailed(Refused):
    """A migration raised; the message names it and what became of the database."""


def pending() -> list[str]:
    """The migrations this version has and the database has not applied, as ``app.name``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def needs_migrate(names: list[str]) -> NeedsMigrate:
    shown = ", ".join(names[:NAMED]) + (
        f" and {len(names) - NAMED} more" if len(names) > NAMED else ""
    )
    return NeedsMigrate(
        f"the database needs `khavaran migrate` ({len(names)} pending: {shown}); back it up "
        "first with the previous version of Khavaran (docs/upgrading.md)"
    )


def apply_pending() -> list[str]:
    """Apply every pending migration, each in its own transaction; returns those applied.

    Raises:
        MigrationFailed: one line naming the migration that failed and its error; it was rolled
            back, and those applied before it in this run stay applied.
    """
    from django.core.management import call_command

    before = pending()
    if not before:
        return []
    try:
        call_command("migrate", verbosity=0, interactive=False)
    except Exception as error:
        raise _failed(before, error) from None
    return before


def _failed(planned: list[str], error: Exception) -> MigrationFailed:
    from django.db import connection

    # The failed migration's transaction was rolled back; the connection may be unusable.
    connection.close()
    left = pending()
    applied = [name for name in planned if name not in left]
    failed = left[0] if left else planned[-1]
    lines = str(error).strip().splitlines()
    said = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    if not applied:
        state = (
            "the database was left as it was: go back to the previous version of Khavaran, "
            "or fix the cause and run `khavaran migrate` again"
        )
    else:
        state = (
            f"it was rolled back, but the {len(applied)} applied before it (up to "
            f"{applied[-1]}) stay applied: restore the backup taken before, or fix the cause "
            "and run `khavaran migrate` again"
        )
    return MigrationFailed(f"migration {failed} failed: {said}; {state}")
