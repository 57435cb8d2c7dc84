"""Start Django for a command: point it at the data dir, check that the data dir and the
database belong together, create and migrate a new one."""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khavaran.config.installation import DataDir, Verdict

# Less free space than this where the SQLite database lives is a full disk: SQLite needs room
# for its shared-memory and write-ahead files even to read a database in WAL mode.
FULL_BELOW = 1024 * 1024
# The size of SQLite's shared-memory file once a connection has it mapped.
SHM_BYTES = 32 * 1024


class Refused(Exception):
    """The command cannot open this data dir or database; the message says why, in a line."""


def setup_django(data_dir: str | Path, *, pending_ok: bool = False) -> Path:
    """Configure and start Django on this data dir; returns the resolved data dir.

    The first command on a new data dir and a new database ties them together (one
    installation id in both, `installation.py`), creates the data dir and applies the
    migrations, so no separate init step is needed. A data dir and a database that do not
    belong together are refused, and so is a database with migrations still to apply (unless
    `pending_ok`: `khavaran migrate` applies them). Every command then rolls back the ingests
    that died before their rows committed, and says so on stderr (see
    `roll_back_interrupted_writes`). A read-only data dir (a write-protected copy) is opened
    as it is, writing nothing there.

    Raises:
        Refused: one line saying why the command cannot run here.
    """
    from django.apps import apps

    if apps.ready:
        # Already running inside a configured process (the test suite): keep its settings.
        from django.conf import settings

        roll_back_interrupted_writes()
        return Path(settings.DATA_DIR)
    from khavaran.config import installation, schema

    root = Path(data_dir).expanduser().resolve()
    before = installation.DataDir.before_opening(root)
    if root.is_dir() and read_only(root):
        _start(root)
        installation.check(before)
        _require_migrated(root, writable=False)
        roll_back_interrupted_writes()
        return root
    root.mkdir(parents=True, exist_ok=True)
    keep_private(root)
    _start(root)
    with _setup_lock(root):
        verdict = _check_pair(before)
        if verdict is not installation.Verdict.SAME:
            installation.pair(before, verdict)
        names = [] if pending_ok else schema.pending()
        if names and verdict is installation.Verdict.NEW:
            # A new database holds nothing to back up first.
            schema.apply_pending()
        elif names:
            raise schema.needs_migrate(names)
    roll_back_interrupted_writes()
    return root


def _check_pair(before: DataDir) -> Verdict:
    """`installation.check`, removing what opening a refused data dir wrote in it."""
    from khavaran.config import installation

    try:
        return installation.check(before)
    except installation.Mismatch:
        installation.undo_opening(before)
        raise


@contextmanager
def _setup_lock(root: Path) -> Iterator[None]:
    with (root / ".setup.lock").open("w") as lock:
        # Two commands started at once on a new data dir must not both tie and migrate it.
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


class NoData(Refused):
    """The data dir holds no Khavaran data (yet): the message says what is missing, in a line.

    `setup_existing` raises every refusal as one of these.
    """


def setup_existing(data_dir: str | Path) -> Path:
    """Start Django on a data dir that holds Khavaran data, for `backup` and `verify`; refuses,
    creating nothing, one that holds none (NoData).

    A cron job without KHAVARAN_DATABASE_URL, or a mistyped --data-dir, would otherwise get a
    new empty SQLite database there, then "0 originals ... all intact": a success that backs
    up and checks nothing. Held means: a database with Khavaran's tables (which only Khavaran
    creates) that has recorded something, or else a store without originals (a data dir
    created and not used yet). A dir whose originals no database here recorded is refused,
    saying that their database is likely elsewhere.
    """
    from django.apps import apps

    if apps.ready:
        from django.conf import settings

        root = Path(settings.DATA_DIR)
        _require_data(root)
        return root
    root = Path(data_dir).expanduser().resolve()
    if not root.is_dir():
        raise NoData(f"{root}: no such data dir (check --data-dir or KHAVARAN_DATA_DIR)")
    database = sqlite_file(root)
    if database is not None and not database.is_file():
        raise NoData(_no_data(root, f"no database ({database.name})"))
    if not os.environ.get("KHAVARAN_SECRET_KEY") and not (root / "secret_key").is_file():
        # Signs nothing these commands keep; settings would otherwise write one into the dir.
        os.environ["KHAVARAN_SECRET_KEY"] = secrets.token_urlsafe(50)
    from khavaran.config import installation

    before = installation.DataDir.before_opening(root)
    writable = not read_only(root)
    if writable:
        keep_private(root)
    _start(root, reading_only=True)
    try:
        verdict = installation.check(before)
        _require_migrated(root, writable=writable)
        _require_data(root)
        late = (installation.Verdict.ADOPT, installation.Verdict.COMPLETE)
        if verdict in late and writable:
            with _setup_lock(root):
                verdict = installation.check(before)
                if verdict in late:
                    installation.pair(before, verdict)
    except NoData:
        raise
    except Refused as refusal:
        raise NoData(str(refusal)) from None
    return root


def read_only(root: Path) -> bool:
    """Whether this account cannot write into the data dir (a read-only mount, a locked copy)."""
    return not os.access(root, os.W_OK)


def sqlite_file(root: Path) -> Path | None:
    """The SQLite database the settings will open for this data dir; None for a server's."""
    url = os.environ.get("KHAVARAN_DATABASE_URL", "")
    if not url:
        return root / "khavaran.sqlite3"
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    return None


