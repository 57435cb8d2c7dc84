"""Reads the web needs that the `access` gates do not offer yet (to move into
`khavaran/records/access.py`): places, and people with only their visible names loaded."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from khavaran.accounts.access import readable_levels
from khavaran.evidence.access import excerpts_visible_to
from khavaran.records import access
from khavaran.records.models import Name, Person, Place
from khavaran.vocabulary import Script

# What a citation shows (`{% citations %}`): the excerpt and its source's title. Loading the
# whole source would carry its full text and build and decode a Source per citation.
CITATION_FIELDS = ("id", "source_id", "quoted_text", "page")


def places_visible_to(user: Any) -> QuerySet[Place]:
    return Place.objects.filter(is_deleted=False, confidentiality__in=readable_levels(user))


def visible_names_prefetch(user: Any, lookup: str = "names") -> Prefetch[Any]:
    """`person.names.all()` (and so `display_name`) limited to names this user may read."""
    return Prefetch(lookup, queryset=access.names_visible_to(user).order_by("script", "id"))


def people_with_names(user: Any) -> QuerySet[Person]:
    return access.people_visible_to(user).prefetch_related(visible_names_prefetch(user))


def citations_prefetch(user: Any, lookup: str = "excerpts") -> Prefetch[Any]:
    """The visible excerpts of each fact, with only the fields a citation shows."""
    cited = excerpts_visible_to(user).only(*CITATION_FIELDS)
    return Prefetch(lookup, queryset=cited.annotate(source_title=F("source__title")))


def display_name(person: Person, names: list[Name]) -> str:
    """`Person.display_name` from names already read, so a page that lists them does not read
    them twice: the first Latin-script name, else the first by script and id."""
    latin = [n for n in names if n.script == Script.LATIN]
    chosen = min(latin or names, key=lambda n: (n.script, n.pk), default=None)
    return chosen.text if chosen is not None else f"Person {person.pk}"
