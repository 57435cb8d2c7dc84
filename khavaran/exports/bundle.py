"""The court bundle: one ZIP a court can re-verify without Khavaran.

    write_bundle(data, cited, Path("case-2.zip"), reader=reader, actor="maryam")

It holds the case file (`case-file.md`, `case-file.html`, `case-file.json`), the original of
every source it cites (`originals/<SHA-256>`, streamed, never read whole into memory), each
cited source's chain of custody (`custody.json`) and `MANIFEST.json`: every other file's
SHA-256 and size, the audit log head at export time, the Khavaran version, who exported and
when (UTC). Entries are sorted and carry a fixed timestamp, so two bundles of the same record
differ only where the export time is written.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import IO, Any

from khavaran import __version__
from khavaran.accounts.access import clearance_of
from khavaran.audit.anchor import current_head
from khavaran.audit.build import tool_version
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import Source
from khavaran.exports.casefile_html import html
from khavaran.exports.casefile_md import markdown
from khavaran.exports.collect import STAFF_CLEARANCE
from khavaran.exports.whole_file import whole_file

BUNDLE_FORMAT = "khavaran-court-bundle/1"
MANIFEST = "MANIFEST.json"
# The earliest time a ZIP entry can carry: the same in every bundle, so that the bytes of an
# entry depend on its content only.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CHUNK = 1 << 20
VERIFY = (
    "Each file listed has the SHA-256 given (sha256sum); an original's name is its SHA-256, "
    "the hash recorded when it was collected. On the archive, `khavaran verify --expect-head "
    "SEQ:HASH` with audit_head shows its audit log unchanged up to this export."
)
# Python's own table of media types, not the system's (which differs between machines): the
# same original gets the same name in every bundle.
_TYPES = mimetypes.MimeTypes()


class BundleError(ValueError):
    """The bundle cannot be written; the message says which file or source and why."""


@dataclass(frozen=True)
class Original:
    """A cited source's original as it goes into the bundle."""

    n: int
    source: Source

    @property
    def path(self) -> str:
        # The extension only helps a reader's program open it; the name is the SHA-256.
        ext = _TYPES.guess_extension(self.source.media_type.split(";")[0].strip()) or ""
        return f"originals/{self.source.sha256}{ext}"


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def custody_rows(cited: list[Original], reader: Any) -> list[dict[str, Any]]:
    """Each cited source's chain of custody, as `khavaran sources --json` shows it to this
    reader: who handled it and how only to readers above the public level, where it came
    from and the notes (which can name a donor or a file) only at the staff level."""
    level = clearance_of(reader)
    rows = []
    for o in cited:
        events = [_event(e, level) for e in o.source.custody.all()]
        rows.append({"n": o.n, "source": o.source.pk, "sha256": o.source.sha256, "events": events})
    return rows


def _event(event: Any, level: str) -> dict[str, Any]:
    row = {
        "action": event.action,
        "at": event.at.astimezone(UTC).isoformat(),
        "sha256_seen": event.sha256_seen,
        "tool_version": event.tool_version,
    }
    if level != "public":
        row |= {"method": event.method}
    # Who handled a source is often who collected it, which the case file beside this names
    # only at the confidential level (docs/export.md's staff-only fields): the same here.
    if level == STAFF_CLEARANCE:
        row |= {"actor": event.actor, "origin": event.origin, "note": event.note}
    return row


def text_files(data: dict[str, Any], custody: list[dict[str, Any]]) -> dict[str, bytes]:
    """The bundle's files other than the originals and the manifest, by name (the Markdown
    and JSON as `khavaran case export --format md|json` writes them)."""
    return {
        "case-file.md": markdown(data).encode(),
        "case-file.json": _json_bytes(data),
        "case-file.html": html(data).encode(),
        "custody.json": _json_bytes(custody),
    }


def manifest(
    data: dict[str, Any], files: dict[str, bytes], cited: list[Original], actor: str
) -> dict[str, Any]:
    """What the bundle holds and how to check it: each file's SHA-256 and size (the
    originals' as recorded when they were collected, checked again as they are copied)."""
    head = current_head()
    listed = [
        {"path": name, "sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}
        for name, body in files.items()
    ]
    listed += [
        {"path": o.path, "sha256": o.source.sha256, "bytes": o.source.size, "source": o.source.pk}
        for o in cited
    ]
    return {
        "format": BUNDLE_FORMAT,
        "case": data["case"]["id"],
        "case_title": data["case"]["title"],
        "how_to_verify": VERIFY,
        "exported_by": actor,
        "exported_at": data["written_at"],
        "khavaran_version": __version__,
        "khavaran_build": tool_version(),
        "reader_level": data["reader_level"],
        "contains_level": data["contains_level"],
        # `khavaran verify --expect-head SEQ:HASH` later shows the log up to here unchanged;
        # this export's own custody events come after it.
        "audit_head": {"seq": head.seq, "hash": head.hash} if head else None,
        "files": sorted(listed, key=lambda f: f["path"]),
    }


def _entry(name: str, *, stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def _copy_original(archive: zipfile.ZipFile, original: Original) -> None:
    """Stream the original into the bundle as it is (stored, not compressed), hashing it on
    the way: a file changed since it was checked refuses the bundle."""
    source = original.source
    info = _entry(original.path, stored=True)
    info.file_size = source.size
    digest = hashlib.sha256()
    with get_store().open(source.sha256) as handle, archive.open(info, "w") as out:
        for chunk in _chunks(handle):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != source.sha256:
        raise BundleError(
            f"export refused: the original of source {source.pk} changed while it was copied "
            "into the bundle; run khavaran verify"
        )


def write_zip(handle: IO[bytes], files: dict[str, bytes], cited: list[Original]) -> None:
    """Every file in name order (the manifest among them), originals streamed."""
    originals = {o.path: o for o in cited}
    with zipfile.ZipFile(handle, "w") as archive:
        for name in sorted([*files, *originals]):
            if name in originals:
                _copy_original(archive, originals[name])
            else:
                archive.writestr(_entry(name), files[name])


def write_bundle(
    data: dict[str, Any], sources: list[Source], target: Path, *, reader: Any, actor: str
) -> None:
    """The court bundle of a case file's `data`, citing `sources` (their originals already
    checked), written beside `target` under a temporary name and renamed when whole.

    Raises:
        BundleError: a target that is not a .zip or cannot be written, or an original that
            changed while it was copied (then no bundle is left behind).
    """
    if target.suffix.lower() != ".zip":
        raise BundleError(f"{target}: a bundle is written to a .zip file")
    numbers = {s["source"]: s["n"] for s in data["sources"]}
    cited = sorted((Original(numbers[s.pk], s) for s in sources), key=lambda o: o.n)
    files = text_files(data, custody_rows(cited, reader))
    files[MANIFEST] = _json_bytes(manifest(data, files, cited, actor))
    try:
        with whole_file(target) as out:
            write_zip(out, files, cited)
    except OSError as error:
        raise BundleError(f"cannot write {target}: {error.strerror or error}") from None
