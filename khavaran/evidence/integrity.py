"""`verify`: re-hash every original, check every excerpt against its text, walk the audit chain."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Prefetch

from khavaran.audit.chain import check_chain, read_snapshot
from khavaran.audit.damage import damaged_by
from khavaran.audit.models import AuditEvent
from khavaran.audit.replay import Audited, Drift, drift, rows_by_size
from khavaran.evidence.actions import (
    custody_state,
    excerpt_state,
    get_store,
    recover_interrupted_writes,
    source_snapshot,
)
from khavaran.evidence.backup import source_named
from khavaran.evidence.models import CustodyEvent, Excerpt, Source
from khavaran.evidence.storage import ContentStore

# What writing into a write-protected data dir raises.
READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})

# The same snapshots the actions write: a field left out here could be rewritten unnoticed.
EVIDENCE = (
    Audited("evidence.Source", source_snapshot),
    Audited("evidence.Excerpt", excerpt_state, rows=lambda: Excerpt.objects.order_by("pk")),
    Audited(
        "evidence.CustodyEvent", custody_state, rows=lambda: CustodyEvent.objects.order_by("pk")
    ),
)


@dataclass(frozen=True)
class Problem:
    what: str
    message: str

    def __str__(self) -> str:
        return f"{self.what}: {self.message}"


@dataclass(frozen=True)
class VerifyReport:
    sources_checked: int
    excerpts_checked: int
    audit_events_checked: int
    rows_checked: int
    rolled_back: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _originals(store: ContentStore, known: set[str]) -> Iterator[Problem]:
    """Each source's original, re-hashed; adds the hashes the sources record to `known`."""
    rows = Source.objects.only("pk", "sha256", "confidentiality").order_by("pk")
    for source in rows.iterator():
        known.add(source.sha256)
        what = source_named(source.pk, source.confidentiality, source.sha256)
        if not store.path_for(source.sha256).exists():
            yield Problem(what, "original file missing")
        elif store.hash_of(source.sha256) != source.sha256:
            yield Problem(what, "original was altered: its bytes no longer hash to its SHA-256")


def _strays(store: ContentStore, unrecorded: list[str]) -> Iterator[Problem]:
    """The files no source in the snapshot recorded that are strays indeed: not an ingest's
    that committed since the snapshot, nor one still being written.

    Checked after the snapshot, in this order: a writer marks a file before placing it and
    unmarks it only once its row commits, so a file found unmarked has its row by now, if
    it will ever have one. A marker whose writer died stays until a command rolls it back.
    """
    marked = {intent.name.split(".", 1)[0] for intent in _markers(store)}
    candidates = [sha for sha in unrecorded if sha not in marked]
    recorded = set(Source.objects.filter(sha256__in=candidates).values_list("sha256", flat=True))
    for sha in candidates:
        if sha not in recorded and store.path_for(sha).exists():
            yield Problem(f"file {store.path_for(sha)}", "stray original: no source records it")


def _markers(store: ContentStore) -> list[Path]:
    return list(store.pending.glob("*.*")) if store.pending.exists() else []


def _excerpts() -> Iterator[Problem]:
    # Each source's text read once with its passages, not once per passage (a join would).
    passages = Prefetch(
        "excerpts", queryset=Excerpt.objects.only("source_id", "start", "end", "quoted_text")
    )
    # Only the sources that have passages, and a few at a time: a text can be tens of megabytes.
    cited = Source.objects.filter(pk__in=Excerpt.objects.values("source_id"))
    sources = cited.only("text").prefetch_related(passages).order_by("pk")
    # A few sources' texts at a time, a long one alone (`rows_by_size`): a library of
    # transcripts must not sit in memory at once.
    for source in rows_by_size(sources, ("text",), rows=20):
        for excerpt in source.excerpts.all():
            if source.text[excerpt.start : excerpt.end] != excerpt.quoted_text:
                yield Problem(
                    f"excerpt {excerpt.pk}", f"no longer matches the text of source {source.pk}"
                )


def verify(
    audited: Iterable[Audited] = (), more: Iterable[Callable[[], Iterable[Drift]]] = ()
) -> VerifyReport:
    """Everything above. ``audited``: the models of the layers above evidence (records, lists,
    accounts) whose rows are compared with the log besides evidence's own; ``more``: their other
    comparisons (which victim a list record is linked to).

    The database is read in one snapshot (`read_snapshot`), so that people working meanwhile
    never look like tampering; interrupted writes are rolled back before it, where a row
    committed after it began could not be seen."""
    rolled_back = _recover()
    store = get_store()
    with read_snapshot():
        checked = _checked(store, [*EVIDENCE, *audited], more)
    strays = list(_strays(store, checked.unrecorded))
    return VerifyReport(
        sources_checked=checked.sources,
        excerpts_checked=checked.excerpts,
        audit_events_checked=checked.events,
        rows_checked=checked.rows,
        rolled_back=tuple(rolled_back),
        problems=(*checked.problems, *strays),
    )


def _recover() -> list[str]:
    try:
        return recover_interrupted_writes()
    except OSError as error:
        if error.errno not in READ_ONLY:
            raise
        # A write-protected copy stays checkable; starting the command said what is skipped.
        return []


@dataclass(frozen=True)
class _Checked:
    sources: int
    excerpts: int
    events: int
    rows: int
    problems: tuple[Problem, ...]
    # Files in the store that no source of the snapshot records.
    unrecorded: list[str]


def _checked(
    store: ContentStore,
    models: list[Audited],
    more: Iterable[Callable[[], Iterable[Drift]]],
) -> _Checked:
    known: set[str] = set()
    problems = [*_originals(store, known), *_excerpts()]
    unrecorded = [sha for sha in store.all_hashes() if sha not in known]
    chain = list(check_chain())
    problems += [Problem(f"audit event #{p.seq}", p.message) for p in chain]
    # A damaged event says nothing of its row, which is named as not compared; every other
    # row is still compared, so one damaged event cannot hide a change made behind the log.
    damaged = damaged_by(chain)
    rows = 0
    drifts: list[Drift] = []
    for spec in models:
        rows += spec.all().count()
        drifts += drift(spec, damaged)
    for check in more:
        drifts += check()
    problems += [Problem(f"{d.model} {d.object_id}", d.message) for d in drifts]
    return _Checked(
        sources=Source.objects.count(),
        excerpts=Excerpt.objects.count(),
        events=AuditEvent.objects.count(),
        rows=rows,
        problems=tuple(problems),
        unrecorded=unrecorded,
    )
