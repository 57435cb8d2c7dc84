from pathlib import Path

from django.apps import AppConfig
from django.db.backends.signals import connection_created

# Bytes 18 and 19 of an SQLite file: the write and read versions, 2 and 2 in WAL mode.
WAL_HEADER = b"\x02\x02"


def _tune_sqlite(sender: object, connection: object, **kwargs: object) -> None:
    if getattr(connection, "vendor", "") != "sqlite":
        return
    with connection.cursor() as cursor:  # type: ignore[attr-defined]
        # WAL lets readers (the web app) run while one writer (an ingest) commits. The mode is
        # kept in the file: set again, it would be a write, which a full disk refuses.
        if not in_wal_mode(connection.settings_dict["NAME"]):  # type: ignore[attr-defined]
            _set_wal(cursor, connection.settings_dict["NAME"])  # type: ignore[attr-defined]
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")


def in_wal_mode(name: str) -> bool:
    """Whether the SQLite file NAME (a path, or a file: URI) is already in WAL mode."""
    from urllib.parse import unquote

    if name.startswith("file:"):
        name = unquote(name.removeprefix("file:").split("?", 1)[0])
    try:
        with Path(name).open("rb") as file:
            return file.read(20)[18:20] == WAL_HEADER
    except OSError:
        return False


def _set_wal(cursor: object, name: str) -> None:
    """Switch the database to WAL mode; on a full disk, the error says so (SQLite calls it a
    disk I/O error), for the command line to print as one line."""
    import sqlite3

    from django.db import OperationalError

    from khavaran.config.bootstrap import disk_full

    try:
        cursor.execute("PRAGMA journal_mode=WAL")  # type: ignore[attr-defined]
    except OperationalError as error:
        if name.startswith("file:") or not disk_full(Path(name)):
            raise
        raise sqlite3.OperationalError("database or disk is full") from error


class CoreConfig(AppConfig):
    name = "khavaran.config"
    label = "core"

    def ready(self) -> None:
        connection_created.connect(_tune_sqlite, dispatch_uid="khavaran-sqlite-pragmas")
