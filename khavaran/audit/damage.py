"""Which of some audit events the chain does not vouch for, so a page can set them apart.

`khavaran verify` walks the whole chain; a history page shows a few events and must not walk
it all. Each event shown is checked where it sits: its content against its own hash, its link
to the event before, and the link of the event after (or the head) to it: an event rewritten
with its hash recomputed still breaks the link its successor holds. What an event of a page
says is shown only when all three hold; `verify` says what went wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from khavaran.audit.chain import GENESIS, ChainProblem, content_matches
from khavaran.audit.models import AuditEvent, ChainHead


def missing_events() -> int:
    """How many events the log lacks below its head: a deleted event leaves no row for its
    record's page to mark, only a gap in the numbers. One count, on the primary key."""
    head = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first()
    if not head:
        return 0
    return max(0, head - AuditEvent.objects.filter(seq__lte=head).count())


def unconfirmed(events: Sequence[AuditEvent]) -> set[int]:
    """The numbers (`seq`) of those of `events` whose content or place in the chain does not
    hold. Two queries, whatever the number of events."""
    if not events:
        return set()
    near = {e.seq - 1 for e in events} | {e.seq + 1 for e in events}
    neighbours = {
        seq: (hash_, prev)
        for seq, hash_, prev in AuditEvent.objects.filter(seq__in=near).values_list(
            "seq", "hash", "prev_hash"
        )
    }
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return {e.seq for e in events if not _holds(e, neighbours, head)}


def _holds(
    event: AuditEvent,
    neighbours: dict[int, tuple[str, str]],
    head: tuple[int, str] | None,
) -> bool:
    if not content_matches(event):
        return False
    before = neighbours.get(event.seq - 1)
    expected_prev = GENESIS if event.seq == 1 else (before[0] if before else None)
    if event.prev_hash != expected_prev:
        return False
    after = neighbours.get(event.seq + 1)
    if after is not None:
        return after[1] == event.hash
    # The last event: the head names it (an event appended meanwhile has its own link).
    return head is None or head[0] != event.seq or head[1] == event.hash


def damaged_by(problems: Iterable[ChainProblem]) -> frozenset[int]:
    """The events whose content the chain walk cannot vouch for, from its problems: an event
    altered, the last one when the head names another hash, and both sides of a broken link
    (the event before may be the rewritten one)."""
    found: set[int] = set()
    for problem in problems:
        if problem.kind in ("altered", "link", "head-hash"):
            found.add(problem.seq)
        if problem.kind == "link":
            found.add(problem.seq - 1)
    return frozenset(found)
