"""Backup and restore everything: the database (as portable JSON) and every original.

A backup is one tar file: `manifest.json`, `database.json` (Django's serialization, so a backup
from SQLite restores into PostgreSQL and back) and `originals/<sha256>`. Every original is
re-hashed as it is copied, so a damaged or missing one is found before the backup carries it:
the backup is then refused, or, when asked (`skip_damaged`), written without it and the
manifest says so (`left_out`). It is written to a temporary name beside the target and renamed,
so a half-written or refused backup never carries the final name.

A restore first reads the whole backup and checks it against its manifest (every original
present and matching its hash, the counts agreeing), so a damaged or altered backup is refused
before anything is written into the data dir. It only goes into a data dir nothing has been
written to: it would otherwise merge with, and overwrite, what is there.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.serializers import json as django_json
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from khavaran import __version__
from khavaran.evidence.storage import CHUNK, ContentStore, StoredFile

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# The format `database.json` is written in: this module's `Serializer`; any JSON loader reads it.
EXACT_JSON = "khavaran-exact-json"
# What creating a data dir writes (migrating adds content types and permissions): not data.
CREATED_WITH_THE_DATA_DIR = frozenset({"contenttypes.contenttype", "auth.permission"})
SHA256 = re.compile(r"[0-9a-f]{64}")
# What reading a damaged, truncated or vanishing archive raises part way through.
READ_ERRORS = (OSError, EOFError, zlib.error, tarfile.TarError)
DAMAGED = "altered or damaged"
# How many failed originals a refusal names before it only counts the rest.
NAMED = 5


class BackupError(ValueError):
    """The backup cannot be written or restored; the message says why."""


class _ExactEncoder(django_json.DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to the millisecond, and a restore
    must give back every custody time exactly as it was."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    """Django's JSON serializer with exact times, for `dumpdata` (registered as EXACT_JSON).

    Still one JSON array, but one record a line (``[``, each record and its comma, ``]``): a
    restore then reads it a record at a time (`_records`), not as one string in memory."""

    def serialize(self, queryset: Any, **options: Any) -> Any:
        return super().serialize(queryset, cls=_ExactEncoder, **options)

    def start_serialization(self) -> None:
        super().start_serialization()  # "["
        self.stream.write("\n")

    def end_object(self, obj: Any) -> None:
        if not self.first:
            self.stream.write(",\n")
        json.dump(self.get_dump_object(obj), self.stream, **self.json_kwargs)
        self._current = None

    def end_serialization(self) -> None:
        self.stream.write("\n]\n")


# A serializer module names both; a backup is read back by Django's own JSON loader.
Deserializer = django_json.Deserializer


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def source_named(pk: int, confidentiality: str, sha256: str) -> str:
    """A source as `verify`, `backup` and `restore` name it: by id, level and short hash.

    Never by its file name or title, which often name a witness: what these commands print
    goes into cron mail (docs/deployment.md); `khavaran sources` shows the rest. Here, not in
    `integrity`, because a backup is checked before Django is set up."""
    return f"source {pk} ({confidentiality}, {sha256[:12]})"


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> None:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(datetime.now(UTC).timestamp())
    with path.open("rb") as stream:
        tar.addfile(info, stream)


@dataclass(frozen=True)
class Original:
    """A source's original, as a backup names it to the reader."""

    sha256: str
    source: int
    confidentiality: str

    def __str__(self) -> str:
        return source_named(self.source, self.confidentiality, self.sha256)


