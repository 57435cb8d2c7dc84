"""The hot pages read in a fixed number of queries whatever the data size: the source page, the
person page and the search page count the same queries on the shipped case as after the data has
grown around them and on them (sources at every level, people, names, claims, tenures,
participations, excerpts, search hits), for a reader who sees everything and one who sees little.
The person page's reads, compiled once per clearance, give each reader what the gates give.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from khavaran.evidence.access import excerpts_visible_to
from khavaran.evidence.actions import add_excerpt
from khavaran.records import access
from khavaran.records.actions import NameSpec, add_name, add_participant, record_tenure
from khavaran.records.models import Tenure
from khavaran.web.views.records import person_facts
from tests.factories import ACTOR, make_claim, make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

LEVELS = ("public", "restricted", "confidential")
PAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "source": lambda case: f"/sources/{case['english'].pk}/",
    "person": lambda case: f"/people/{case['raisi'].pk}/",
    "search": lambda case: "/search/?q=Raisi+commission",
}
# Session, user, the page's own reads, the session save; the person page reads each kind of
# fact and its citations.
LIMITS = {"source": 10, "person": 20, "search": 10}


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _grow(tmp_path: Path, case: dict[str, Any], round_: int) -> None:
    """A source per level with a person and a claim citing it, and on the pages themselves
    another name, claim, tenure and participation for Raisi and an excerpt on the report."""
    raisi, report = case["raisi"], case["english"]
    post = Tenure.objects.filter(person=raisi).first().post  # type: ignore[union-attr]
    for i, level in enumerate(LEVELS):
        text = f"Raisi sat on the commission. Round {round_}, {level} copy, for the record."
        name = f"grown-{round_}-{level}.txt"
        source = make_source(tmp_path, text, name=name, confidentiality=level)
        excerpt = make_excerpt(source, "Raisi sat on the commission")
        make_claim(excerpt, subject_person=make_person(excerpt, f"Grown Person {round_}{i}"))
        alias = NameSpec(f"Raisi alias {round_}{i}", "latin", [excerpt], "alias")
        add_name(raisi, alias, actor=ACTOR)
        make_claim(excerpt, subject_person=raisi, question=f"role-of:raisi:{round_}")
        record_tenure(raisi, post, excerpts=[excerpt], actor=ACTOR)
        add_participant(case["massacre"], raisi, role="present", excerpts=[excerpt], actor=ACTOR)
        start = 30 * (3 * round_ + i)
        add_excerpt(report, start=start, end=start + 12, actor=ACTOR)


@pytest.mark.parametrize("role", ["investigator", "viewer"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_it_reads_the_page_in_a_fixed_number_of_queries_whatever_the_data_size(
    page: str, role: str, client_as: Any, case: dict[str, Any], tmp_path: Path
) -> None:
    client, path = client_as(role), PAGES[page](case)
    client.get(path)
    counts = []
    for round_ in range(3):
        counts.append(_count(client, path))
        _grow(tmp_path, case, round_)
    counts.append(_count(client, path))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= LIMITS[page]


def test_the_grown_person_page_shows_what_it_read(
    client_as: Any, case: dict[str, Any], tmp_path: Path
) -> None:
    """The counts above are only worth something if the growth reaches the page."""
    _grow(tmp_path, case, 0)
    page = client_as("investigator").get(PAGES["person"](case)).content.decode()
    viewer = client_as("viewer").get(PAGES["person"](case)).content.decode()
    assert "Raisi alias 02" in page and "role-of:raisi:0" in page
    assert "Raisi alias 00" in viewer and "Raisi alias 02" not in viewer


@pytest.mark.parametrize("role", ["admin", "investigator", "viewer", None, "analyst"])
def test_the_person_page_gives_each_reader_the_facts_and_citations_the_gates_give(
    role: str | None, cast: dict[str, Any], case: dict[str, Any], tmp_path: Path
) -> None:
    """The person page runs SQL compiled once per clearance and shared by every reader with it
    (`khavaran.web.queries.cited_rows`); its rows must be those the gates give this reader,
    asked afresh, for readers of every clearance in turn and the anonymous public."""
    _grow(tmp_path, case, 0)
    user, raisi = (cast[role] if role else None), case["raisi"]
    facts = person_facts(user, raisi)
    timeline = facts["timeline"]
    shown = {
        "names": facts["names"],
        "tenures": [e for e in timeline if e["kind"] == "tenure"],
        "participations": [e for e in timeline if e["kind"] == "incident"],
        "claims": facts["claims"],
    }
    gates = {
        "names": access.names_visible_to(user).filter(person=raisi),
        "tenures": access.tenures_visible_to(user).filter(
            person=raisi, post__in=access.posts_visible_to(user)
        ),
        "participations": access.participants_visible_to(user).filter(person=raisi),
        "claims": access.claims_visible_to(user).filter(subject_person=raisi),
    }
    for kind, rows in shown.items():
        got = {r["id"]: sorted(c.pk for c in r["citations"]) for r in rows}
        assert got == {fact.pk: _visible_citations(user, fact) for fact in gates[kind]}, kind


def _visible_citations(user: Any, fact: Any) -> list[int]:
    link = type(fact)._meta.get_field("excerpts").related_query_name()
    return sorted(excerpts_visible_to(user).filter(**{link: fact}).values_list("pk", flat=True))
