"""Named writes on cases: create a case, accuse people, allege crimes, link the legal elements
to the passages that prove them. Each validates, writes and audits (with the record's whole
state) in one transaction, as `records/actions.py` does. Links are not indexed for search:
they are case work, read on the case page and in the case file.

    case = create_case("Tehran commission", actor="maryam", crimes=["cah.murder"])
    accuse(case, raisi, actor="maryam")
    link_element(LinkSpec(case, "cah.murder.1", "strong", [excerpt], person=raisi), actor="maryam")
    # A mode of liability names the crime it concerns: "ordered the murders".
    ordered = LinkSpec(case, "liability.ordering", "moderate", [excerpt], person=raisi,
                       crime="cah.murder")
    link_element(ordered, actor="maryam")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Q

from khavaran.audit.chain import append
from khavaran.evidence.models import Excerpt
from khavaran.records.actions import TooOpen, update_record
from khavaran.records.citations import MissingCitation
from khavaran.records.models import (
    Accused,
    Case,
    Claim,
    ElementLink,
    Incident,
    Organization,
    Person,
    Post,
    Tenure,
)
from khavaran.records.snapshots import label_of, snapshot
from khavaran.vocabulary import (
    CONFIDENTIALITY_ORDER,
    CRIMES,
    ELEMENTS,
    FAMILIES,
    LINK_STRENGTHS,
    Element,
    families_alleged,
    least_protected,
    most_protected,
)

# A case file is work product: analysts and reviewers may read it, viewers and the public not.
DEFAULT_LEVEL = "restricted"


class CaseError(ValueError):
    """A case write that cannot be done; the message names the case, the field and the fix
    in the command line's words. `code` and `params` say the same as data, so that another
    interface (the web's forms) words it for its own fields and language."""

    def __init__(self, message: str, code: str = "invalid", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _audit(obj: models.Model, action: str, actor: str, reason: str = "", **states: object) -> None:
    append(
        actor=actor, action=action, model=label_of(obj), object_id=obj.pk, reason=reason, **states
    )


def _check_level(level: str) -> None:
    if level not in CONFIDENTIALITY_ORDER:
        raise CaseError(
            f"unknown confidentiality {level!r}; use one of: {', '.join(CONFIDENTIALITY_ORDER)}",
            "unknown_level",
            level=level,
        )


def _check_crimes(crimes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(crimes))
    unknown = [c for c in chosen if c not in CRIMES]
    if unknown:
        raise CaseError(
            f"unknown crime {unknown[0]!r}; use one of: {', '.join(CRIMES)} "
            "(`khavaran case elements` lists them)",
            "unknown_crime",
            crime=unknown[0],
        )
    return chosen


def create_case(
    title: str,
    *,
    actor: str,
    description: str = "",
    crimes: Iterable[str] = (),
    confidentiality: str = DEFAULT_LEVEL,
    key: str = "",
) -> Case:
    """A new case file, by default `restricted` (not for viewers nor the public).

    Args:
        title: what the case is called.
        crimes: keys of `vocabulary.CRIMES` alleged (more can be set later).
    Returns:
        The case, audited with its whole state.
    """
    if not title.strip():
        raise CaseError("a case needs a title", "no_title")
    _check_level(confidentiality)
    alleged = _check_crimes(crimes)
    with transaction.atomic():
        case = Case.objects.create(
            title=title.strip(),
            description=description,
            crimes=alleged,
            confidentiality=confidentiality,
            key=key,
        )
        _audit(case, "create", actor, after=snapshot(case))
    return case


def _require_reason(reason: str, what: str) -> None:
    if not reason.strip():
        raise CaseError(f"say why {what} (a reason is required)", "reason_required")


def _blocking(links: models.QuerySet[ElementLink], reader: Any) -> tuple[ElementLink | None, int]:
    """The first of `links` the reader may reach (none when there is no reader to ask about)
    and how many of them the reader may not: a refusal names only links its reader can
    open and delete, and counts the others."""
    ordered = links.order_by("pk")
    if reader is None:
        return ordered.first(), 0
    from khavaran.records.access import element_links_visible_to

    reachable = ordered.filter(pk__in=element_links_visible_to(reader).values("pk"))
    return reachable.first(), links.count() - reachable.count()


def set_crimes(
    case: Case, crimes: Iterable[str], *, actor: str, reason: str, reader: Any = None
) -> Case:
    """Change the crimes alleged. A crime whose elements still have links stays alleged until
    those links are deleted (a case file must not cite evidence for a crime it drops); the
    refusal names only a link `reader` may reach (any link when no reader is given)."""
    _require_reason(reason, "the crimes alleged change")
    alleged = _check_crimes(crimes)
    dropped = set(case.crimes) - set(alleged)
    # A crime's elements, the modes of liability pleaded for it, and the contextual elements
    # of a family no crime alleged belongs to any more (the attack of crimes against humanity).
    gone = set(families_alleged(case.crimes)) - set(families_alleged(alleged))
    contexts = {FAMILIES[f].context for f in gone} - {""}
    concerning = Q(element__in=_elements_of(dropped | contexts)) | Q(crime__in=dropped)
    linked = _live_links(case).filter(concerning)
    first, hidden = _blocking(linked, reader)
    if first is not None:
        _refuse_dropping(case, first)
    if hidden:
        raise CaseError(
            f"case {case.pk}: {hidden} link(s) you may not read cite evidence for a crime "
            "dropped; someone who may read them must delete them first",
            "crime_has_hidden_links",
            case=case.pk,
            count=hidden,
        )
    return update_record(case, {"crimes": alleged}, actor=actor, reason=reason)


def _refuse_dropping(case: Case, link: ElementLink) -> None:
    """Refuse to drop the crime `link` cites evidence for (for a contextual element, the last
    crime alleged of its family)."""
    element = ELEMENTS[link.element]
    if element.is_context:
        family = FAMILIES[element.family]
        raise CaseError(
            f"case {case.pk}: link {link.pk} cites evidence for {link.element}, a contextual "
            f"element of {family.en.lower()}; delete it before dropping the last of them",
            "context_has_links",
            case=case.pk,
            link=link.pk,
            element=link.element,
            family=element.family,
        )
    crime = link.crime or element.group
    raise CaseError(
        f"case {case.pk}: link {link.pk} cites evidence for {link.element}; "
        f"delete it before dropping {crime}",
        "crime_has_links",
        case=case.pk,
        link=link.pk,
        element=link.element,
        crime=crime,
    )


def _elements_of(crimes: Iterable[str]) -> list[str]:
    groups = set(crimes)
    return [key for key, element in ELEMENTS.items() if element.group in groups]


def _live_links(case: Case) -> models.QuerySet[ElementLink]:
    return ElementLink.objects.filter(case=case, is_deleted=False)


def accuse(case: Case, person: Person, *, actor: str, reason: str = "") -> Accused:
    """Add a person to the accused of a case (once)."""
    if Accused.objects.filter(case=case, person=person).exists():
        raise CaseError(
            f"person {person.pk} is already accused in case {case.pk}",
            "already_accused",
            person=person.pk,
            case=case.pk,
        )
    with transaction.atomic():
        accused = Accused.objects.create(case=case, person=person)
        _audit(accused, "create", actor, reason, after=snapshot(accused))
    return accused


def withdraw_accused(
    case: Case, person: Person, *, actor: str, reason: str, reader: Any = None
) -> None:
    """Remove a person from the accused, audited with the reason; refused while links
    concerning them remain (the refusal names only a link `reader` may reach)."""
    _require_reason(reason, "this person is no longer accused")
    accused = Accused.objects.filter(case=case, person=person).first()
    if accused is None:
        raise CaseError(
            f"person {person.pk} is not accused in case {case.pk}",
            "not_accused",
            person=person.pk,
            case=case.pk,
        )
    first, hidden = _blocking(_live_links(case).filter(person=person), reader)
    if first is not None or hidden:
        named = f"link {first.pk} concerns" if first is not None else "links you may not read"
        raise CaseError(
            f"case {case.pk}: {named} person {person.pk}; delete them before withdrawing",
            "accused_has_links",
            case=case.pk,
            person=person.pk,
            link=first.pk if first is not None else None,
            count=hidden,
        )
    with transaction.atomic():
        _audit(accused, "delete", actor, reason, before=snapshot(accused))
        accused.delete()


@dataclass(frozen=True)
class LinkSpec:
    """What an analyst links: an element of a case, how strongly the cited passages prove it,
    the accused it concerns (required but for the attack and the policy), the crime alleged a
    mode of liability concerns (required for one: liability is pleaded per crime) and the
    records the passages carry."""

    case: Case
    element: str
    strength: str
    excerpts: Sequence[Excerpt]
    person: Person | None = None
    crime: str = ""
    note: str = ""
    claim: Claim | None = None
    incident: Incident | None = None
    tenure: Tenure | None = None
    confidentiality: str = DEFAULT_LEVEL


def _check_link(spec: LinkSpec) -> None:
    element = ELEMENTS.get(spec.element)
    if element is None:
        raise CaseError(
            f"unknown element {spec.element!r} (`khavaran case elements` lists the catalogue)",
            "unknown_element",
            element=spec.element,
        )
    if spec.strength not in LINK_STRENGTHS:
        raise CaseError(
            f"unknown strength {spec.strength!r}; use one of: {', '.join(LINK_STRENGTHS)}",
            "unknown_strength",
            strength=spec.strength,
        )
    _check_level(spec.confidentiality)
    if element.group in CRIMES and element.group not in spec.case.crimes:
        raise CaseError(
            f"case {spec.case.pk} does not allege {element.group}: add it to the crimes alleged "
            f"before linking {spec.element}",
            "not_alleged",
            case=spec.case.pk,
            crime=element.group,
            element=spec.element,
        )
    if element.is_context and element.family not in families_alleged(spec.case.crimes):
        family = FAMILIES[element.family]
        raise CaseError(
            f"case {spec.case.pk} alleges no {family.en.lower()} ({family.article}): "
            f"{spec.element} is a contextual element of those only; add one to the crimes "
            "alleged first",
            "family_not_alleged",
            case=spec.case.pk,
            family=element.family,
            element=spec.element,
        )
    if spec.person is None and element.concerns_accused:
        raise CaseError(
            f"{spec.element} concerns an accused: say which person (--person)",
            "person_required",
            element=spec.element,
        )
    if spec.person is not None and not spec.case.accusations.filter(person=spec.person).exists():
        raise CaseError(
            f"person {spec.person.pk} is not accused in case {spec.case.pk}",
            "not_accused",
            person=spec.person.pk,
            case=spec.case.pk,
        )
    if not spec.excerpts:
        raise MissingCitation(
            f"a link to {spec.element} needs at least one excerpt from a source; "
            "select the passage that proves it"
        )
    if any(e.pk is None for e in spec.excerpts):
        raise CaseError(
            f"a link to {spec.element} cites an excerpt that is not saved", "unsaved_excerpt"
        )


def _crime_of(spec: LinkSpec, element: Element) -> str:
    """The crime alleged the link concerns: a crime's element concerns its own, a mode of
    liability the one the analyst names (one must be named, and alleged), a contextual element
    none."""
    if element.group in CRIMES:
        if spec.crime and spec.crime != element.group:
            raise CaseError(
                f"{spec.element} is an element of {element.group}, not of {spec.crime}",
                "crime_mismatch",
                element=spec.element,
                crime=spec.crime,
            )
        return element.group
    if not element.is_liability:
        if spec.crime:
            raise CaseError(
                f"{spec.element} is a contextual element, common to every crime of its "
                "family: give no crime (--crime)",
                "crime_for_context",
                element=spec.element,
            )
        return ""
    return _pleaded_crime(spec)


def _pleaded_crime(spec: LinkSpec) -> str:
    case = spec.case
    if not spec.crime:
        alleged = ", ".join(case.crimes) or "none yet"
        raise CaseError(
            f"{spec.element} is pleaded per crime: say which crime alleged it concerns "
            f"(--crime; case {case.pk} alleges: {alleged})",
            "crime_required",
            element=spec.element,
        )
    _check_crimes([spec.crime])
    if spec.crime not in case.crimes:
        raise CaseError(
            f"case {case.pk} does not allege {spec.crime}: add it to the crimes alleged "
            f"before linking {spec.element} for it",
            "not_alleged",
            case=case.pk,
            crime=spec.crime,
            element=spec.element,
        )
    return spec.crime


def tenure_levels(tenure: Tenure) -> list[str]:
    """What a tenure keeps back: its person, its post and the post's organisation, and its
    evidence (it is readable through its least protected citation)."""
    post = tenure.post
    levels = [tenure.person.confidentiality, post.confidentiality]
    if post.organization is not None:
        levels.append(post.organization.confidentiality)
    cited = [e.source.confidentiality for e in tenure.excerpts.select_related("source")]
    return [*levels, least_protected(cited)]


def link_floor(
    excerpts: Iterable[Excerpt],
    *,
    person: Person | None = None,
    claim: Claim | None = None,
    incident: Incident | None = None,
    tenure: Tenure | None = None,
) -> str:
    """The lowest level a link may have: that of the most protected source it cites and of the
    person it concerns and the claim, incident or tenure (with its post and organisation) it
    rests on (a link must not reveal what they keep back)."""
    levels = [e.source.confidentiality for e in excerpts]
    levels += [r.confidentiality for r in (person, claim, incident) if r is not None]
    levels += tenure_levels(tenure) if tenure is not None else []
    return most_protected(["public", *levels])


def stored_link_floor(link: ElementLink) -> str:
    """`link_floor` of a stored link, from what it now cites, concerns and rests on."""
    return link_floor(
        link.excerpts.select_related("source"),
        person=link.person,
        claim=link.claim,
        incident=link.incident,
        tenure=link.tenure,
    )


def link_element(spec: LinkSpec, *, actor: str, reason: str = "") -> ElementLink:
    """Link an element of a case to the passages that prove it (or contradict it).

    The link is at least as protected as what it cites and concerns, as a claim is.
    """
    _check_link(spec)
    crime = _crime_of(spec, ELEMENTS[spec.element])
    floor = link_floor(
        spec.excerpts,
        person=spec.person,
        claim=spec.claim,
        incident=spec.incident,
        tenure=spec.tenure,
    )
    with transaction.atomic():
        link = ElementLink(
            case=spec.case,
            element=spec.element,
            crime=crime,
            person=spec.person,
            claim=spec.claim,
            incident=spec.incident,
            tenure=spec.tenure,
            strength=spec.strength,
            note=spec.note,
            confidentiality=most_protected([spec.confidentiality, floor]),
        )
        link.cite(spec.excerpts).save()
        excerpt_ids = {e.pk for e in spec.excerpts}
        _audit(link, "create", actor, reason, after=snapshot(link, excerpt_ids=excerpt_ids))
    return link


# The fields of a link that may change; its element, crime, case and citations define it.
EDITABLE = frozenset({"strength", "note", "confidentiality"})


def update_link(
    link: ElementLink, changes: dict[str, str], *, actor: str, reason: str
) -> ElementLink:
    """Change a link's strength, note or level, audited with the reason; a level below what it
    cites or concerns is refused (`TooOpen`)."""
    other = sorted(set(changes) - EDITABLE)
    if other:
        raise CaseError(
            f"link {link.pk}: {other[0]} cannot be changed; delete and link again",
            "not_editable",
            field=other[0],
        )
    if "strength" in changes and changes["strength"] not in LINK_STRENGTHS:
        raise CaseError(
            f"unknown strength {changes['strength']!r}",
            "unknown_strength",
            strength=changes["strength"],
        )
    level = changes.get("confidentiality")
    if level is not None:
        _check_level(level)
        floor = stored_link_floor(link)
        if most_protected([level, floor]) != level:
            raise TooOpen(level, floor)
    return update_record(link, dict(changes), actor=actor, reason=reason)


def delete_link(link: ElementLink, *, actor: str, reason: str) -> ElementLink:
    """Mark a link deleted, with the reason; it stays in the database and the audit log. A link
    resting on a withdrawn claim, incident, tenure or source is deleted the same way."""
    _require_reason(reason, "this link is deleted")
    return update_record(link, {"is_deleted": True}, actor=actor, reason=reason)


def _resting_on(record: models.Model) -> Q | None:
    """The links that concern or rest on `record` (None: no link can)."""
    if isinstance(record, Person):
        return Q(person=record) | Q(tenure__person=record)
    if isinstance(record, Claim):
        return Q(claim=record)
    if isinstance(record, Incident):
        return Q(incident=record)
    if isinstance(record, Tenure):
        return Q(tenure=record)
    if isinstance(record, Post):
        return Q(tenure__post=record)
    if isinstance(record, Organization):
        return Q(tenure__post__organization=record)
    return None


def raise_links_resting_on(record: models.Model, *, actor: str) -> list[ElementLink]:
    """After `record` was made more protected (or a tenure lost its most open citation): raise
    every link (deleted ones too: their history stays readable) that concerns or rests on it to
    its new floor, each audited, in the caller's transaction. A link is at least as protected
    as everything it cites and rests on; left lower, the gate would hide it from readers below
    the new level while its own level still said otherwise. Returns the links raised."""
    concerning = _resting_on(record)
    if concerning is None:
        return []
    raised = []
    what = "concerns" if isinstance(record, Person) else "rests on"
    level = getattr(record, "confidentiality", "") or "more protected"
    reason = f"{what} {record._meta.verbose_name} {record.pk}, now {level}"
    links = ElementLink.objects.filter(concerning).distinct().order_by("pk")
    for link in links.select_related("person", "claim", "incident", "tenure__post__organization"):
        floor = stored_link_floor(link)
        if most_protected([floor, link.confidentiality]) != link.confidentiality:
            change = {"confidentiality": floor}
            raised.append(update_record(link, change, actor=actor, reason=reason))
    return raised
