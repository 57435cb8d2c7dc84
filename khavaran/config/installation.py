"""Which database a data dir belongs to: one installation id, kept in both.

The data dir holds the originals; the database (PostgreSQL, or SQLite) holds the rows that
record them. Without a tie between the two, a mistyped --data-dir, or a shell without
KHAVARAN_DATA_DIR, next to the production KHAVARAN_DATABASE_URL stored an original in a new
folder nobody backs up and its row in production; a data dir without its
KHAVARAN_DATABASE_URL got a new SQLite database beside its originals. Every command checks
the pair first (`check`) and refuses, in one line naming both, a pair that does not belong
together, before writing anything.

The id lives in the data dir's `installation_id` file and in the database's
`khavaran_installation` table, a table outside Django's models and migrations on purpose: it
names the pairing, not data, so a backup does not carry it (a restore into a new pair keeps
that pair's id), and it is read before the migrations are checked.

Both new (a database without Khavaran data, a data dir without originals): they get one id.
An installation from before the id (neither side has one) is adopted when the data dir was
used before (it holds a secret key, the setup lock or originals) and holds the original of
the first source the database recorded (any, if it recorded none).
"""

from __future__ import annotations

import contextlib
import enum
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from khavaran.config.bootstrap import Refused

ID_FILE = "installation_id"
TABLE = "khavaran_installation"
# What Khavaran writes into a data dir it opens: any of them there before means it was used.
USED_MARKS = frozenset({"secret_key", ".setup.lock", ID_FILE})
# What opening a new data dir writes into it, removed again when the command is refused.
OPENING_WRITES = (
    "secret_key",
    ".setup.lock",
    "khavaran.sqlite3",
    "khavaran.sqlite3-wal",
    "khavaran.sqlite3-shm",
)
# Tables whose rows creating a database writes: not data.
CREATED_WITH_THE_DATABASE = frozenset({"contenttypes.contenttype", "auth.permission"})
FIX = "check --data-dir (or KHAVARAN_DATA_DIR) and KHAVARAN_DATABASE_URL; nothing was written"


class Mismatch(Refused):
    """The data dir and the database do not belong to one installation; the message names both."""


class Verdict(enum.Enum):
    SAME = "both carry the same id"
    NEW = "both are new: give them an id"
    ADOPT = "an installation from before the id, whose two sides agree: give them one"
    COMPLETE = "the database has an id its own data dir lacks (a tie cut short): copy it over"


@dataclass(frozen=True)
class DataDir:
    """The data dir as it was before this command opened it (opening may write a secret key)."""

    root: Path
    existed: bool
    entries: frozenset[str]
    originals: bool

    @classmethod
    def before_opening(cls, root: Path) -> DataDir:
        entries = frozenset(p.name for p in root.iterdir()) if root.is_dir() else frozenset()
        objects = root / "originals" / "objects"
        held = objects.is_dir() and next(objects.glob("*/*/*"), None) is not None
        return cls(root, root.is_dir(), entries, held)

    @property
    def used(self) -> bool:
        return self.originals or bool(self.entries & USED_MARKS)

    def installation(self) -> str | None:
        """The id in the data dir now (another command may have written it since)."""
        try:
            return (self.root / ID_FILE).read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None


@dataclass(frozen=True)
class Database:
    """What the pairing needs to know of the database."""

    name: str
    installation: str | None
    holds_data: bool
    # The first source it recorded, (id, SHA-256), or None without any.
    first_original: tuple[int, str] | None


def check(data_dir: DataDir) -> Verdict:
    """Whether this data dir and the configured database belong together.

    Raises:
        Mismatch: one line naming the data dir and the database (never the URL's password),
            and what to check.
    """
    own, theirs = data_dir.installation(), database_installation()
    if own and theirs and own == theirs:
        return Verdict.SAME
    return decide(data_dir, own, read_database(theirs))


def decide(data_dir: DataDir, own: str | None, database: Database) -> Verdict:
    """The rules of `check`, given what each side holds."""
    root, db, theirs = data_dir.root, database.name, database.installation
    if own and theirs:
        raise Mismatch(
            f"the data dir {root} belongs to installation {own[:8]} but {db} to installation "
            f"{theirs[:8]}: {FIX}"
        )
    if theirs and not own and data_dir.used and _tie_cut_short(data_dir, database):
        return Verdict.COMPLETE
    if theirs or (database.holds_data and not data_dir.used):
        state = "new" if not data_dir.used else "not its data dir"
        raise Mismatch(
            f"{db} already holds Khavaran data but the data dir {root} is {state} (its "
            f"originals are elsewhere; a new data dir needs a new, empty database): {FIX}"
        )
    if own or (data_dir.originals and not database.holds_data):
        raise Mismatch(
            f"the data dir {root} holds Khavaran data but {db} is not its database (it is "
            "empty or another one's): KHAVARAN_DATABASE_URL is probably not set as it was for "
            f"the commands that filled the data dir; {FIX}"
        )
    if not database.holds_data:
        return Verdict.NEW
    first = database.first_original
    if not _holds_first_original(data_dir, database):
        assert first is not None
        raise Mismatch(
            f"the data dir {root} does not hold the original of source {first[0]}, the first "
            f"one {db} recorded, so it is probably not that database's data dir: {FIX} "
            "(docs/upgrading.md)"
        )
    return Verdict.ADOPT


