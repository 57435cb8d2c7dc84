"""One row per searchable thing; the backend keeps its own index in step with this table."""

from __future__ import annotations

from django.db import models

from khavaran.vocabulary import Confidentiality


class DocKind(models.TextChoices):
    SOURCE = "source", "Source"
    EXCERPT = "excerpt", "Excerpt"
    NAME = "name", "Name"
    CLAIM = "claim", "Claim"


class SearchDocument(models.Model):
    kind = models.CharField(max_length=16, choices=DocKind.choices)
    ref_id = models.BigIntegerField()
    source_id = models.BigIntegerField(null=True)
    source_kind = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8, blank=True)
    confidentiality = models.CharField(max_length=16, choices=Confidentiality.choices)
    title = models.TextField(blank=True)
    # Text folded by `normalize_for_search`: what the index sees and the backends cut snippets
    # from.
    body = models.TextField()
    # The title and text as written, shown to readers (snippets are re-cut from the original).
    # Null for documents indexed before they were kept, which show the folded forms. Nullable
    # because SQLite adds only such a column in place; remaking the table drops the FTS triggers.
    original_title = models.TextField(null=True)  # noqa: DJ001
    original_body = models.TextField(null=True)  # noqa: DJ001

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref_id"], name="one_doc_per_ref")]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref_id}"
