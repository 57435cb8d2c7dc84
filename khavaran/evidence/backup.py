"""Backup and restore everything: the database (as portable JSON) and every original.

A backup is one tar file: `manifest.json`, `database.json` (Django's serialization, so a backup
from SQLite restores into PostgreSQL and back) and `originals/<sha256>`. It is written to a
temporary name and renamed, so a half-written backup never carries the final name.

A restore first reads the whole backup and checks it against its manifest (every original
present and matching its hash, the counts agreeing), so a damaged or altered backup is refused
before anything is written into the data dir.
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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from khavaran import __version__
from khavaran.evidence.storage import CHUNK, ContentStore, StoredFile

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
SHA256 = re.compile(r"[0-9a-f]{64}")
# What reading a damaged, truncated or vanishing archive raises part way through.
READ_ERRORS = (OSError, EOFError, zlib.error, tarfile.TarError)


class BackupError(ValueError):
    """The backup cannot be written or restored; the message says why."""


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(target: Path) -> dict[str, int]:
    """Write a backup of the data dir to `target`; returns what it holds."""
    # Imported here so that `check_backup` runs before Django is set up.
    from khavaran.evidence.actions import get_store
    from khavaran.evidence.models import Source

    store = get_store()
    target = target.resolve()
    fd, tmp_name = tempfile.mkstemp(prefix=".khavaran-backup-", dir=target.parent)
    os.close(fd)
    try:
        with transaction.atomic():
            database = io.StringIO()
            call_command("dumpdata", exclude=EXCLUDED, stdout=database, indent=None)
            hashes = list(Source.objects.values_list("sha256", flat=True))
        with tarfile.open(tmp_name, "w") as tar:
            manifest = {
                "format": "khavaran-backup/1",
                "version": __version__,
                "created": datetime.now(UTC).isoformat(),
                "originals": len(hashes),
            }
            _add_bytes(tar, "manifest.json", json.dumps(manifest).encode())
            _add_bytes(tar, "database.json", database.getvalue().encode("utf-8"))
            for sha in hashes:
                tar.add(store.path_for(sha), arcname=f"originals/{sha}")
        Path(tmp_name).replace(target)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    return {"originals": len(hashes)}


@dataclass(frozen=True)
class CheckedBackup:
    """A backup read through and found whole: every original matches its name and the manifest."""

    archive: Path
    originals: frozenset[str]
    database: bytes


def check_backup(archive: Path) -> CheckedBackup:
    """Read a whole backup and check it against its manifest, writing nothing.

    Every original must hash to its name, their number must match the manifest, and every
    source in the database must have its original (and no original be without a source).
    Raises BackupError naming the archive and what is wrong. Needs no running Django.
    """
    try:
        with _open(archive) as tar:
            entries = _read_entries(archive, tar)
    except READ_ERRORS as error:
        raise BackupError(f"{archive}: damaged or truncated backup ({error})") from None
    manifest, database, originals = entries
    _check_manifest(archive, manifest, len(originals))
    _check_sources(archive, database, originals)
    return CheckedBackup(archive, frozenset(originals), database)


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, "r")
    except OSError as error:
        raise BackupError(f"{archive}: cannot be read ({error.strerror or error})") from None
    except tarfile.TarError:
        raise BackupError(f"{archive}: not a Khavaran backup (not a tar file)") from None


_Entries = tuple[dict[str, object], bytes, set[str]]


def _read_entries(archive: Path, tar: tarfile.TarFile) -> _Entries:
    """The manifest, the database dump and the hashes of the originals, each one re-hashed."""
    files: dict[str, bytes] = {}
    originals: set[str] = set()
    for member in tar:
        if not member.isfile():
            continue
        name = member.name.removeprefix("./")
        if name in ("manifest.json", "database.json") and name not in files:
            files[name] = _read(tar, member)
        elif name.startswith("originals/"):
            originals.add(_check_original(archive, tar, member, name, originals))
        else:
            raise BackupError(f"{archive}: unexpected entry {member.name!r} in the backup")
    for name in ("manifest.json", "database.json"):
        if name not in files:
            raise BackupError(f"{archive}: not a Khavaran backup (it has no {name})")
    return _json_object(archive, files["manifest.json"]), files["database.json"], originals


def _check_original(
    archive: Path, tar: tarfile.TarFile, member: tarfile.TarInfo, name: str, seen: set[str]
) -> str:
    sha = name.removeprefix("originals/")
    if not SHA256.fullmatch(sha):
        raise BackupError(f"{archive}: entry {name!r} is not named by a SHA-256")
    if sha in seen:
        raise BackupError(f"{archive}: original {sha} appears twice")
    stream = tar.extractfile(member)
    assert stream is not None
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    if digest.hexdigest() != sha:
        raise BackupError(
            f"{archive}: original {sha} was altered or damaged (its content no longer "
            "matches its SHA-256)"
        )
    return sha


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    stream = tar.extractfile(member)
    assert stream is not None
    return stream.read()


def _json_object(archive: Path, data: bytes) -> dict[str, object]:
    try:
        value = json.loads(data)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise BackupError(f"{archive}: not a Khavaran backup (manifest.json is not a JSON object)")
    return value


def _check_manifest(archive: Path, manifest: dict[str, object], found: int) -> None:
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


def _check_sources(archive: Path, database: bytes, originals: set[str]) -> None:
    """Every source row has its original in the backup, and every original has a source."""
    try:
        rows = json.loads(database)
    except ValueError as error:
        raise BackupError(f"{archive}: database.json is not valid JSON ({error})") from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise BackupError(f"{archive}: database.json is not a list of records")
    sources = {
        str(row.get("fields", {}).get("sha256")): row.get("pk")
        for row in rows
        if row.get("model") == "evidence.source" and isinstance(row.get("fields"), dict)
    }
    for sha, pk in sources.items():
        if sha not in originals:
            raise BackupError(
                f"{archive}: incomplete backup: source {pk}'s original {sha} is missing"
            )
    stray = sorted(originals - sources.keys())
    if stray:
        raise BackupError(f"{archive}: original {stray[0]} belongs to no source in database.json")


def restore(archive: Path, checked: CheckedBackup | None = None) -> dict[str, int]:
    """Restore a backup into an empty data dir; nothing is written unless all of it checks out.

    The backup is first read through and checked (`check_backup`, or the result of an earlier
    call). Its originals are then re-hashed on the way into the store and the database loaded in
    one transaction; if anything fails, the originals written so far are removed again.
    """
    from khavaran.evidence.actions import get_store
    from khavaran.evidence.models import Source

    if Source.objects.exists():
        raise BackupError("this data dir is not empty: restore only into a new data dir")
    checked = checked or check_backup(archive)
    store = get_store()
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
    with tempfile.NamedTemporaryFile("wb", suffix=".json") as dump:
        dump.write(checked.database)
        dump.flush()
        try:
            with transaction.atomic():
                call_command("loaddata", dump.name, verbosity=0)
        except (DeserializationError, DatabaseError, CommandError) as error:
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise BackupError(
                f"{checked.archive}: database.json cannot be loaded ({first_line})"
            ) from None
