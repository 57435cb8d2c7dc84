"""The boxes of an ISO base media file (MP4, QuickTime, 3GP, M4A): its index and its tags."""

from __future__ import annotations

import struct


def box_at(data: bytes, at: int, end: int) -> tuple[bytes, int, int] | None:
    """The box at ``at``: (its type, where its payload starts, where it ends), or None when
    its header is cut off or it reaches past ``end`` (a damaged or truncated file).

    A size of 1 means a 64-bit size follows the type; a size of 0, "to the end".
    """
    if at + 8 > end:
        return None
    size, kind = struct.unpack(">I4s", data[at : at + 8])
    header = 8
    if size == 1 and at + 16 <= end:
        size, header = struct.unpack(">Q", data[at + 8 : at + 16])[0], 16
    elif size == 0:
        size = end - at
    if size < header or at + size > end:
        return None
    return kind, at + header, at + size
