"""The audit head kept outside Khavaran: what shows that the log was not rolled back or
rewritten.

The chain proves that no event was changed in place; but whoever can write the database can
also recompute every hash after a change, or put back an older copy of the database, and the
chain alone still holds. A head (an event's number and hash) written down elsewhere at some
moment pins the log up to that event: as long as that event is still there with that hash, and
the chain from it holds, nothing before it was changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khavaran.audit.models import AuditEvent

_ANCHOR = re.compile(r"#?(\d+):([0-9a-f]{12,64})")


class AnchorError(ValueError):
    """An anchor written in a form that is not SEQ:HASH."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


def parse_anchor(text: str) -> Anchor:
    """`SEQ:HASH` as `verify` prints it (a hash prefix of 12 characters or more will do).

    Raises:
        AnchorError: any other form.
    """
    found = _ANCHOR.fullmatch(text.strip().lower())
    if found is None:
        raise AnchorError(
            f"--expect-head: {text!r} is not SEQ:HASH (as `khavaran verify` prints the head)"
        )
    return Anchor(int(found.group(1)), found.group(2))


def current_head() -> Anchor | None:
    """The last event of the log, None while it is empty."""
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    return Anchor(last.seq, last.hash) if last is not None else None


def check_anchor(anchor: Anchor) -> list[str]:
    """What is wrong with the log against an anchor recorded earlier (nothing when the event
    is still there with that hash; the chain walk checks everything after it)."""
    event = AuditEvent.objects.filter(seq=anchor.seq).only("hash").first()
    if event is None:
        last = current_head()
        now = f"the log now ends at #{last.seq}" if last else "the log is now empty"
        return [
            f"audit head #{anchor.seq}, recorded elsewhere, is gone: {now}; the log was "
            "rolled back (an older database put back) or cut short"
        ]
    if not event.hash.startswith(anchor.hash):
        return [
            f"audit event #{anchor.seq} is not the one recorded elsewhere "
            f"({anchor.hash[:12]}…, now {event.hash[:12]}…): the log was rewritten"
        ]
    return []
