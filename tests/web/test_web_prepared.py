"""Prepared reads (`web/prepared.py`) and what is built on them: the session and signed-in
user read on every request, the source and person pages' records, and the header's links kept
per language and role. Each gives what Django's own read gives, run afresh every time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import timezone

from khavaran.evidence.access import excerpts_visible_to, sources_visible_to
from khavaran.evidence.models import CustodyEvent, FuzzyDate
from khavaran.records.access import people_visible_to
from khavaran.web.prepared import PLACEHOLDER, prepared
from khavaran.web.queries import person_for_page, source_page_reads

pytestmark = pytest.mark.django_db


def fields(obj: Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_prepared_read_gives_the_models_the_orm_gives(case: dict[str, Any]) -> None:
    source = case["english"]
    read = prepared("test:custody", lambda: CustodyEvent.objects.filter(source_id=PLACEHOLDER))
    ours = read.objects(source.pk)
    theirs = list(source.custody.all())
    assert [fields(e) for e in ours] == [fields(e) for e in theirs]
    # Converters applied: an aware datetime, as the ORM gives it.
    assert ours and timezone.is_aware(ours[0].at)
    assert read.objects(-1) == []


def test_a_prepared_read_brings_select_related_models_along(
    case: dict[str, Any], cast: dict[str, Any]
) -> None:
    raisi = case["raisi"]
    born = FuzzyDate.objects.create(
        earliest=date(1960, 12, 14), latest=date(1960, 12, 14), original="14 December 1960"
    )
    type(raisi).objects.filter(pk=raisi.pk).update(birth_date=born)
    person = person_for_page(cast["investigator"], raisi.pk)
    orm = people_visible_to(cast["investigator"]).select_related("birth_date").get(pk=raisi.pk)
    assert fields(person) == fields(orm)
    assert person.birth_date is not None
    assert model_to_dict(person.birth_date) == model_to_dict(born)
    response_html = _page(cast, f"/people/{raisi.pk}/")
    assert "Born" in response_html


def _page(cast: dict[str, Any], path: str, role: str = "investigator") -> str:
    from django.test import Client

    client = Client()
    client.force_login(cast[role])
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_source_page_reads_follow_each_readers_clearance(
    case: dict[str, Any], cast: dict[str, Any]
) -> None:
    testimony = case["testimony"]  # confidential
    for role in ("investigator", "analyst"):
        user = cast[role]
        if not sources_visible_to(user).filter(pk=testimony.pk).exists():
            with pytest.raises(Http404):
                source_page_reads(user, testimony.pk)
            continue
        source, excerpts, custody = source_page_reads(user, testimony.pk)
        assert fields(source) == fields(testimony)
        expected = excerpts_visible_to(user).filter(source=testimony).order_by("start")
        assert [e.pk for e in excerpts] == [e.pk for e in expected]
        assert [c.pk for c in custody] == [c.pk for c in testimony.custody.all()]
    with pytest.raises(Http404):
        source_page_reads(cast["viewer"], testimony.pk)


def test_a_deactivated_account_is_signed_out_on_its_next_request(cast: dict[str, Any]) -> None:
    from django.test import Client

    client = Client()
    client.force_login(cast["viewer"])
    assert client.get("/sources/").status_code == 200
    type(cast["viewer"]).objects.filter(pk=cast["viewer"].pk).update(is_active=False)
    assert client.get("/sources/").status_code == 302


def test_a_changed_role_takes_effect_on_the_next_request(cast: dict[str, Any]) -> None:
    from django.test import Client

    client = Client()
    client.force_login(cast["viewer"])
    assert client.get("/new/claim/").status_code == 403
    type(cast["viewer"]).objects.filter(pk=cast["viewer"].pk).update(role="investigator")
    assert client.get("/new/claim/").status_code != 403


def test_an_expired_session_is_not_read(cast: dict[str, Any]) -> None:
    from django.test import Client

    client = Client()
    client.force_login(cast["viewer"])
    assert client.get("/sources/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/sources/").status_code == 302


def test_the_header_shows_each_role_its_own_links_in_its_language(cast: dict[str, Any]) -> None:
    admin, viewer = _page(cast, "/sources/", "admin"), _page(cast, "/sources/", "viewer")
    assert 'href="/settings/"' in admin and 'href="/settings/"' not in viewer
    assert 'href="/review/"' in admin and 'href="/review/"' not in viewer
    from django.test import Client

    client = Client()
    client.force_login(cast["admin"])
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    persian = client.get("/sources/").content.decode()
    assert 'dir="rtl"' in persian and ">Settings<" not in persian
