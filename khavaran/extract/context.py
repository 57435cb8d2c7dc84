"""What every extractor receives: the text, its folded form, the gazetteer, and what came before."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from khavaran.extract.folding import FoldedText, fold
from khavaran.extract.gazetteer import Gazetteer
from khavaran.extract.proposals import Kind, Proposal
from khavaran.extract.segments import SentenceIndex


@dataclass(frozen=True, slots=True)
class ExistingClaim:
    """A Claim already in the database, for spotting text that contradicts it.

    Attributes:
        claim_id: the Claim's id, named in the defect.
        subject_names: names of the claim's subject as a text may write them.
        property: the claim property (``victim_count``, ``house_arrest_period``, ...).
        value: the claim's value as text ("5000", "November 1997 to January 2003").
    """

    claim_id: str
    subject_names: tuple[str, ...]
    property: str
    value: str


@dataclass
class Context:
    """Input of one extraction run; ``found`` grows as the registry's extractors run in order."""

    text: str
    gazetteer: Gazetteer | None = None
    existing_claims: Sequence[ExistingClaim] = ()
    found: list[Proposal] = field(default_factory=list)

    @cached_property
    def folded(self) -> FoldedText:
        """The folded text with its offset map."""
        return fold(self.text)

    @cached_property
    def sentence_index(self) -> SentenceIndex:
        """Sentence spans of the text."""
        return SentenceIndex(self.text)

    _by_kind: dict[str, list[Proposal]] = field(default_factory=dict, repr=False)
    _by_kind_of: tuple[int, int] = (0, -1)
    _starts: list[int] = field(default_factory=list, repr=False)
    _starts_of: list[Proposal] | None = field(default=None, repr=False)

    def of_kind(self, kind: Kind) -> list[Proposal]:
        """Proposals of one kind found so far, in text order (cached until ``found`` changes)."""
        version = (id(self.found), len(self.found))
        if version != self._by_kind_of:
            self._by_kind, self._by_kind_of = {}, version
        if kind not in self._by_kind:
            ordered = sorted((p for p in self.found if p.kind == kind), key=lambda p: p.start)
            self._by_kind[kind] = ordered
        return self._by_kind[kind]

    def mentions_between(self, start: int, end: int) -> list[Proposal]:
        """Mentions starting in [start, end), in text order."""
        mentions = self.of_kind("mention")
        if self._starts_of is not mentions:
            self._starts, self._starts_of = [m.start for m in mentions], mentions
        return mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def proposal(
        self, kind: Kind, start: int, end: int, extractor: str, **fields: object
    ) -> Proposal:
        """A Proposal whose text is the span of this context's text."""
        return Proposal(kind, start, end, self.text[start:end], extractor, **fields)  # type: ignore[arg-type]