@dataclass(frozen=True)
class LeftOut:
    """An original a backup is written without, and why: damaged, missing or unreadable."""

    original: Original
    why: str

    def __str__(self) -> str:
        return f"the original of {self.original} is {self.why}"


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds: how many originals, and those it was knowingly written without."""

    originals: int
    left_out: tuple[LeftOut, ...]


def backup(target: Path, *, skip_damaged: bool = False) -> BackupSummary:
    """Write a backup of the data dir to `target`, re-hashing every original as it is copied.

    A damaged, missing or unreadable original refuses the whole backup (BackupError naming
    each one) and `target` is left as it was; with `skip_damaged` the backup is written
    without them and its manifest lists them. The database is read in one snapshot
    (`read_snapshot`): people may go on working, and what they write after it began is simply
    not in the backup.
    """
    # Imported here so that `check_backup` runs before Django is set up.
    from khavaran.evidence.actions import get_store

    store = get_store()
    target = target.resolve()
    # The dump goes to a private file beside the backup, not into memory (a large case's
    # database is gigabytes); it is removed however the backup ends.
    fd, dump_name = tempfile.mkstemp(prefix=".khavaran-database-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as dump:
            originals = _dump(dump)
        return _backup_with(target, Path(dump_name), store, originals, skip_damaged)
    finally:
        Path(dump_name).unlink(missing_ok=True)


def _dump(out: TextIO) -> list[Original]:
    """Write the database to `out`; returns the originals its sources name.

    One snapshot, so that the rows agree with each other (the chain's head with its events)
    and the originals listed are exactly those its sources name, however busy the data dir."""
    from khavaran.audit.chain import read_snapshot
    from khavaran.evidence.models import Source

    with read_snapshot():
        serializers.register_serializer(EXACT_JSON, __name__)
        call_command("dumpdata", format=EXACT_JSON, exclude=EXCLUDED, stdout=out)
        rows = Source.objects.order_by("pk").values_list("sha256", "pk", "confidentiality")
        return [Original(*row) for row in rows]


def _backup_with(
    target: Path, dump: Path, store: ContentStore, originals: list[Original], skip_damaged: bool
) -> BackupSummary:
    # Checked ahead only when some may be left out: else each is checked as it is copied.
    left_out = [LeftOut(o, why) for o in originals if skip_damaged and (why := _problem(store, o))]
    skipped = {gone.original for gone in left_out}
    kept = [original for original in originals if original not in skipped]
    manifest = {
        "format": "khavaran-backup/1",
        "version": __version__,
        "created": datetime.now(UTC).isoformat(),
        "originals": len(kept),
        "left_out": {gone.original.sha256: gone.why for gone in left_out},
    }
    failed = _write(target, manifest, dump, store, kept)
    if failed:
        raise BackupError(_refusal(failed, skipping=skip_damaged))
    return BackupSummary(len(kept), tuple(left_out))


def _write(
    target: Path,
    manifest: dict[str, object],
    database: Path,
    store: ContentStore,
    originals: list[Original],
) -> list[LeftOut]:
    """Write the tar beside `target` and rename it into place if every original copied whole;
    returns those that did not (and then `target` is left as it was)."""
    fd, tmp_name = tempfile.mkstemp(prefix=".khavaran-backup-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            with tarfile.TarFile(fileobj=out, mode="w", copybufsize=CHUNK) as tar:
                _add_bytes(tar, "manifest.json", json.dumps(manifest).encode())
                _add_file(tar, "database.json", database)
                failed = _copy_originals(tar, store, originals)
            if failed:
                return failed
            out.flush()
            os.fsync(out.fileno())
        Path(tmp_name).replace(target)
        return []
    finally:
        Path(tmp_name).unlink(missing_ok=True)


class _Unreadable(Exception):
    """An original could not be read through while being copied."""


class _HashingReader:
    """Hands a file to tarfile in the blocks it asks for, hashing each on the way."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int) -> bytes:
        try:
            chunk = self.stream.read(size)
        except OSError as error:
            raise _Unreadable(f"unreadable ({error.strerror or error})") from None
        if len(chunk) < size:
            # tarfile asks for exactly the bytes the file had when opened.
            raise _Unreadable(f"{DAMAGED} (it shrank while being copied)")
        self.digest.update(chunk)
        return chunk


def _copy_originals(
    tar: tarfile.TarFile, store: ContentStore, originals: list[Original]
) -> list[LeftOut]:
    """Copy each original into the backup, re-hashing it; returns those that failed.

    After the first failure the rest are only checked, not copied, so that the refusal names
    every one at once.
    """
    failed: list[LeftOut] = []
    for original in originals:
        why = _problem(store, original) if failed else _copy(tar, store, original)
        if why:
            failed.append(LeftOut(original, why))
    return failed


def _copy(tar: tarfile.TarFile, store: ContentStore, original: Original) -> str | None:
    """Copy one original into the backup; returns what is wrong with it, if anything."""
    try:
        stream = store.open(original.sha256)
    except OSError as error:
        return _unopened(error)
    with stream:
        info = tarfile.TarInfo(f"originals/{original.sha256}")
        status = os.fstat(stream.fileno())
        info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o444
        reader = _HashingReader(stream)
        try:
            # tarfile only calls read(); its stub asks for a whole IO object.
            tar.addfile(info, reader)  # type: ignore[arg-type]
        except _Unreadable as error:
            return str(error)
    return None if reader.digest.hexdigest() == original.sha256 else DAMAGED


def _problem(store: ContentStore, original: Original) -> str | None:
    """Re-hash one original without copying it; returns what is wrong with it, if anything."""
    try:
        sha = store.hash_of(original.sha256)
    except OSError as error:
        return _unopened(error)
    return None if sha == original.sha256 else DAMAGED


def _unopened(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "missing"
    return f"unreadable ({error.strerror or error})"


def _refusal(failed: list[LeftOut], *, skipping: bool) -> str:
    named = ", ".join(str(gone) for gone in failed[:NAMED])
    more = f", and {len(failed) - NAMED} more" if len(failed) > NAMED else ""
    them = "it" if len(failed) == 1 else "them"
    if skipping:
        # Found intact a moment earlier: something is changing the store under the backup.
        return f"cannot back up: {named}{more}, since the backup began; run `khavaran verify`"
    return (
        f"cannot back up: {named}{more}; run `khavaran verify` to see what is wrong, "
        f"or add --skip-damaged to back up the rest without {them}"
    )


@dataclass(frozen=True)
class CheckedBackup:
    """A backup read through and found whole: every original matches its name and the manifest.

    ``database``: its database.json, one record a line (JSON Lines), in a private temporary
    folder that `check_backup` removes when its ``with`` block ends."""

    archive: Path
    originals: frozenset[str]
    database: Path
    # Originals the backup was knowingly written without (`backup --skip-damaged`).
    left_out: tuple[LeftOut, ...] = ()


@contextmanager
def check_backup(archive: Path) -> Iterator[CheckedBackup]:
    """Read a whole backup and check it against its manifest, writing nothing but its database
    into a private temporary folder (``TMPDIR``), a record at a time, for the restore to load.

    Every original must hash to its name, their number must match the manifest, and every
    source in the database must have its original, unless the manifest lists it as left out
    (and no original be without a source). Raises BackupError naming the archive and what is
    wrong. Needs no running Django.
    """
    with tempfile.TemporaryDirectory(prefix="khavaran-restore-") as folder:
        database = Path(folder) / "database.jsonl"
        try:
            with _open(archive) as tar:
                manifest, sources, originals = _read_entries(archive, tar, database)
        except READ_ERRORS as error:
            raise BackupError(f"{archive}: damaged or truncated backup ({error})") from None
        left_out = _check_manifest(archive, manifest, len(originals))
        gone = _check_sources(archive, sources, originals, left_out)
        yield CheckedBackup(archive, frozenset(originals), database, gone)


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, "r")
    except OSError as error:
        raise BackupError(f"{archive}: cannot be read ({error.strerror or error})") from None
    except tarfile.TarError:
        raise BackupError(f"{archive}: not a Khavaran backup (not a tar file)") from None


_Entries = tuple[dict[str, object], list[Original], set[str]]


def _read_entries(archive: Path, tar: tarfile.TarFile, database: Path) -> _Entries:
    """The manifest, the sources of the database dump (written to `database` as JSON Lines)
    and the hashes of the originals, each one re-hashed."""
    manifest: dict[str, object] | None = None
    sources: list[Original] | None = None
    originals: set[str] = set()
    for member in tar:
        if not member.isfile():
            continue
        name = member.name.removeprefix("./")
        if name == "manifest.json" and manifest is None:
            manifest = _json_object(archive, _read(tar, member))
        elif name == "database.json" and sources is None:
            sources = _copy_records(archive, _stream(tar, member), database)
        elif name.startswith("originals/"):
            originals.add(_check_original(archive, tar, member, name, originals))
        else:
            raise BackupError(f"{archive}: unexpected entry {member.name!r} in the backup")
    for missing, entry in (("manifest.json", manifest), ("database.json", sources)):
        if entry is None:
            raise BackupError(f"{archive}: not a Khavaran backup (it has no {missing})")
    assert manifest is not None and sources is not None
    return manifest, sources, originals


def _check_original(
    archive: Path, tar: tarfile.TarFile, member: tarfile.TarInfo, name: str, seen: set[str]
) -> str:
    sha = name.removeprefix("originals/")
    if not SHA256.fullmatch(sha):
        raise BackupError(f"{archive}: entry {name!r} is not named by a SHA-256")
    if sha in seen:
        raise BackupError(f"{archive}: original {sha} appears twice")
    stream = _stream(tar, member)
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    if digest.hexdigest() != sha:
        raise BackupError(
            f"{archive}: original {sha} was altered or damaged (its content no longer "
            "matches its SHA-256)"
        )
    return sha


def _stream(tar: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    stream = tar.extractfile(member)
    assert stream is not None
    return stream


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    return _stream(tar, member).read()


def _json_object(archive: Path, data: bytes) -> dict[str, object]:
    try:
        value = json.loads(data)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise BackupError(f"{archive}: not a Khavaran backup (manifest.json is not a JSON object)")
    return value


def _copy_records(archive: Path, stream: IO[bytes], database: Path) -> list[Original]:
    """Copy database.json's records to `database`, one a line; returns its sources' originals."""
    sources: list[Original] = []
    try:
        with database.open("wb") as out:
            for line, row in _records(stream):
                if not isinstance(row, dict):
                    raise BackupError(f"{archive}: database.json is not a list of records")
                if row.get("model") == "evidence.source":
                    sources.append(_original(archive, row))
                out.write(line + b"\n")
    except ValueError as error:
        if isinstance(error, BackupError):
            raise
        raise BackupError(f"{archive}: database.json is not valid JSON ({error})") from None
    return sources


def _records(stream: IO[bytes]) -> Iterator[tuple[bytes, object]]:
    """Each record of a JSON array, with its JSON text: a line at a time as `Serializer`
    writes it, or the whole array at once as backups written before it did.

    Raises ValueError (json's, or one saying what is wrong) for anything but a JSON array."""
    first = stream.readline()
    if first.strip() != b"[":
        rows = json.loads(first + stream.read())
        if not isinstance(rows, list):
            raise ValueError("not an array")
        for row in rows:
            yield json.dumps(row, ensure_ascii=False).encode(), row
        return
    comma, records = True, 0  # whether a record may follow; how many came
    for line in stream:
        line = line.strip()
        if line == b"]":
            if comma and records:
                raise ValueError("a comma after the last record")
            break
        if not line:
            continue
        if not comma:
            raise ValueError("a record without the comma before it")
        comma, records = line.endswith(b","), records + 1
        line = line.removesuffix(b",")
        yield line, json.loads(line)
    else:
        raise ValueError("the array does not end")
    if stream.read().strip():
        raise ValueError("text after the end of the array")


def _original(archive: Path, row: dict[str, Any]) -> Original:
    fields, pk = row.get("fields"), row.get("pk")
    if not isinstance(fields, dict):
        raise BackupError(f"{archive}: database.json is not a list of records")
    if not isinstance(pk, int):
        raise BackupError(f"{archive}: database.json has a source without a numeric id")
    return Original(str(fields.get("sha256")), pk, str(fields.get("confidentiality")))


def _check_manifest(archive: Path, manifest: dict[str, object], found: int) -> dict[str, str]:
    """Checks the format and the count; returns the originals left out, by hash, with why."""
    if manifest.get("format") != "khavaran-backup/1":
        raise BackupError(f"{archive}: not a Khavaran backup (unknown format)")
    listed = manifest.get("originals")
    if not isinstance(listed, int) or isinstance(listed, bool):
        raise BackupError(f"{archive}: manifest.json does not say how many originals it holds")
    if listed != found:
        raise BackupError(
            f"{archive}: incomplete backup: the manifest lists {listed} originals "
            f"but the backup holds {found}"
        )
    left_out = manifest.get("left_out", {})
    if not isinstance(left_out, dict) or not all(
        isinstance(why, str) and SHA256.fullmatch(sha) for sha, why in left_out.items()
    ):
        raise BackupError(f"{archive}: manifest.json's list of left-out originals is unreadable")
    return left_out


def _check_sources(
    archive: Path, listed: list[Original], originals: set[str], left_out: dict[str, str]
) -> tuple[LeftOut, ...]:
    """Every source row has its original in the backup or listed as left out, and every
    original has a source; returns the left-out originals, named by their sources."""
    sources = {original.sha256: original for original in listed}
    for sha, original in sources.items():
        if sha not in originals and sha not in left_out:
            raise BackupError(
                f"{archive}: incomplete backup: source {original.source}'s original {sha} "
                "is missing"
            )
    for sha in left_out:
        if sha in originals or sha not in sources:
            raise BackupError(
                f"{archive}: manifest.json lists original {sha} as left out, but "
                + (
                    "the backup holds it"
                    if sha in originals
                    else "no source in database.json has it"
                )
            )
    stray = sorted(originals - sources.keys())
    if stray:
        raise BackupError(f"{archive}: original {stray[0]} belongs to no source in database.json")
    return tuple(LeftOut(sources[sha], why) for sha, why in left_out.items())


def restore(archive: Path, checked: CheckedBackup | None = None) -> dict[str, int]:
    """Restore a backup into an empty data dir; nothing is written unless all of it checks out.

    A data dir with anything in it (`data_held`, or an original in its store) is refused: the
    backup would merge with it and overwrite its rows. The backup is read through and checked
    first (`check_backup`, or the result of an earlier call). Its originals are re-hashed on
    the way into the store and the database loaded in one transaction; if anything fails, the
    originals written so far are removed again.
    """
    if checked is None:
        with check_backup(archive) as checked_now:
            return restore(archive, checked_now)
    from khavaran.evidence.actions import get_store

    store = get_store()
    held = data_held()
    in_store = sum(1 for _ in store.all_hashes())
    if held or in_store:
        raise _not_empty(held, in_store)
    written: list[StoredFile] = []
    try:
        _place_originals(checked, store, written)
        _load_database(checked)
    except BaseException:
        for stored in written:
            store.abandon(stored)
        raise
    for stored in written:
        store.committed(stored)
    return {"originals": len(checked.originals)}


def data_held() -> list[str]:
    """What use has written into this data dir's database, e.g. ``["2 users", "3 audit events"]``;
    empty for a new one.

    Every table is counted, so that nothing a restore would merge with goes unseen, except what
    creating the data dir writes and the audit chain's head before its first event.
    """
    from django.apps import apps

    from khavaran.audit.chain import GENESIS

    held: list[str] = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in CREATED_WITH_THE_DATA_DIR:
            continue
        rows = model._base_manager.all()
        if meta.label_lower == "audit.chainhead":
            rows = rows.exclude(seq=0, hash=GENESIS)
        if count := rows.count():
            held.append(f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}")
    return held


def _not_empty(held: list[str], originals: int = 0) -> BackupError:
    """The refusal of a restore, naming what is not empty: the data dir, or the database that
    KHAVARAN_DATABASE_URL names (a server's, which a new data dir does not make new)."""
    stored = [f"{originals} original{'' if originals == 1 else 's'}"] if originals else []
    database = _database_named()
    if database is None:
        return BackupError(
            f"this data dir is not empty (it holds {', '.join(held + stored)}): "
            "restore only into a new data dir"
        )
    refusals = []
    if held:
        refusals.append(
            f"the database in KHAVARAN_DATABASE_URL ({database}) is not empty "
            f"(it holds {', '.join(held)})"
        )
    if stored:
        refusals.append(f"this data dir is not empty (it holds {stored[0]})")
    return BackupError(
        f"{'; '.join(refusals)}: restore only into a new data dir and a new, empty database "
        "(create one and point KHAVARAN_DATABASE_URL at it; docs/deployment.md)"
    )


def _database_named() -> str | None:
    """The database KHAVARAN_DATABASE_URL names, as ``name on host``, without user or
    password; None when it is not set (the data dir's own SQLite file)."""
    from django.db import connection

    if not os.environ.get("KHAVARAN_DATABASE_URL"):
        return None
    named = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(named["NAME"])
    port = f":{named['PORT']}" if named.get("PORT") else ""
    return f"{named['NAME']} on {named.get('HOST') or 'localhost'}{port}"


def _place_originals(
    checked: CheckedBackup, store: ContentStore, written: list[StoredFile]
) -> None:
    archive = checked.archive
    try:
        with _open(archive) as tar:
            for member in tar:
                sha = member.name.removeprefix("./").removeprefix("originals/")
                if member.isfile() and sha in checked.originals:
                    stream = tar.extractfile(member)
                    assert stream is not None
                    written.append(store.put(stream, max_bytes=2**63))
                    if written[-1].sha256 != sha:
                        raise BackupError(f"{archive}: original {sha} changed while restoring")
    except READ_ERRORS as error:
        raise BackupError(f"{archive}: damaged or truncated backup ({error})") from None
    if {stored.sha256 for stored in written} != checked.originals:
        raise BackupError(f"{archive}: the backup changed while restoring")


def _load_database(checked: CheckedBackup) -> None:
    try:
        with transaction.atomic():
            # Again, in the transaction: another command may have written since the check.
            if held := data_held():
                raise _not_empty(held)
            # A record at a time from the checked copy (JSON Lines), never all of it at once.
            call_command("loaddata", str(checked.database), verbosity=0)
    except (DeserializationError, DatabaseError, CommandError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BackupError(
            f"{checked.archive}: database.json cannot be loaded ({first_line})"
        ) from None
