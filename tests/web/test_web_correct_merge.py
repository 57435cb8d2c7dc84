"""Merging people on the web: an editor merges another person into the one on the page (found by
number or name, compared first), old links follow the merge, the kept person shows whom it is
also recorded as, and only an admin takes a merge back, never a plain revert or restore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from khavaran.audit.models import AuditEvent
from khavaran.records.merging import merge_people
from khavaran.records.models import Person
from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db

TEXT = "Hamid Rezaei, son of Ali, was executed at Evin. Hamid Rezaei, son of Reza, was held."


@pytest.fixture
def twins(shipped_case: None, db: None, tmp_path: Path) -> tuple[Person, Person]:
    """One man recorded twice, each record with its own father's name."""
    source = make_source(tmp_path, TEXT, name="hamid.txt")
    first = make_person(make_excerpt(source, "Hamid Rezaei, son of Ali"), "Hamid Rezaei")
    second = make_person(make_excerpt(source, "Hamid Rezaei, son of Reza"), "H. Rezaei")
    Person.objects.filter(pk=first.pk).update(father_name="Ali")
    Person.objects.filter(pk=second.pk).update(father_name="Reza")
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def _merged(keep: Person, other: Person) -> None:
    merge_people(keep, [other], actor="test", reason="same man")


def test_an_editor_merges_another_person_into_the_one_on_the_page(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    client = client_as("investigator")
    assert (
        f'action="/people/{keep.pk}/merge/"' in client.get(f"/people/{keep.pk}/").content.decode()
    )
    preview = client.get(f"/people/{keep.pk}/merge/", {"other": other.pk}).content.decode()
    assert "Ali" in preview and "Reza" in preview and "differ on" in preview
    response = client.post(
        f"/people/{keep.pk}/merge/", {"other": other.pk, "reason": "same prison, same date"}
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{keep.pk}/"
    other.refresh_from_db()
    assert other.is_deleted and keep.names.filter(text="H. Rezaei").exists()
    page = client.get(response["Location"]).content.decode()
    assert f"Person {other.pk} was merged into this person." in page
    assert "Father&#x27;s name differs: each person keeps their own" in page


def test_the_person_to_merge_is_found_by_name(client_as: Any, twins: tuple[Person, Person]) -> None:
    keep, other = twins
    page = client_as("investigator").get(f"/people/{keep.pk}/merge/", {"other": "Rezaei"})
    assert f'href="?other={other.pk}"' in page.content.decode()
    assert f'href="?other={keep.pk}"' not in page.content.decode()


def test_an_old_link_to_a_merged_person_leads_to_the_person_it_went_into(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    _merged(keep, other)
    client = client_as("viewer")
    response = client.get(f"/people/{other.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/people/{keep.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert f"Person {other.pk} was merged into this person." in page


def test_a_link_to_a_merged_person_the_reader_may_not_read_is_not_found(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    Person.objects.filter(pk__in=[keep.pk, other.pk]).update(confidentiality="confidential")
    _merged(keep, other)
    assert client_as("viewer").get(f"/people/{other.pk}/").status_code == 404


def test_the_kept_person_shows_whom_it_is_also_recorded_as_with_their_own_fields(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    _merged(keep, other)
    page = client_as("reviewer").get(f"/people/{keep.pk}/").content.decode()
    assert "Also recorded as" in page
    assert f'href="/history/person/{other.pk}/"' in page and "Reza" in page


def test_a_refused_merge_is_said_in_one_line_and_merges_nothing(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    client = client_as("investigator")
    itself = client.post(f"/people/{keep.pk}/merge/", {"other": keep.pk, "reason": "x"})
    assert itself.status_code == 400
    assert "A person cannot be merged into themselves." in itself.content.decode()
    no_reason = client.post(f"/people/{keep.pk}/merge/", {"other": other.pk, "reason": ""})
    assert no_reason.status_code == 400
    other.refresh_from_db()
    assert not other.is_deleted


def test_merging_a_person_merged_already_names_where_it_went(
    client_as: Any, case: dict[str, Any], twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    _merged(keep, other)
    raisi = case["raisi"]
    response = client_as("investigator").post(
        f"/people/{raisi.pk}/merge/", {"other": other.pk, "reason": "x"}
    )
    assert response.status_code == 400
    words = f"Person {other.pk} was already merged into person {keep.pk}: merge that one instead."
    assert words in response.content.decode()


def test_a_merge_refusal_reads_in_persian_pages(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, _ = twins
    client: Client = client_as("investigator")
    client.post("/language/", {"language": "fa", "next": "/people/"})
    response = client.post(f"/people/{keep.pk}/merge/", {"other": keep.pk, "reason": "x"})
    page = response.content.decode()
    assert response.status_code == 400 and 'dir="rtl"' in page
    assert page.count('role="alert"') == 1


def test_only_an_admin_unmerges_from_the_merged_persons_history(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    _merged(keep, other)
    history = f"/history/person/{other.pk}/"
    assert f"/people/{other.pk}/unmerge/" in client_as("admin").get(history).content.decode()
    assert (
        f"/people/{other.pk}/unmerge/"
        not in client_as("investigator").get(history).content.decode()
    )
    url = f"/people/{other.pk}/unmerge/"
    assert client_as("investigator").post(url, {"reason": "namesake"}).status_code == 403
    response = client_as("admin").post(url, {"reason": "a namesake"})
    assert response.status_code == 302 and response["Location"] == f"/people/{other.pk}/"
    other.refresh_from_db()
    assert not other.is_deleted and other.names.filter(text="H. Rezaei").exists()


def test_unmerging_a_person_not_merged_is_refused_in_one_line(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    _, other = twins
    response = client_as("admin").post(f"/people/{other.pk}/unmerge/", {"reason": "x"})
    assert response.status_code == 400
    assert f"Person {other.pk} is not merged." in response.content.decode()


def test_a_revert_or_restore_of_a_merged_person_goes_to_unmerge(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    _merged(keep, other)
    event = AuditEvent.objects.filter(
        model="records.Person", object_id=str(other.pk), after__merged_into=keep.pk
    ).get()
    client = client_as("investigator")
    revert = client.post(f"/revert/person/{other.pk}/{event.seq}/", {"reason": "undo"})
    assert revert.status_code == 302 and revert["Location"] == f"/people/{other.pk}/unmerge/"
    restore = client.post(f"/restore/person/{other.pk}/", {"reason": "undo"})
    assert restore.status_code == 302 and restore["Location"] == f"/people/{other.pk}/unmerge/"
    other.refresh_from_db()
    assert other.is_deleted and not other.names.exists()


def test_a_revert_of_a_name_moved_by_a_merge_is_refused_for_unmerge(
    client_as: Any, twins: tuple[Person, Person]
) -> None:
    keep, other = twins
    name = other.names.get()
    _merged(keep, other)
    event = AuditEvent.objects.filter(model="records.Name", object_id=str(name.pk)).last()
    assert event is not None
    response = client_as("investigator").post(
        f"/revert/name/{name.pk}/{event.seq}/", {"reason": "undo"}
    )
    assert "part of a merge" in response.content.decode()
    name.refresh_from_db()
    assert name.person_id == keep.pk
