"""Names entered while reading: the script is read from the letters, a script the letters
contradict is refused, a name a person already has is cited again rather than added twice, and
a name a readable person already bears is not made into a new person without a confirmation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from khavaran.evidence.models import Excerpt
from khavaran.records import access, actions
from khavaran.records.models import Name, Person
from khavaran.web.forms import people_named

pytestmark = pytest.mark.django_db


def _cite(client: Client, source: Any, words: str) -> Excerpt:
    start = source.text.index(words)
    response = client.post(
        f"/sources/{source.pk}/excerpts/",
        {"start": start, "end": start + len(words), "quote": words},
    )
    assert response.status_code == 200
    return Excerpt.objects.get(source=source, start=start, end=start + len(words))


def _name(client: Client, excerpt: Excerpt, text: str, **fields: Any) -> Any:
    data = {"excerpts": [excerpt.pk], "text": text, "kind": "birth", "confidentiality": "public"}
    return client.post("/new/name/", {**data, **fields}, follow=True)


def _nayyeri() -> Person:
    return Person.objects.get(key="nayyeri")


def test_the_script_is_read_from_the_letters_when_none_is_chosen(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _cite(client, case["english"], "Hossein-Ali Nayyeri")
    form = client.get(f"/new/name/?excerpts={excerpt.pk}").content.decode()
    choices = form.split('name="script"')[1].split("</select>")[0]
    assert choices.index('value=""') < choices.index('value="persian"')
    assert "From the name" in choices and "selected" not in choices.split('value="persian"')[1]
    nayyeri = _nayyeri()
    response = _name(client, excerpt, "H. A. Nayyeri", person=nayyeri.pk, kind="alias")
    assert response.status_code == 200
    assert Name.objects.get(person=nayyeri, text="H. A. Nayyeri").script == "latin"


def test_a_latin_name_as_persian_script_is_refused(client_as: Any, case: dict[str, Any]) -> None:
    client = client_as("investigator")
    excerpt = _cite(client, case["english"], "Hossein-Ali Nayyeri")
    nayyeri = _nayyeri()
    names = Name.objects.filter(person=nayyeri).count()
    response = _name(client, excerpt, "Hossein-Ali Nayyeri", person=nayyeri.pk, script="persian")
    assert response.status_code == 400
    assert "is not written in Persian script" in response.content.decode()
    assert Name.objects.filter(person=nayyeri).count() == names


def test_a_name_the_person_already_has_is_cited_again_and_the_page_says_so(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _cite(client, case["english"], "Hossein-Ali Nayyeri")
    nayyeri = _nayyeri()
    names = Name.objects.filter(person=nayyeri).count()
    response = _name(client, excerpt, "hossein-ali  nayyeri", person=nayyeri.pk, script="latin")
    assert response.status_code == 200
    assert "is already a name of this person" in response.content.decode()
    assert Name.objects.filter(person=nayyeri).count() == names
    latin = Name.objects.get(person=nayyeri, script="latin")
    assert excerpt in latin.excerpts.all()


def test_a_name_a_readable_person_bears_asks_before_making_a_new_person(
    client_as: Any, case: dict[str, Any]
) -> None:
    client = client_as("investigator")
    excerpt = _cite(client, case["persian"], "حسینعلی نیری")
    people = Person.objects.count()
    # The tester's spelling: Arabic yeh and a shadda.
    response = _name(client, excerpt, "حسينعلي نيّري")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Possible existing person" in page and f"(#{_nayyeri().pk})" in page
    assert Person.objects.count() == people
    confirmed = _name(client, excerpt, "حسينعلي نيّري", someone_else="on")
    assert confirmed.status_code == 200
    assert Person.objects.count() == people + 1
    assert Person.objects.order_by("-pk")[0].names.get().script == "persian"


def test_the_namesake_look_up_finds_only_names_the_reader_may_read(
    cast: dict[str, Any], case: dict[str, Any]
) -> None:
    secret = Excerpt.objects.filter(source=case["testimony"]).first()
    assert secret is not None
    # A public person whose other name only a confidential testimony gives.
    actions.add_name(
        case["raisi"], actions.NameSpec("Zohreh Hiddenname", "latin", [secret]), actor="test"
    )

    def found(role: str) -> list[Person]:
        user = cast[role]
        gates = access.people_visible_to(user), access.names_visible_to(user)
        return people_named(*gates, "zohreh  HIDDENNAME")

    assert found("investigator") == [case["raisi"]]
    assert found("reviewer") == []
