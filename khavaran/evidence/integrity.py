"""`verify`: re-hash every original, check every excerpt against its text, walk the audit chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from khavaran.audit.chain import check_chain
from khavaran.evidence.actions import get_store, recover_interrupted_writes
from khavaran.evidence.models import Excerpt, Source


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
    for excerpt in Excerpt.objects.select_related("source").iterator(chunk_size=500):
        if excerpt.source.text[excerpt.start : excerpt.end] != excerpt.quoted_text:
            yield Problem(
                f"excerpt {excerpt.pk}", f"no longer matches the text of source {excerpt.source_id}"
            )


def verify() -> VerifyReport:
    rolled_back = recover_interrupted_writes()
    problems = [*_originals(), *_excerpts()]
    problems += [Problem(f"audit event #{p.seq}", p.message) for p in check_chain()]
    from khavaran.audit.models import AuditEvent

    return VerifyReport(
        sources_checked=Source.objects.count(),
        excerpts_checked=Excerpt.objects.count(),
        audit_events_checked=AuditEvent.objects.count(),
        rolled_back=tuple(rolled_back),
        problems=tuple(problems),
    )
