"""Victim lists, their rows, linkage runs and the reviewer's decisions.

A ListRecord keeps its row exactly as the file wrote it (``original``), beside the normalized
fields the linkage engine reads. Runs are snapshots: re-running stores a new run. Decisions
name two ListRecords, not a run's pair, so they outlive every run and are applied to the next.
Estimates are append-only too, each with the capture table, settings and seed it was made from.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from khavaran.evidence.models import Source
from khavaran.records.models import Person
from khavaran.vocabulary import Confidentiality


class ColumnMapping(models.Model):
    """A saved column mapping (field -> column header), reused with ``--mapping NAME``."""

    name = models.CharField(max_length=100, unique=True)
    fields = models.JSONField(default=dict)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class VictimList(models.Model):
    """An imported victim list: a dataset Source, the mapping used and its row count."""

    name = models.CharField(max_length=100, unique=True)
    source = models.OneToOneField(Source, on_delete=models.PROTECT, related_name="victim_list")
    mapping = models.JSONField(default=dict)
    headers = models.JSONField(default=list)
    row_count = models.PositiveIntegerField()
    encoding = models.CharField(max_length=32, blank=True)
    imported_by = models.CharField(max_length=150)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ListRecord(models.Model):
    """One data row of a list; ``row_number`` counts data rows from 1 as in the file.

    ``start``/``end`` are the row's span in the list Source's text rendering (one line per
    row), so a row can be cited by an Excerpt when it becomes a Person's name.
    """

    victim_list = models.ForeignKey(VictimList, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField()
    original = models.JSONField(default=dict)
    normalized = models.JSONField(default=dict)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="list_records"
    )

    class Meta:
        ordering = ["victim_list", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["victim_list", "row_number"], name="one_record_per_row")
        ]

    def __str__(self) -> str:
        return f"{self.victim_list.name}:{self.row_number}"

    @property
    def uid(self) -> str:
        """The linkage engine's id: ``list_name:row_number``."""
        return f"{self.victim_list.name}:{self.row_number}"


class LinkageRun(models.Model):
    """One run of the linkage engine over all lists: what it used and what it found."""

    parameters = models.JSONField(default=dict)
    input_hash = models.CharField(max_length=64)
    summary = models.JSONField(default=dict)
    lists = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"linkage run {self.pk}"

    @property
    def threshold(self) -> float:
        return float(self.parameters.get("threshold", 0.9))


class LinkPair(models.Model):
    """A scored candidate pair of one run (``record_l`` has the smaller uid)."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    record_l = models.ForeignKey(ListRecord, on_delete=models.CASCADE, related_name="+")
    record_r = models.ForeignKey(ListRecord, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    weight = models.FloatField(null=True)

    class Meta:
        ordering = ["run", "pk"]
        # The review queue reads a band of probabilities of one run among its scored pairs.
        indexes = [models.Index(fields=["run", "probability"], name="linkpair_run_probability")]

    def __str__(self) -> str:
        return f"pair {self.pk}: {self.record_l_id}~{self.record_r_id} p={self.probability:.3f}"


class Decision(models.TextChoices):
    CONFIRM = "confirm", "Same person"
    SPLIT = "split", "Different people"


class LinkDecision(models.Model):
    """A reviewer's verdict on two records, applied to every later run."""

    record_l = models.ForeignKey(ListRecord, on_delete=models.CASCADE, related_name="+")
    record_r = models.ForeignKey(ListRecord, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    decided_by = models.CharField(max_length=150)
    decided_at = models.DateTimeField(auto_now=True)
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_l", "record_r"], name="one_decision_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.record_l_id}~{self.record_r_id}"


class RunCluster(models.Model):
    """Which cluster of a run a record fell in (``cluster_id`` is the engine's label)."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="assignments")
    record = models.ForeignKey(ListRecord, on_delete=models.CASCADE, related_name="+")
    cluster_id = models.CharField(max_length=250)

    class Meta:
        ordering = ["run", "cluster_id", "record"]
        indexes = [models.Index(fields=["run", "cluster_id"])]

    def __str__(self) -> str:
        return f"run {self.run_id}: {self.record_id} in {self.cluster_id}"


class Estimate(models.Model):
    """One method's multiple systems estimate, stored with all it needs to be re-run.

    Append-only: an Estimate is never edited; re-running stores a new one. ``captures`` keeps
    the capture table(s) estimated, so the numbers can be reproduced even when the linkage run
    or file they came from is gone; ``input_sha256`` is the engine's hash of those tables.
    """

    method = models.CharField(max_length=16)
    linkage_run = models.ForeignKey(
        LinkageRun, null=True, blank=True, on_delete=models.PROTECT, related_name="estimates"
    )
    captures_name = models.CharField(max_length=255, blank=True)
    captures_sha256 = models.CharField(max_length=64, blank=True)
    input_sha256 = models.CharField(max_length=64)
    captures = models.JSONField(default=list)
    lists = models.JSONField(default=list)
    strata = models.JSONField(default=list)
    settings = models.JSONField(default=dict)
    skip_sparse = models.BooleanField(default=False)
    seed = models.BigIntegerField(null=True)
    version = models.CharField(max_length=32)
    result = models.JSONField(default=dict)
    draws_sha256 = models.CharField(max_length=64, blank=True)
    total = models.FloatField()
    interval_low = models.FloatField()
    interval_high = models.FloatField()
    observed = models.PositiveIntegerField()
    warnings = models.JSONField(default=list)
    confidentiality = models.CharField(max_length=16, choices=Confidentiality.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"estimate {self.pk} ({self.method})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{self} is append-only; re-run it to store a new estimate")
        super().save(*args, **kwargs)

    @property
    def input_label(self) -> str:
        """Where the capture histories came from, in words."""
        if self.linkage_run_id is not None:
            return f"linkage run {self.linkage_run_id}"
        return self.captures_name or "a capture table"
