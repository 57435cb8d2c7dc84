"""Facts entered while reading: a participation is recorded once (a second would count a victim
twice), a post is the same post whatever letter forms its title is typed with, and a record
saved more protected than asked says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khavaran.evidence.models import Excerpt
from khavaran.records.models import Incident, Participant, Post, Tenure

pytestmark = pytest.mark.django_db


def _cite(client: Client, source: Any, words: str) -> Excerpt:
    start = source.text.index(words)
    response = client.post(
        f"/sources/{source.pk}/excerpts/",
        {"start": start, "end": start + len(words), "quote": words},
    )
    assert response.status_code == 200
    return Excerpt.objects.get(source=source, start=start, end=start + len(words))


def test_the_same_participation_twice_is_recorded_once_with_both_passages(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    first = _cite(client, case["english"], "Hossein-Ali Nayyeri")
    second = _cite(client, case["persian"], "حسینعلی نیری")
    incident, person = case["massacre"], case["raisi"]
    fields = {"incident": incident.pk, "person": person.pk, "role": "victim"}
    assert client.post("/new/participant/", {**fields, "excerpts": [first.pk]}).status_code == 302
    again = client.post("/new/participant/", {**fields, "excerpts": [second.pk]}, follow=True)
    assert "already recorded" in again.content.decode()
    rows = Participant.objects.filter(incident=incident, person=person, role="victim")
    assert rows.count() == 1
    assert {first, second} <= set(rows.get().excerpts.all())


def test_a_post_title_typed_with_arabic_letters_finds_the_persian_post(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _cite(client, case["persian"], "ابراهیم رئیسی")
    fields = {"excerpts": [excerpt.pk], "person": case["raisi"].pk, "confidence": "high"}
    title = "معاون قضایی کل کشور"
    # The tester's spelling: Arabic yeh and kaf, a ZWNJ for a space.
    typed = title.replace(" کشور", "\u200cکشور").replace("ی", "\u064a").replace("ک", "\u0643")
    assert "\u200c" in typed and "\u0643" in typed and "\u064a" in typed
    assert client.post("/new/tenure/", {**fields, "post_title": title}).status_code == 302
    assert client.post("/new/tenure/", {**fields, "post_title": typed}).status_code == 302
    posts = Post.objects.filter(title__startswith="معاون")
    assert [p.title for p in posts] == [title]
    assert Tenure.objects.filter(post=posts[0]).count() == 2


def test_an_incident_asked_public_but_citing_a_confidential_testimony_says_it_was_raised(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    secret = Excerpt.objects.filter(source=case["testimony"]).first()
    assert secret is not None
    response = client.post(
        "/new/incident/",
        {
            "excerpts": [secret.pk],
            "title": "A grave the family found",
            "kind": "burial",
            "confidentiality": "public",
        },
        follow=True,
    )
    assert Incident.objects.get(title="A grave the family found").confidentiality == (
        "confidential"
    )
    assert "Saved as confidential: it cites a confidential source." in response.content.decode()


def test_a_record_saved_at_the_level_asked_for_gets_no_notice(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _cite(client, case["english"], "Hossein-Ali Nayyeri")
    response = client.post(
        "/new/incident/",
        {
            "excerpts": [excerpt.pk],
            "title": "A trial",
            "kind": "trial",
            "confidentiality": "public",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Saved as" not in response.content.decode()