def _tie_cut_short(data_dir: DataDir, database: Database) -> bool:
    """Whether a database with an id and a used data dir without one are a pair whose `tie`
    was cut short (it writes the database's id first): the data dir holds the first original
    the database recorded, or both are as new (no data, no originals). A database that holds
    data but recorded no source says nothing of which data dir is its own: refused."""
    if database.first_original is not None:
        return _holds_first_original(data_dir, database)
    return not database.holds_data and not data_dir.originals


def _holds_first_original(data_dir: DataDir, database: Database) -> bool:
    """Whether the data dir holds the original of the first source the database recorded
    (when it recorded none: whether the data dir holds no originals either)."""
    first = database.first_original
    if first is None:
        return not data_dir.originals
    return _original_path(data_dir.root, first[1]).is_file()


def pair(data_dir: DataDir, verdict: Verdict) -> str:
    """Tie the two sides as `check`'s verdict says; returns the id."""
    if verdict is Verdict.COMPLETE:
        theirs = database_installation()
        assert theirs is not None
        _write_id_file(data_dir, theirs)
        return theirs
    return tie(data_dir)


def tie(data_dir: DataDir) -> str:
    """Give the data dir and the database one new id; returns it.

    The database first: a command killed in between leaves a data dir without the id, which
    the next command completes (`Verdict.COMPLETE`) only if the data dir holds what the
    database recorded, and refuses otherwise.
    """
    installation = uuid.uuid4().hex
    _write_database_installation(installation)
    _write_id_file(data_dir, installation)
    return installation


def _write_id_file(data_dir: DataDir, installation: str) -> None:
    path = data_dir.root / ID_FILE
    temporary = path.with_name(f".{ID_FILE}.tmp")
    with temporary.open("w", encoding="ascii") as file:
        file.write(f"{installation}\n")
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(path)


def undo_opening(data_dir: DataDir) -> None:
    """Remove what opening a refused data dir wrote in it, and the dir if it was not there."""
    from django.db import connections

    connections.close_all()
    _remove_empty_sqlite_database()
    for name in OPENING_WRITES:
        if name not in data_dir.entries:
            (data_dir.root / name).unlink(missing_ok=True)
    if not data_dir.existed:
        with contextlib.suppress(OSError):
            data_dir.root.rmdir()


def _remove_empty_sqlite_database() -> None:
    """Remove an SQLite database that opening created and nothing filled (a mistyped
    KHAVARAN_DATABASE_URL makes a new file): one without a single table holds nothing."""
    import sqlite3

    from django.conf import settings

    db = settings.DATABASES["default"]
    if not str(db["ENGINE"]).endswith("sqlite3"):
        return
    name = str(db["NAME"])
    if name.startswith("file:") or not Path(name).is_file():
        return
    with contextlib.closing(sqlite3.connect(f"file:{name}?mode=ro", uri=True)) as connection:
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables == 0:
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)


def database_installation() -> str | None:
    from django.db import connection

    if TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT installation FROM {TABLE} WHERE singleton = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else None


def read_database(installation: str | None) -> Database:
    from django.db import connection

    tables = set(connection.introspection.table_names())
    held = _holds_data(tables)
    first = _first_original(tables) if held else None
    return Database(describe_database(), installation, held, first)


def describe_database() -> str:
    """The database as a message names it: never its URL, which may carry a password."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if str(db["ENGINE"]).endswith("sqlite3"):
        name = str(db["NAME"])
        if name.startswith("file:"):
            name = unquote(name.removeprefix("file:").split("?", 1)[0])
        return f"the SQLite database {name}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"the database {db.get('NAME')} on {db.get('HOST') or 'localhost'}{port}"


def _holds_data(tables: set[str]) -> bool:
    """Whether any of Khavaran's tables holds a row use wrote (creating it writes some)."""
    from django.apps import apps

    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        if meta.label_lower in CREATED_WITH_THE_DATABASE:
            continue
        rows = model._base_manager.all()
        if meta.label_lower == "audit.chainhead":
            # The chain's head exists from the start; it moves with the first event.
            rows = rows.exclude(seq=0)
        if rows.exists():
            return True
    return False


def _first_original(tables: set[str]) -> tuple[int, str] | None:
    from khavaran.evidence.models import Source

    if Source._meta.db_table not in tables:
        return None
    first = Source._base_manager.order_by("pk").values_list("pk", "sha256").first()
    return (int(first[0]), str(first[1])) if first else None


def _original_path(root: Path, sha256: str) -> Path:
    return root / "originals" / "objects" / sha256[:2] / sha256[2:4] / sha256


def _write_database_installation(installation: str) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (singleton integer PRIMARY KEY CHECK "
            "(singleton = 1), installation varchar(64) NOT NULL, tied_at varchar(40) NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {TABLE} (singleton, installation, tied_at) VALUES (1, %s, %s)",
            [installation, datetime.now(UTC).isoformat()],
        )
