"""Copies of sources that are no longer public, removed when the server starts.

A source made confidential takes its copies with it when the change commits
(`evidence.actions.set_confidentiality`); a download that was making a copy at that moment
can still leave one behind, and this removes it.
"""

from __future__ import annotations

from khavaran.evidence.models import Source
from khavaran.evidence.public_copy.copies import public_copies


def remove_copies_of_protected_sources() -> int:
    """Remove the public copies of every original no public source holds; how many files
    went."""
    public = set(Source.objects.filter(confidentiality="public").values_list("sha256", flat=True))
    return public_copies().keep_only(public.__contains__)
