"""What a file says about itself (duration, camera, clock, position), as lines for its page.

The ingest importers store these facts in ``Source.metadata``. Investigators weigh them when
they verify footage or a photograph: when the device's clock says it was made, where its GPS
put it, how long a recording runs. They are the device's word, not verified facts.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _


def file_details(metadata: Mapping[str, object]) -> list[tuple[str, str]]:
    """(label, value) pairs for the facts a file's metadata holds, in a fixed order."""
    lines: list[tuple[str, str]] = []
    if isinstance(metadata.get("duration_seconds"), int | float):
        lines.append((_("Duration"), _clock(float(metadata["duration_seconds"]))))  # type: ignore[arg-type]
    if metadata.get("recorded_at"):
        lines.append((_("Recorded (camera clock)"), str(metadata["recorded_at"])))
    if metadata.get("exif_taken"):
        lines.append((_("Taken (camera clock)"), str(metadata["exif_taken"])))
    camera = " ".join(
        str(metadata[key]) for key in ("exif_camera_make", "exif_camera_model") if metadata.get(key)
    )
    if camera:
        lines.append((_("Camera"), camera))
    latitude, longitude = metadata.get("exif_latitude"), metadata.get("exif_longitude")
    if isinstance(latitude, int | float) and isinstance(longitude, int | float):
        lines.append((_("Position written in the file"), f"{latitude:.5f}, {longitude:.5f}"))
    if metadata.get("position"):
        lines.append((_("Position written in the file"), str(metadata["position"])))
    if metadata.get("width") and metadata.get("height"):
        lines.append((_("Size in pixels"), f"{metadata['width']} × {metadata['height']}"))
    if metadata.get("pages"):
        lines.append((_("Pages"), str(metadata["pages"])))
    if metadata.get("tracked_changes"):
        lines.append(
            (
                _("Tracked changes"),
                _("%(n)s, with their authors and any deleted words")
                % {"n": metadata["tracked_changes"]},
            )
        )
    if metadata.get("comments"):
        lines.append((_("Comments"), _("%(n)s, with their authors") % {"n": metadata["comments"]}))
    sound = [str(metadata["codec"])] if metadata.get("codec") else []
    if metadata.get("sample_rate"):
        sound.append(f"{metadata['sample_rate']} Hz")
    if metadata.get("channels"):
        sound.append(_("%(n)s channel(s)") % {"n": metadata["channels"]})
    if sound:
        lines.append((_("Recording"), ", ".join(sound)))
    if metadata.get("container"):
        lines.append((_("Container"), str(metadata["container"])))
    if metadata.get("index") == "missing":
        lines.append((_("Index"), _("missing: the recording may have been cut short")))
    elif metadata.get("index"):
        lines.append((_("Index"), _("unreadable")))
    return lines


def _clock(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
