"""A link is at least as protected as everything it cites and rests on: raising the level of
the claim, incident, person, post, organisation or tenure it rests on raises the link in the
same transaction, each raise audited, so that `verify` stays intact."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.audit.replay import drift
from khavaran.exports.collect import Reader
from khavaran.records.access import element_links_visible_to
from khavaran.records.actions import (
    create_incident,
    create_organization,
    get_or_create_post,
    record_tenure,
    uncite,
    update_record,
)
from khavaran.records.integrity import audited_records
from khavaran.records.models import ElementLink
from tests.factories import (
    make_case,
    make_claim,
    make_excerpt,
    make_link,
    make_source,
)

pytestmark = pytest.mark.django_db

ANALYST = Reader("analyst")


def _tenure(person: Any, excerpts: list[Any]) -> Any:
    org = create_organization("Death commission", actor="t")
    post = get_or_create_post("Member", org, actor="t")
    return record_tenure(person, post, excerpts=excerpts, actor="t")


def _resting_on(what: str, raisi: Any, excerpt: Any) -> tuple[Any, Any]:
    """A link resting on (or concerning) a record of kind `what`, and that record."""
    case = make_case(raisi)
    if what == "claim":
        claim = make_claim(excerpt)
        return make_link(case, "cah.murder.1", excerpt, person=raisi, claim=claim), claim
    if what == "incident":
        incident = create_incident("Executions", kind="execution", actor="t", excerpts=[excerpt])
        return make_link(case, "cah.context.attack", excerpt, incident=incident), incident
    if what == "person":
        return make_link(case, "cah.murder.1", excerpt, person=raisi), raisi
    tenure = _tenure(raisi, [excerpt])
    link = make_link(
        case, "liability.ordering", excerpt, person=raisi, crime="cah.murder", tenure=tenure
    )
    return link, tenure.post if what == "post" else tenure.post.organization


def _intact() -> list[Any]:
    return [d for a in audited_records() for d in drift(a)]


@pytest.mark.parametrize("what", ["claim", "incident", "person", "post", "organization"])
def test_raising_what_a_link_rests_on_raises_the_link(raisi, excerpt, what):
    link, record = _resting_on(what, raisi, excerpt)
    assert link.confidentiality == "restricted"
    update_record(record, {"confidentiality": "confidential"}, actor="ines", reason="a witness")
    link.refresh_from_db()
    assert link.confidentiality == "confidential"
    raised = AuditEvent.objects.filter(
        model="records.ElementLink", object_id=str(link.pk), action="update"
    ).get()
    assert (raised.before["confidentiality"], raised.after["confidentiality"]) == (
        "restricted",
        "confidential",
    )
    assert raised.actor == "ines" and "now confidential" in raised.reason
    assert not element_links_visible_to(ANALYST).filter(pk=link.pk).exists()
    assert _intact() == []


def test_raising_to_a_level_the_link_already_has_writes_nothing_more(raisi, excerpt):
    link, claim = _resting_on("claim", raisi, excerpt)
    update_record(claim, {"confidentiality": "restricted"}, actor="t", reason="work product")
    assert ElementLink.objects.get(pk=link.pk).confidentiality == "restricted"
    assert not AuditEvent.objects.filter(model="records.ElementLink", action="update").exists()


def test_every_link_on_the_record_is_raised_each_with_its_own_event(raisi, excerpt):
    link, claim = _resting_on("claim", raisi, excerpt)
    other = make_link(link.case, "cah.context.policy", excerpt, claim=claim)
    deleted = make_link(link.case, "cah.context.attack", excerpt, claim=claim)
    update_record(deleted, {"is_deleted": True}, actor="t", reason="wrong element")
    update_record(claim, {"confidentiality": "confidential"}, actor="t", reason="a witness")
    links = ElementLink.objects.filter(pk__in=[link.pk, other.pk, deleted.pk])
    assert set(links.values_list("confidentiality", flat=True)) == {"confidential"}
    raised = AuditEvent.objects.filter(
        model="records.ElementLink", action="update", reason__contains="now confidential"
    )
    assert sorted(int(e.object_id) for e in raised) == sorted([link.pk, other.pk, deleted.pk])
    assert _intact() == []


def test_a_raise_refused_for_want_of_a_reason_raises_no_link(raisi, excerpt):
    link, claim = _resting_on("claim", raisi, excerpt)
    with pytest.raises(ValueError, match="reason"):
        update_record(claim, {"confidentiality": "confidential"}, actor="t", reason="")
    assert ElementLink.objects.get(pk=link.pk).confidentiality == "restricted"


def test_a_source_raised_again_raises_the_links_on_a_tenure_it_alone_made_open(
    tmp_path, raisi, excerpt
):
    decree = make_source(tmp_path, "He was named a member of the commission.", name="d.txt")
    tenure = _tenure(raisi, [make_excerpt(decree)])
    link = make_link(
        make_case(raisi),
        "liability.ordering",
        excerpt,
        person=raisi,
        crime="cah.murder",
        tenure=tenure,
    )
    make_source(tmp_path, decree.text, name="d.txt", confidentiality="confidential")
    assert ElementLink.objects.get(pk=link.pk).confidentiality == "confidential"
    assert _intact() == []


def test_withdrawing_a_tenures_open_citation_raises_the_links_resting_on_it(
    tmp_path, raisi, excerpt
):
    secret = make_excerpt(
        make_source(tmp_path, "A witness named him.", name="w.txt", confidentiality="confidential")
    )
    tenure = _tenure(raisi, [excerpt, secret])
    link = make_link(
        make_case(raisi),
        "liability.ordering",
        excerpt,
        person=raisi,
        crime="cah.murder",
        tenure=tenure,
    )
    assert link.confidentiality == "restricted"
    uncite(tenure, [excerpt], actor="t", reason="the report named someone else")
    assert ElementLink.objects.get(pk=link.pk).confidentiality == "confidential"
    assert _intact() == []
