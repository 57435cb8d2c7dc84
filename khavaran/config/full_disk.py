"""A full disk, however it shows: the file system's ENOSPC or EDQUOT (a quota is a full disk for
this account), SQLite's SQLITE_FULL, PostgreSQL's disk_full.

The command line and the web app both say it in one line instead of a traceback. Needs no
Django, so `khavaran estimate` still never loads it.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator

STORAGE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and each error it was raised from or while handling (Django wraps the
    driver's error in its own)."""
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        yield link
        link = link.__cause__ or link.__context__


def full_disk_cause(error: BaseException) -> BaseException | None:
    """The link of the error's chain that says a disk is full, files' or database's; else None."""
    for link in causes(error):
        if is_storage_full(link) or is_database_full(link):
            return link
    return None


def is_storage_full(error: BaseException) -> bool:
    """A file could not be written for lack of room (or of quota)."""
    return isinstance(error, OSError) and error.errno in STORAGE_FULL


def is_database_full(error: BaseException) -> bool:
    """The database could not write for lack of room."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL or str(error) == "database or disk is full":
            return True
        # Opening a WAL database needs room for its shared-memory file: on a full disk that
        # fails as a mere "disk I/O error".
        return code is not None and code & 0xFF == sqlite3.SQLITE_IOERR and _sqlite_disk_full()
    # PostgreSQL's disk_full (psycopg's DiskFull; psycopg2 calls the code pgcode).
    return "53100" in (getattr(error, "sqlstate", None), getattr(error, "pgcode", None))


def _sqlite_disk_full() -> bool:
    """Whether the disk under the SQLite database the environment names is full."""
    from khavaran.config.bootstrap import disk_full, sqlite_file
    from khavaran.config.environment import data_dir

    database = sqlite_file(data_dir())
    return database is not None and disk_full(database)