def _start(root: Path, *, reading_only: bool = False) -> None:
    import django

    os.environ["KHAVARAN_DATA_DIR"] = str(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khavaran.config.settings")
    django.setup()
    _open_sqlite_read_only(reading_only=reading_only)


def _open_sqlite_read_only(*, reading_only: bool = False) -> None:
    """Open an SQLite database for reading only where it cannot be written: in a read-only
    folder, or, for a command that only reads (`reading_only`), on a full disk.

    SQLite opens a WAL database only where it can write its shared-memory file, unless that
    file is there (then read-only suffices) or it is told the database will not change under
    it (a write-protected copy: nothing can write it). On a full disk that file cannot be
    made, so no process can have the database open, nor open it (`closed_by_a_full_disk`):
    `verify` and `backup` to another disk read it as it is.
    """
    from urllib.parse import quote

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    path = Path(connection.settings_dict["NAME"])
    if not path.is_file():
        return
    if not os.access(path.parent, os.W_OK):
        mode = "mode=ro" if Path(f"{path}-shm").exists() else "immutable=1"
    elif reading_only and closed_by_a_full_disk(path):
        mode = "immutable=1"
    else:
        return
    connection.settings_dict["NAME"] = f"file:{quote(str(path))}?{mode}"
    connection.execute_wrappers.append(_ReadOnly(path))


def disk_full(path: Path, below: int = FULL_BELOW) -> bool:
    """Whether the disk holding PATH has less than BELOW bytes left for this account."""
    try:
        status = os.statvfs(path.parent)
    except OSError:
        return False
    # The superuser may also fill the blocks kept back for it.
    blocks = status.f_bfree if os.geteuid() == 0 else status.f_bavail
    return blocks * status.f_frsize < below


def closed_by_a_full_disk(path: Path) -> bool:
    """Whether no process has the SQLite database at PATH open, nor can open it, for lack of
    room for its shared-memory file; and its write-ahead file holds nothing, so the database
    file alone is all of it."""
    shm, wal = Path(f"{path}-shm"), Path(f"{path}-wal")
    # Every open connection keeps the shared-memory file at its full size (a failed open
    # leaves a shorter one behind).
    shm_size = shm.stat().st_size if shm.exists() else 0
    wal_size = wal.stat().st_size if wal.exists() else 0
    return shm_size < SHM_BYTES and wal_size == 0 and disk_full(path, SHM_BYTES)


class _ReadOnly:
    """Turns SQLite's refusal to write a read-only database into the OSError a write into the
    read-only dir raises, which the command line reports in one line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        from django.db import OperationalError

        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "readonly database" not in str(error):
                raise
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self.path)) from None


def _require_migrated(root: Path, *, writable: bool) -> None:
    """Refuse a database with migrations still to apply (`khavaran migrate` applies them);
    an empty one is refused only read-only (there is nothing to read)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from khavaran.config import schema

    executor = MigrationExecutor(connection)
    if not executor.loader.applied_migrations:
        if not writable:
            raise NoData(_no_data(root, "an empty database"))
        return
    names = schema.pending()
    if names and not writable:
        raise NoData(
            f"{root}: its database needs {len(names)} migration(s) of this version of Khavaran "
            "and the data dir is read-only: run `khavaran migrate` on a writable copy"
        )
    if names:
        raise schema.needs_migrate(names)


def _require_data(root: Path) -> None:
    """Refuse a database without Khavaran's tables, or one that never recorded anything while
    the data dir holds originals: theirs is another database."""
    from django.db import DatabaseError, connection
    from django.db.migrations.recorder import MigrationRecorder

    from khavaran.audit.models import ChainHead

    if not MigrationRecorder(connection).has_table():
        raise NoData(_no_data(root, "an empty database"))
    try:
        started = ChainHead.objects.filter(pk=1).exists()
    except DatabaseError:
        started = False
    if not started and _originals_in(root):
        raise NoData(_no_data(root, "a database that never recorded anything"))


def _originals_in(root: Path) -> int:
    """The originals stored whole: one an interrupted write left (still marked) is not data,
    and is rolled back only once the right database is known (it may record it)."""
    from khavaran.evidence.storage import ContentStore

    store = ContentStore(root / "originals")
    marked = {p.name.split(".", 1)[0] for p in store.pending.glob("*.*")}
    return sum(1 for sha in store.all_hashes() if sha not in marked)


def _no_data(root: Path, what: str) -> str:
    where = _database_named(root)
    held = _originals_in(root)
    if not held:
        return f"{root} holds no Khavaran data yet ({what}{where})"
    return (
        f"{root} holds {held} original{'' if held == 1 else 's'} but {what}{where}: "
        "KHAVARAN_DATABASE_URL is probably not set as it was for the commands that stored them"
    )


def _database_named(root: Path) -> str:
    sqlite = sqlite_file(root)
    if sqlite is not None:
        return "" if sqlite.parent == root else f" at {sqlite}"
    from django.conf import settings

    db = settings.DATABASES["default"]
    # Named without the URL, which may carry a password.
    return f" in database {db.get('NAME')} on {db.get('HOST') or 'localhost'}"


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

    try:
        removed = recover_interrupted_writes()
    except OSError as error:
        if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        # A write-protected copy stays readable and checkable; what it cannot do is said.
        print("note: read-only data dir: interrupted writes not recovered", file=sys.stderr)
        return []
    for sha256 in removed:
        print(
            f"rolled back an interrupted ingest: removed unrecorded original {sha256}",
            file=sys.stderr,
        )
    return removed
