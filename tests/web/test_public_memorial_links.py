"""Links the public shares keep working: a person merged since leads to the person kept (when
both are public), a missing page says so kindly, and no excerpt number is a server error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.public_ids import public_id
from khavaran.records import actions
from khavaran.records.merging import merge_people
from khavaran.records.models import Person
from khavaran.web.actions import set_public_site
from tests.factories import ACTOR, make_excerpt, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def excerpt(data_dir: Path, tmp_path: Path) -> Any:
    excerpt = make_excerpt(make_source(tmp_path, "Parvin Ahmadi was executed in 1988."))
    set_public_site(True, actor=ACTOR)
    return excerpt


@pytest.fixture
def secret(tmp_path: Path, excerpt: Any) -> Any:
    letter = make_source(tmp_path, "A letter.", name="letter.txt", confidentiality="restricted")
    return make_excerpt(letter)


def _person(name: str, excerpt: Any, **fields: Any) -> Person:
    return actions.create_person(
        [actions.NameSpec(name, "latin", [excerpt])], actor=ACTOR, **fields
    )


def test_a_public_link_to_a_merged_person_leads_to_the_person_kept(excerpt: Any) -> None:
    keep, other = _person("Parvin Ahmadi", excerpt), _person("P. Ahmadi", excerpt)
    merge_people(keep, [other], actor=ACTOR, reason="the same prisoner")
    response = Client().get(f"/public/people/{public_id('person', other.pk)}/")
    assert (
        response.status_code == 302
        and response["Location"] == f"/public/people/{public_id('person', keep.pk)}/"
    )
    assert Client().get(response["Location"]).status_code == 200


def test_a_merge_into_a_person_the_public_may_not_see_stays_not_found(
    excerpt: Any, secret: Any
) -> None:
    keep = _person("Parvin Ahmadi", secret, confidentiality="restricted")
    other = _person("P. Ahmadi", excerpt)
    merge_people(keep, [other], actor=ACTOR, reason="the same prisoner")
    response = Client().get(f"/public/people/{public_id('person', other.pk)}/")
    assert response.status_code == 404 and "/public/people/" not in response.content.decode()


def test_a_hidden_person_merged_into_a_public_one_is_not_confirmed(
    excerpt: Any, secret: Any
) -> None:
    keep = _person("Parvin Ahmadi", excerpt)
    hidden = _person("A witness", secret, confidentiality="restricted")
    merge_people(keep, [hidden], actor=ACTOR, reason="the same prisoner")
    # The merge made the person kept restricted; an editor makes them public again later.
    actions.update_record(keep, {"confidentiality": "public"}, actor=ACTOR, reason="published")
    assert Client().get(f"/public/people/{public_id('person', keep.pk)}/").status_code == 200
    assert Client().get(f"/public/people/{public_id('person', hidden.pk)}/").status_code == 404


def test_an_unmerged_missing_person_is_not_found_kindly(excerpt: Any) -> None:
    response = Client().get("/public/people/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "This page is not here, or is not published." in page
    assert "not yours to see" not in page
    assert '<a href="/public/">' in page


def test_the_workspace_not_found_page_is_unchanged(client_as: Any) -> None:
    page = client_as("viewer").get("/people/999999/").content.decode()
    assert "There is no such page here, or it is not yours to see." in page


@pytest.mark.parametrize("mark", ["²", "①", "١٢", "1" * 30, "-1", "abc", ""])
def test_an_excerpt_mark_that_is_not_a_row_id_is_never_a_server_error(
    excerpt: Any, mark: str
) -> None:
    response = Client().get(
        f"/public/sources/{public_id('source', excerpt.source_id)}/", {"excerpt": mark}
    )
    assert response.status_code == 200


def test_an_excerpt_mark_still_marks_its_excerpt(excerpt: Any) -> None:
    marked = Client().get(
        f"/public/sources/{public_id('source', excerpt.source_id)}/", {"excerpt": excerpt.pk}
    )
    plain = Client().get(
        f"/public/sources/{public_id('source', excerpt.source_id)}/", {"excerpt": "²"}
    )
    assert marked.content != plain.content
