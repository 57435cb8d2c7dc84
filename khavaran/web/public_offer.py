"""What the public site offers for download of a public source, decided from what ingest found.

A public source's page is public; its file need not be. The site serves a copy without the
file's metadata where it can make one (khavaran.evidence.public_copy), the original where the
file holds nothing known to identify anyone, and nothing otherwise, saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from khavaran.evidence.models import Source
from khavaran.evidence.public_copy import CLEANABLE, DOCX, has_camera_data
from khavaran.public_ids import public_id


@dataclass(frozen=True)
class PublicOffer:
    """What the public site lets anyone download of a public source, and if nothing, why.

    kind: "copy" (served without its metadata: also a web page, without its comments, scripts,
    <meta> elements, hidden values, title and frames, `public_copy.html`), "original" (a file
    that holds none this package knows of: plain text, a video filmed without location) or ""
    (nothing).
    """

    kind: str
    withheld_because: str = ""


def public_offer(source: Source) -> PublicOffer:
    metadata, media_type = source.metadata, source.media_type
    if media_type == DOCX and (metadata.get("tracked_changes") or metadata.get("comments")):
        return PublicOffer(
            "", _("the document holds tracked changes or comments, with their authors' names.")
        )
    if metadata.get("not_read"):
        # Stored without being read: nothing says what it holds of its makers (an e-mail's
        # addresses, an archive's file names).
        reason = _("Khavaran could not read this file, so cannot tell what it says of who made it.")
        return PublicOffer("", reason)
    if "position" in metadata:
        # Where a phone says a video or an M4A recording was made: no copy can leave it out.
        return PublicOffer("", _("the file says where it was recorded, which cannot be removed."))
    if media_type.startswith("image/") and media_type not in CLEANABLE:
        # GIF, TIFF, WebP and the rest keep comments, XMP and EXIF that ingest does not read.
        reason = _("this format cannot be cleaned without re-encoding; publish it as JPEG or PNG.")
        return PublicOffer("", reason)
    if media_type in CLEANABLE:
        return PublicOffer("copy")
    if has_camera_data(metadata):
        return PublicOffer("", _("the file holds camera data that cannot be removed."))
    return PublicOffer("original")


def public_download_name(source: Source) -> str:
    """source-<public id> and the file's extension: a file's own name can name the witness it
    records, and its row id would say how many sources are hidden (`khavaran.public_ids`)."""
    suffix = Path(source.original_filename).suffix.lower()
    kept = suffix if suffix.isascii() and len(suffix) <= 6 else ""
    return f"source-{public_id('source', source.pk)}{kept}"
