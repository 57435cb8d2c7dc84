"""The one gate for reading evidence: what a user (or the public) may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from khavaran.accounts.access import readable_levels, reads_public_titles
from khavaran.evidence.models import Excerpt, Source
from khavaran.public_ids import public_id
from khavaran.search.engine import SearchHit


def sources_visible_to(user: Any) -> QuerySet[Source]:
    return Source.objects.filter(is_deleted=False, confidentiality__in=readable_levels(user))


def get_source_for_user(user: Any, pk: int) -> Source:
    """The source, or 404 — the same answer whether it is missing or not for this user."""
    source = sources_visible_to(user).filter(pk=pk).first()
    if source is None:
        raise Http404("no such source")
    return source


def excerpts_visible_to(user: Any) -> QuerySet[Excerpt]:
    return Excerpt.objects.filter(
        source__is_deleted=False, source__confidentiality__in=readable_levels(user)
    )


def public_title(source: Source) -> str:
    """A source's title as the public may read it: a title a person gave, else `untitled_title` (a
    file's own name, or the title its software wrote, can name a witness)."""
    return source.title if source.title_given else untitled_title(source.pk)


def untitled_title(pk: int) -> str:
    """ "Source" and the first characters of its public id (`khavaran.public_ids`): never its
    row id, whose gaps would count the sources the reader may not see."""
    return gettext("Source %(n)s") % {"n": public_id("source", pk)[:6]}


def title_for(source: Source, user: Any) -> str:
    """The source's title as ``user`` may read it (see ``reads_public_titles``)."""
    return public_title(source) if reads_public_titles(user) else source.title


def hits_under_public_titles(hits: Sequence[SearchHit]) -> list[SearchHit]:
    """Search hits in a source or its passages under the title the public may read."""
    untitled = set(
        Source.objects.filter(
            pk__in={h.source_id for h in hits if h.source_id}, title_given=False
        ).values_list("pk", flat=True)
    )
    return [
        replace(h, title=untitled_title(h.source_id))
        if h.source_id in untitled and h.kind in ("source", "excerpt")
        else h
        for h in hits
    ]
