"""The review queue: every proposal an extractor made for a source, and what a reviewer decided.

A row is keyed by (source, fingerprint), so re-running extraction never re-proposes a span a
reviewer has already accepted or rejected.
"""

from __future__ import annotations

from django.db import models

from khavaran.extract.proposals import KINDS


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class StoredProposal(models.Model):
    """One proposal in the review queue; ``payload`` is ``Proposal.to_dict()`` verbatim."""

    source = models.ForeignKey(
        "evidence.Source", on_delete=models.PROTECT, related_name="proposals"
    )
    fingerprint = models.CharField(max_length=32)
    kind = models.CharField(max_length=16, choices=[(k, k) for k in KINDS])
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.CharField(max_length=150)
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # What accepting made: the citation, and the record it backs ("records.Claim", "42").
    excerpt = models.ForeignKey(
        "evidence.Excerpt", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_model = models.CharField(max_length=64, blank=True)
    result_id = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "fingerprint"], name="one_proposal_per_span")
        ]
        indexes = [models.Index(fields=["source", "status", "start"])]
        ordering = ["source_id", "start", "end", "kind"]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id}[{self.start}:{self.end}] {self.status}"
