"""An unmerge takes back the levels a merge raised: every element link concerning the merged
people goes back to the level it had before the merge, unless someone changed it since."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.evidence.models import Source
from khavaran.records.cases import update_link
from khavaran.records.merging import merge_people, unmerge
from khavaran.records.models import ElementLink, Person
from khavaran.verify import verify_all
from tests.factories import ACTOR, make_case, make_excerpt, make_link, make_person, make_source

pytestmark = pytest.mark.django_db

TEXT = "Hamid Nouri was an assistant prosecutor at Gohardasht. Hamid Abbasi read out names."


@pytest.fixture
def nouri(data_dir: Path, tmp_path: Path) -> SimpleNamespace:
    """Nouri (public) with links at two levels in two cases, and his alias Abbasi, known only
    from a confidential testimony, and again from a restricted list."""

    def source(level: str) -> Source:
        text = f"{TEXT} ({level})"
        return make_source(tmp_path, text, name=f"{level}.txt", confidentiality=level)

    public, restricted = source("public"), source("restricted")
    keep = make_person(make_excerpt(public, "Hamid Nouri"), "Hamid Nouri")
    alias = make_person(make_excerpt(source("confidential"), "Hamid Abbasi"), "Hamid Abbasi")
    listed = make_person(make_excerpt(restricted, "Hamid Abbasi"), "Hamid Abbasi")
    prosecution = make_case(keep, title="Prosecution", confidentiality="restricted")
    brief = make_case(keep, title="Public brief", confidentiality="public")
    links = [
        make_link(prosecution, "cah.murder.1", make_excerpt(restricted, "read out"), person=keep),
        make_link(prosecution, "cah.murder.1", make_excerpt(public, "read out"), person=keep),
        make_link(
            brief,
            "cah.murder.1",
            make_excerpt(public, "prosecutor"),
            person=keep,
            confidentiality="public",
        ),
    ]
    return SimpleNamespace(keep=keep, alias=alias, listed=listed, links=links)


def _levels() -> dict[int, str]:
    return dict(ElementLink.objects.values_list("pk", "confidentiality"))


def _unmerge(person: Person) -> None:
    person.refresh_from_db()
    unmerge(person, actor="admin", reason="not the same man")


def test_a_merge_then_an_unmerge_leaves_every_link_at_its_level_before(nouri):
    before = _levels()
    assert sorted(before.values()) == ["public", "restricted", "restricted"]

    merge_people(nouri.keep, [nouri.alias], actor=ACTOR, reason="alias")
    assert set(_levels().values()) == {"confidential"}
    _unmerge(nouri.alias)

    assert _levels() == before
    assert Person.objects.get(pk=nouri.keep.pk).confidentiality == "public"
    assert verify_all().problems == ()


def test_each_link_an_unmerge_lowers_is_audited_with_the_unmerge_reason(nouri):
    merge_people(nouri.keep, [nouri.alias], actor=ACTOR, reason="alias")
    _unmerge(nouri.alias)

    lowered = AuditEvent.objects.filter(
        model="records.ElementLink", reason__startswith=f"unmerge of person {nouri.alias.pk} "
    )
    assert {int(e.object_id) for e in lowered} == {link.pk for link in nouri.links}
    assert {e.before["confidentiality"] for e in lowered} == {"confidential"}
    assert all(e.reason.endswith("not the same man") for e in lowered)


def test_a_link_raised_by_hand_after_the_merge_stays_raised(nouri):
    merge_people(nouri.keep, [nouri.listed], actor=ACTOR, reason="alias in the list")
    assert set(_levels().values()) == {"restricted"}
    link = ElementLink.objects.get(pk=nouri.links[0].pk)
    update_link(link, {"confidentiality": "confidential"}, actor="ana", reason="names a witness")

    _unmerge(nouri.listed)

    assert _levels()[link.pk] == "confidential"
    assert _levels()[nouri.links[2].pk] == "public"


def test_links_stay_as_high_as_a_person_still_merged_holds_them_and_go_back_with_the_last(nouri):
    before = _levels()
    merge_people(nouri.keep, [nouri.alias, nouri.listed], actor=ACTOR, reason="one man")

    _unmerge(nouri.alias)
    # The list's Abbasi, still merged, keeps Nouri and every link about him restricted.
    assert set(_levels().values()) == {"restricted"}
    _unmerge(nouri.listed)

    assert _levels() == before
    assert Person.objects.get(pk=nouri.keep.pk).confidentiality == "public"
