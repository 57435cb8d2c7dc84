"""The record kinds the web edits, deletes and restores, by the slug their addresses use
(`/edit/claim/21/`), and the reads of records that a deletion hides: a deleted record stays
readable to those who read histories, through the same levels as the live gates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khavaran.accounts.access import readable_levels
from khavaran.records import access
from khavaran.records.access import _cited_visible
from khavaran.records.citations import Cited
from khavaran.records.models import (
    Case,
    Claim,
    Incident,
    Name,
    Organization,
    Participant,
    Person,
    Place,
    Post,
    Tenure,
)
from khavaran.web.queries import places_visible_to
from khavaran.web.templatetags.khavaran import reader_names, record_name, vocab


@dataclass(frozen=True)
class Kind:
    """A record kind the web can edit: its model, its gate, the fields a person may change,
    its page (formatted with `pk` and the record as `obj`) and its name for readers."""

    model: type[Model]
    visible: Callable[[Any], QuerySet[Any]]
    fields: tuple[str, ...]
    url: str
    label: Promise


KINDS: dict[str, Kind] = {
    "person": Kind(
        Person,
        access.people_visible_to,
        ("father_name", "gender", "notes", "confidentiality"),
        "/people/{pk}/",
        gettext_lazy("Person"),
    ),
    "name": Kind(
        Name,
        access.names_visible_to,
        ("text", "script", "kind"),
        "/people/{obj.person_id}/",
        gettext_lazy("Name"),
    ),
    "organization": Kind(
        Organization,
        access.organizations_visible_to,
        ("name", "name_fa", "kind", "confidentiality"),
        "/organizations/{pk}/",
        gettext_lazy("Organization"),
    ),
    "post": Kind(
        Post, access.posts_visible_to, ("title", "confidentiality"), "/posts/", gettext_lazy("Post")
    ),
    "tenure": Kind(
        Tenure,
        access.tenures_visible_to,
        ("person", "post", "start", "end", "confidence"),
        "/people/{obj.person_id}/",
        gettext_lazy("Tenure"),
    ),
    "place": Kind(
        Place,
        places_visible_to,
        ("name", "name_fa", "kind", "confidentiality"),
        "/places/",
        gettext_lazy("Place"),
    ),
    "incident": Kind(
        Incident,
        access.incidents_visible_to,
        ("title", "kind", "start", "end", "place_text", "description", "confidentiality"),
        "/incidents/{pk}/",
        gettext_lazy("Incident"),
    ),
    "participant": Kind(
        Participant,
        access.participants_visible_to,
        ("role",),
        "/incidents/{obj.incident_id}/",
        gettext_lazy("Participation"),
    ),
    "claim": Kind(
        Claim,
        access.claims_visible_to,
        (
            "question",
            "predicate",
            "subject_person",
            "subject_incident",
            "subject_text",
            "value_text",
            "value_number",
            "value_min",
            "value_max",
            "qualifier",
            "attributed_to",
        ),
        "/claims/{pk}/",
        gettext_lazy("Claim"),
    ),
    "case": Kind(
        Case,
        access.cases_visible_to,
        ("title", "description", "confidentiality"),
        "/cases/{pk}/",
        gettext_lazy("Case"),
    ),
}


def model_label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


SLUGS = {model_label(kind.model): slug for slug, kind in KINDS.items()}


def record_url(kind: Kind, obj: Any) -> str:
    return kind.url.format(pk=obj.pk, obj=obj)


def readable_rows(model: type[Model], user: Any) -> QuerySet[Any]:
    """Rows of `model`, deleted or not, that `user` could read if none were deleted: their
    level, their person's, incident's and post's, and one citation from a readable source (a
    history reader sees what a deletion hid, never what the gates keep back)."""
    levels = readable_levels(user)
    rows = model._default_manager.all()
    fields = {f.name for f in model._meta.concrete_fields}
    if "confidentiality" in fields:
        rows = rows.filter(confidentiality__in=levels)
    for relation in ("person", "incident", "post"):
        if relation in fields:
            rows = rows.filter(**{f"{relation}__confidentiality__in": levels})
    if model is Post:
        rows = rows.filter(
            Q(organization__isnull=True) | Q(organization__confidentiality__in=levels)
        )
    return _cited_visible(rows, levels) if issubclass(model, Cited) else rows


def withdrawn_rows(model: type[Model], user: Any) -> QuerySet[Any]:
    """The deleted rows of `model` that `user` may read (none for a model never soft-deleted)."""
    if "is_deleted" not in {f.name for f in model._meta.concrete_fields}:
        return model._default_manager.none()
    return readable_rows(model, user).filter(is_deleted=True)


def person_label(user: Any, person: Person) -> str:
    """A person's name from the names `user` may read (deleted or merged people too), in the
    reader's script first; "Person N" when none."""
    names = readable_rows(Name, user).filter(person=person).order_by("script", "pk")
    first, _beside = reader_names(list(names))
    return first or _("Person %(n)s") % {"n": person.pk}


def title_of(user: Any, obj: Any) -> str:
    """A record as a page heading names it for `user`: a person (a tenure's, a
    participation's) by the names `user` may read, never by `str()`, which reads them all."""
    if isinstance(obj, Person):
        return person_label(user, obj)
    if isinstance(obj, Tenure):
        return f"{person_label(user, obj.person)} — {obj.post}"
    if isinstance(obj, Participant):
        return _("%(person)s (%(role)s) in %(incident)s") % {
            "person": person_label(user, obj.person),
            "role": vocab("participant_role", obj.role),
            "incident": obj.incident,
        }
    return record_name(obj)
