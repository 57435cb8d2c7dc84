"""Proposals as a reader may see them.

The extractors matched a source's text against every record their runner could read, so a
stored proposal can name what a reviewer may not read: the entity a mention was matched to (an
alias cited only from a confidential testimony names whom it belongs to), or the claim a
defect contradicts. Every view of the queue, web or command line, reads it through here.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from khavaran.extract.folding import fold_name
from khavaran.extract.queue import known_names
from khavaran.records.access import claims_visible_to, names_visible_to

# A defect's value names the claim it contradicts (`extract/extractors/defects.py`).
CONTRADICTED_CLAIM = re.compile(r"^contradicts claim (\d+) ")


def as_seen_by(user: Any, rows: Sequence[Any]) -> list[Any]:
    """The rows `user` may see, as they may see them: a contradiction of a claim `user` may not
    read is left out, and a mention keeps its entity id only when `user` may read a name of
    that entity that reads as the mention does (copies, never saved)."""
    names = _readable_names(user) if any(r.payload.get("entity_id") for r in rows) else {}
    claims = _readable_claims(user, rows)
    kept = [row for row in rows if _contradicted(row) in {None, *claims}]
    return [_without_unread_entity(row, names) for row in kept]


def _contradicted(row: Any) -> int | None:
    """The claim a contradiction defect names, if the row is one."""
    found = CONTRADICTED_CLAIM.match(str(row.payload.get("value") or ""))
    return int(found.group(1)) if row.kind == "defect" and found else None


def _readable_claims(user: Any, rows: Sequence[Any]) -> set[int]:
    cited = {_contradicted(row) for row in rows} - {None}
    if not cited:
        return set()
    return set(claims_visible_to(user).filter(pk__in=cited).values_list("pk", flat=True))


def _readable_names(user: Any) -> dict[tuple[str, str], list[str]]:
    """Every name `user` may read, folded, by entity: a person's names through the names gate
    (an alias cited only from a hidden source is not one), organizations and places by level."""
    people = names_visible_to(user).values_list("person_id", "text")
    others = [known for known in known_names(user) if known[0] != "person"]
    names: dict[tuple[str, str], list[str]] = {}
    for kind, pk, text in [*(("person", str(p), t) for p, t in people), *others]:
        names.setdefault((kind, pk), []).append(f" {fold_name(text)} ")
    return names


def _without_unread_entity(row: Any, names: dict[tuple[str, str], list[str]]) -> Any:
    """The row, or a copy without its entity id unless `names` holds a name of that entity
    that is the mention's text, or holds it as whole words (a surname, "Evin" of "Evin
    prison", as the extractors' short forms are)."""
    entity = row.payload.get("entity_id")
    if entity is None:
        return row
    spelled = f" {fold_name(row.text)} "
    known = names.get((str(row.payload.get("entity_type")), str(entity)), [])
    if any(spelled in name for name in known):
        return row
    shown = copy.copy(row)
    shown.payload = {**row.payload, "entity_id": None}
    return shown
