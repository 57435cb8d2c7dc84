"""`verify`: re-hash every original, check every excerpt against its text, walk the audit chain."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch

from khavaran.audit.chain import check_chain
from khavaran.audit.models import AuditEvent
from khavaran.audit.replay import Audited, Drift, drift
from khavaran.evidence.actions import get_store, recover_interrupted_writes, source_snapshot
from khavaran.evidence.models import CustodyEvent, Excerpt, Source

EVIDENCE = (
    Audited("evidence.Source", source_snapshot),
    Audited(
        "evidence.Excerpt",
        lambda e: {
            "source": e.source_id,
            "start": e.start,
            "end": e.end,
            "quoted_text": e.quoted_text,
        },
        rows=lambda: Excerpt.objects.order_by("pk"),
    ),
    Audited(
        "evidence.CustodyEvent",
        lambda c: {
            "source": c.source_id,
            "actor": c.actor,
            "method": c.method,
            "note": c.note,
            "origin": c.origin,
            "sha256_seen": c.sha256_seen,
        },
        rows=lambda: CustodyEvent.objects.order_by("pk"),
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


def _originals() -> Iterator[Problem]:
    store = get_store()
    known: set[str] = set()
    for source in Source.objects.only("pk", "sha256", "original_filename").iterator():
        known.add(source.sha256)
        what = f"source {source.pk} ({source.original_filename})"
        if not store.path_for(source.sha256).exists():
            yield Problem(what, f"original file missing ({source.sha256})")
        elif store.hash_of(source.sha256) != source.sha256:
            yield Problem(
                what, f"original was altered: its bytes no longer hash to {source.sha256}"
            )
    for sha in store.all_hashes():
        if sha not in known:
            yield Problem(f"file {store.path_for(sha)}", "stray original: no source records it")


def _excerpts() -> Iterator[Problem]:
    # Each source's text read once with its passages, not once per passage (a join would).
    passages = Prefetch(
        "excerpts", queryset=Excerpt.objects.only("source_id", "start", "end", "quoted_text")
    )
    sources = Source.objects.only("text").prefetch_related(passages).order_by("pk")
    for source in sources.iterator(chunk_size=100):
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
    comparisons (which victim a list record is linked to)."""
    rolled_back = recover_interrupted_writes()
    problems = [*_originals(), *_excerpts()]
    chain = [Problem(f"audit event #{p.seq}", p.message) for p in check_chain()]
    problems += chain
    models = [*EVIDENCE, *audited]
    rows = 0
    # A broken chain cannot say what a row should be: its problems come first.
    if chain:
        problems.append(Problem("database", "rows not compared with the audit log: it is broken"))
    else:
        drifts: list[Drift] = []
        for spec in models:
            rows += spec.all().count()
            drifts += drift(spec)
        for check in more:
            drifts += check()
        problems += [Problem(f"{d.model} {d.object_id}", d.message) for d in drifts]

    return VerifyReport(
        sources_checked=Source.objects.count(),
        excerpts_checked=Excerpt.objects.count(),
        audit_events_checked=AuditEvent.objects.count(),
        rows_checked=rows,
        rolled_back=tuple(rolled_back),
        problems=tuple(problems),
    )
