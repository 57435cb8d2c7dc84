"""Source, CustodyEvent, Excerpt and FuzzyDate — the evidence a fact must cite."""

from __future__ import annotations

from django.db import models

from khavaran.vocabulary import Confidentiality, CustodyAction, SourceKind


class Calendar(models.TextChoices):
    GREGORIAN = "gregorian", "Gregorian"
    SOLAR_HIJRI = "solar-hijri", "Solar Hijri"
    LUNAR_HIJRI = "lunar-hijri", "Lunar Hijri"


class FuzzyDate(models.Model):
    """A date as sources give it: a Gregorian range plus the original words and calendar."""

    earliest = models.DateField()
    latest = models.DateField()
    original = models.CharField(max_length=200, blank=True)
    calendar = models.CharField(max_length=16, choices=Calendar.choices, default=Calendar.GREGORIAN)
    precision = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earliest__lte=models.F("latest")), name="fuzzy_date_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.original or (
            str(self.earliest) if self.earliest == self.latest else f"{self.earliest}/{self.latest}"
        )


class SoftDeletable(models.Model):
    is_deleted = models.BooleanField(default=False)

    class Meta:
        abstract = True


class Source(SoftDeletable):
    title = models.CharField(max_length=500)
    # Whether a person gave the title. Otherwise it comes from the file (its name, or the title
    # its software wrote), which can name a witness: the public site shows "Source N" instead.
    title_given = models.BooleanField(default=False)
    kind = models.CharField(max_length=16, choices=SourceKind.choices, default=SourceKind.DOCUMENT)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, unique=True)
    original_filename = models.CharField(max_length=500)
    origin = models.TextField(blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.ForeignKey(FuzzyDate, null=True, blank=True, on_delete=models.PROTECT)
    language = models.CharField(max_length=8, blank=True)
    confidentiality = models.CharField(
        max_length=16, choices=Confidentiality.choices, default=Confidentiality.RESTRICTED
    )
    text = models.TextField(blank=True)
    text_method = models.CharField(max_length=100, blank=True)
    text_method_version = models.CharField(max_length=50, blank=True)
    text_encoding = models.CharField(max_length=32, blank=True)
    page_offsets = models.JSONField(default=list, blank=True)
    needs_ocr = models.BooleanField(default=False)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["confidentiality", "kind"])]

    def __str__(self) -> str:
        return self.title


class CustodyEvent(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=16, choices=CustodyAction.choices)
    actor = models.CharField(max_length=150)
    at = models.DateTimeField()
    method = models.CharField(max_length=200)
    tool_version = models.CharField(max_length=50)
    sha256_seen = models.CharField(max_length=64)
    origin = models.TextField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"


class Excerpt(models.Model):
    """A citation: a span of a source's text and a copy of the words, re-checkable later."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="excerpts")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quoted_text = models.TextField()
    page = models.PositiveIntegerField(null=True, blank=True)
    time_offset = models.FloatField(null=True, blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="span_ordered"
            )
        ]
        indexes = [models.Index(fields=["source", "start"])]

    def __str__(self) -> str:
        return f"{self.source_id}[{self.start}:{self.end}] {self.quoted_text[:40]}"
