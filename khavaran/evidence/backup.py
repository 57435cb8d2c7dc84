"""Backup and restore everything: the database (as portable JSON) and every original.

A backup is one tar file: `manifest.json`, `database.json` (Django's serialization, so a backup
from SQLite restores into PostgreSQL and back) and `originals/<sha256>`. It is written to a
temporary name and renamed, so a half-written backup never carries the final name.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from khavaran import __version__
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Source

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(ValueError):
    """The backup cannot be written or restored; the message says why."""


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(target: Path) -> dict[str, int]:
    """Write a backup of the data dir to `target`; returns what it holds."""
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


def restore(archive: Path) -> dict[str, int]:
    """Restore a backup into an empty data dir; the originals are re-hashed on the way in."""
    if Source.objects.exists():
        raise BackupError("this data dir is not empty: restore only into a new data dir")
    try:
        tar = tarfile.open(archive, "r")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive}: not a Khavaran backup ({error})") from None
    with tar:
        manifest = _read_json(tar, "manifest.json")
        if manifest.get("format") != "khavaran-backup/1":
            raise BackupError(f"{archive}: not a Khavaran backup (unknown format)")
        store = get_store()
        count = 0
        for member in tar.getmembers():
            if member.name.startswith("originals/") and member.isfile():
                data = tar.extractfile(member)
                assert data is not None
                store.restore_file(member.name.split("/", 1)[1], data)
                count += 1
        with tempfile.NamedTemporaryFile("wb", suffix=".json") as dump:
            dump.write(_member_bytes(tar, "database.json"))
            dump.flush()
            with transaction.atomic():
                call_command("loaddata", dump.name, verbosity=0)
    return {"originals": count}


def _member_bytes(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        member = tar.extractfile(name)
    except KeyError:
        raise BackupError(f"backup has no {name}") from None
    assert member is not None
    return member.read()


def _read_json(tar: tarfile.TarFile, name: str) -> dict[str, object]:
    value = json.loads(_member_bytes(tar, name))
    if not isinstance(value, dict):
        raise BackupError(f"backup's {name} is not an object")
    return value
