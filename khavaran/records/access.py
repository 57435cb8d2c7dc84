"""The one gate for reading records. A fact is visible when its own level is readable and at
least one of the excerpts that carry it comes from a readable source; a person is visible when
their level is readable (a witness's identity is kept `confidential`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from khavaran.accounts.access import readable_levels
from khavaran.evidence.models import Excerpt
from khavaran.records.models import (
    Case,
    Claim,
    ElementLink,
    Incident,
    Name,
    Organization,
    Participant,
    Person,
    Place,
    Post,
    Tenure,
)

M = TypeVar("M", bound=Model)


def _cited_visible(queryset: QuerySet[M], levels: tuple[str, ...]) -> QuerySet[M]:
    """Keep the facts that at least one readable excerpt carries.

    An EXISTS over the citation table keeps this one cheap subquery per row, without the
    join-and-DISTINCT that grows with the number of citations.
    """
    field = queryset.model._meta.get_field("excerpts")
    through = field.remote_field.through  # type: ignore[union-attr]
    owner = field.m2m_field_name()  # type: ignore[union-attr]
    readable = through.objects.filter(
        **{owner: OuterRef("pk")},
        excerpt__source__is_deleted=False,
        excerpt__source__confidentiality__in=levels,
    )
    return queryset.filter(Exists(readable))


def visible_excerpts_prefetch(user: Any, lookup: str = "excerpts") -> Prefetch[Any]:
    """Prefetch only the excerpts this user may see (hidden sources never reach a template)."""
    levels = readable_levels(user)
    return Prefetch(
        lookup,
        queryset=Excerpt.objects.filter(
            source__is_deleted=False, source__confidentiality__in=levels
        ).select_related("source"),
    )


def people_visible_to(user: Any) -> QuerySet[Person]:
    levels = readable_levels(user)
    return Person.objects.filter(is_deleted=False, confidentiality__in=levels)


def _readable(relation: str, levels: tuple[str, ...]) -> Q:
    """`relation__in=<its visible_to(user)>`, written as the related row's own conditions.

    The same rows (the foreign keys are not null), but SQLite looks the related row up by its
    key instead of first listing every visible person or incident, which grows with the data.
    """
    return Q(**{f"{relation}__is_deleted": False, f"{relation}__confidentiality__in": levels})


def names_visible_to(user: Any) -> QuerySet[Name]:
    levels = readable_levels(user)
    return _cited_visible(Name.objects.filter(_readable("person", levels)), levels)


def claims_visible_to(user: Any) -> QuerySet[Claim]:
    levels = readable_levels(user)
    return _cited_visible(
        Claim.objects.filter(is_deleted=False, confidentiality__in=levels), levels
    )


def tenures_visible_to(user: Any) -> QuerySet[Tenure]:
    levels = readable_levels(user)
    return _cited_visible(
        Tenure.objects.filter(_readable("person", levels), is_deleted=False), levels
    )


def participants_visible_to(user: Any) -> QuerySet[Participant]:
    levels = readable_levels(user)
    return _cited_visible(
        Participant.objects.filter(
            _readable("person", levels), _readable("incident", levels), is_deleted=False
        ),
        levels,
    )


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    levels = readable_levels(user)
    return Organization.objects.filter(is_deleted=False, confidentiality__in=levels)


def posts_visible_to(user: Any) -> QuerySet[Post]:
    levels = readable_levels(user)
    return Post.objects.filter(is_deleted=False, confidentiality__in=levels).filter(
        Q(organization__isnull=True) | _readable("organization", levels)
    )


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    levels = readable_levels(user)
    return Incident.objects.filter(is_deleted=False, confidentiality__in=levels)


def get_visible(queryset: QuerySet[M], pk: int) -> M:
    """One record from a visible queryset, or 404 whether it is missing or hidden."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("not found")
    return obj


def places_visible_to(user: Any) -> QuerySet[Place]:
    levels = readable_levels(user)
    return Place.objects.filter(is_deleted=False, confidentiality__in=levels)


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases at a readable level. The public site never reads them (it has no case pages)."""
    levels = readable_levels(user)
    return Case.objects.filter(is_deleted=False, confidentiality__in=levels)


def _optional(relation: str, levels: tuple[str, ...]) -> Q:
    return Q(**{f"{relation}__isnull": True}) | _readable(relation, levels)


def _rests_on(user: Any, levels: tuple[str, ...]) -> Q:
    """The claim, incident and tenure a link rests on: each absent, readable through its gate
    (a tenure with its person, post and organisation), or withdrawn at a readable level (the
    link is then shown as resting on a withdrawn record, without naming it, so that it can be
    deleted)."""
    claim = Q(claim__isnull=True) | Q(claim__in=claims_visible_to(user).values("pk"))
    claim |= Q(claim__is_deleted=True, claim__confidentiality__in=levels)
    incident = Q(incident__isnull=True) | _readable("incident", levels)
    incident |= Q(incident__is_deleted=True, incident__confidentiality__in=levels)
    live_tenures = tenures_visible_to(user).filter(post__in=posts_visible_to(user).values("pk"))
    organization = "tenure__post__organization"
    withdrawn_tenure = (
        Q(tenure__is_deleted=True)
        | Q(tenure__post__is_deleted=True)
        | Q(**{f"{organization}__is_deleted": True})
    ) & (
        Q(**{f"{organization}__isnull": True})
        | Q(**{f"{organization}__confidentiality__in": levels})
    )
    withdrawn_tenure &= Q(
        _readable("tenure__person", levels), tenure__post__confidentiality__in=levels
    )
    tenure = Q(tenure__isnull=True) | Q(tenure__in=live_tenures.values("pk")) | withdrawn_tenure
    return claim & incident & tenure


def element_links_visible_to(user: Any, *, deleted: bool = False) -> QuerySet[ElementLink]:
    """Links a user may read: the link, its case and the accused it concerns readable, the
    claim, incident or tenure (with its post and organisation) it rests on readable or
    withdrawn at a readable level, and every passage it cites from a source at a readable
    level (a link is evidence for a case file: one hidden citation would leave it half
    shown). A withdrawn record or source does not hide the link: `dossiers` marks it as
    resting on withdrawn evidence (it proves nothing) so that someone may delete it.
    `deleted=True` keeps deleted links too (a case's history lists them)."""
    levels = readable_levels(user)
    through = ElementLink.excerpts.through
    hidden = through.objects.filter(elementlink_id=OuterRef("pk")).exclude(
        excerpt__source__confidentiality__in=levels
    )
    links = ElementLink.objects.filter(
        _readable("case", levels),
        _optional("person", levels),
        _rests_on(user, levels),
        ~Exists(hidden),
        confidentiality__in=levels,
    )
    return links if deleted else links.filter(is_deleted=False)
