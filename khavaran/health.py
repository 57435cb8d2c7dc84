"""Whether this server can do its work: the database answers, the originals folder can be
written, and it has room for one more file of the largest size the app accepts.

`khavaran health` and an admin's `/health/detail` show every check; the public `/health` asks
only `database_answers()`, so a full disk never takes the read-only site offline nor tells the
internet about the server's storage. Nothing is written and no records are read: a monitor may
ask every minute.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import Error, connection

from khavaran.evidence.storage import ContentStore

logger = logging.getLogger(__name__)

OK = "ok"


@dataclass(frozen=True)
class Check:
    """One check: what was checked, one word (`ok` or the problem's), and for the operator what
    failed (paths and sizes: the command line and the log, never the public)."""

    what: str
    word: str
    message: str = ""


@dataclass(frozen=True)
class HealthReport:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.word == OK for check in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [check for check in self.checks if check.word != OK]


def database_answers() -> bool:
    """Whether the database answers a trivial query; says in the log why not (the error's kind
    only: its text may carry a server's address or a password)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as error:
        logger.warning("health check: the database does not answer (%s)", type(error).__name__)
        return False
    return True


def check_health(*, database_down: str = "") -> HealthReport:
    """Every check; `database_down` says why the database could not even be opened, when the
    caller already knows (the command line opens it first)."""
    if database_down:
        database = Check("database", "unavailable", database_down)
    elif database_answers():
        database = Check("database", OK)
    else:
        database = Check("database", "unavailable", "the database does not answer")
    storage, disk = _storage_checks()
    return HealthReport((database, storage, disk))


def _storage_checks() -> tuple[Check, Check]:
    # Not `get_store()`, which creates the folders: a check writes nothing.
    store = ContentStore(Path(settings.DATA_DIR) / "originals")
    storage = Check("storage", OK)
    if not all(os.access(folder, os.W_OK) for folder in (store.objects, store.tmp)):
        storage = Check(
            "storage", "unwritable", f"the originals folder {store.root} cannot be written"
        )
    try:
        free = shutil.disk_usage(store.root).free
    except OSError as error:
        return storage, Check("disk", "unknown", f"no free space figure for {store.root} ({error})")
    largest: int = settings.MAX_FILE_BYTES
    if free < largest:
        message = (
            f"{free // 2**20} MB free for originals in {store.root}, under "
            f"KHAVARAN_MAX_FILE_BYTES ({largest // 2**20} MB): free some space"
        )
        return storage, Check("disk", "low", message)
    return storage, Check("disk", OK, f"{free // 2**20} MB free")
