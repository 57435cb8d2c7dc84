"""The memorial keeps its order of names in the cache until the audit log moves, but each page
asks the public's gates and the victim's role again for the people it shows: a change the log
did not see (written behind it, which `khavaran verify` reports) never lists someone the public
may no longer read as a victim."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.records import actions
from khavaran.records.models import Participant
from khavaran.web.actions import set_public_site
from tests.factories import ACTOR, make_excerpt, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_victim(data_dir: Path, tmp_path: Path) -> Participant:
    """Two public victims of a public execution; Alice's part in it is returned."""
    public = make_excerpt(make_source(tmp_path, "The prisoners named here were executed."))
    incident = actions.create_incident("Executions of 1988", kind="execution", actor=ACTOR)
    parts = []
    for name in ("Alice Ahmadi", "Bahram Bahrami"):
        person = actions.create_person([actions.NameSpec(name, "latin", [public])], actor=ACTOR)
        parts.append(
            actions.add_participant(incident, person, role="victim", excerpts=[public], actor=ACTOR)
        )
    set_public_site(True, actor=ACTOR)
    return parts[0]


def listed(**query: Any) -> list[str]:
    page = Client().get("/public/victims/", query).content.decode()
    return re.findall(r'href="/public/people/[^"]+/"><bdi[^>]*>([^<]*)<', page)


def test_a_victim_removed_behind_the_audit_log_is_no_longer_listed(alice_victim: Any) -> None:
    assert listed() == ["Alice Ahmadi", "Bahram Bahrami"]  # the order is cached now
    Participant.objects.filter(pk=alice_victim.pk).update(is_deleted=True)
    assert listed() == ["Bahram Bahrami"]


def test_the_name_box_lists_no_one_the_public_may_no_longer_read_as_a_victim(
    alice_victim: Any,
) -> None:
    assert listed(name="Ahmadi") == ["Alice Ahmadi"]
    Participant.objects.filter(pk=alice_victim.pk).update(is_deleted=True)
    assert listed(name="Ahmadi") == []
