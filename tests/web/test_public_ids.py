"""The public site names records by public ids: no page says how many records are hidden."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from khavaran.evidence.models import Excerpt, Source
from khavaran.public_ids import public_id, row_of
from khavaran.records import access
from khavaran.records.models import Claim, Incident, Name, Person
from tests.factories import make_excerpt, make_source
from tests.web.public_reader import page_at, public_reader
from tests.web.test_web_sources import _published

pytestmark = pytest.mark.django_db

# A row id left in a public link or anchor: what the tester counted gaps in.
ROW_ID = re.compile(
    r'/public/(?:people|incidents|claims|sources)/\d+/|excerpt=\d+#|excerpt-\d+"'
    r'|data-excerpts="[\d ]+"|claim-\d+"'
)

# A record named by its row id in a page's text ("Person 6"): the same count, in words.
ROW_ID_TEXT = re.compile(r"\b(?:Person|Source) \d+\b")


def _public_pages(client: Any) -> list[str]:
    """Every page of the public site a visitor reaches from its lists, with its links."""
    lists = ["/public/", "/public/victims/", "/public/officials/", "/public/incidents/"]
    pages = [page_at(client, url) for url in [*lists, "/public/sources/"]]
    pages.append(page_at(client, "/public/search/?q=Tehran"))
    pages.append(page_at(client, "/public/search/?q=Raisi"))
    linked = set(
        re.findall(r'href="(/public/(?:people|incidents|claims|sources)/[^"]+)"', "".join(pages))
    )
    return pages + [page_at(client, url.replace("&amp;", "&")) for url in sorted(linked)]


def test_no_public_page_links_a_record_by_its_row_id(client_as: Any, case: Any) -> None:
    pages = _public_pages(public_reader(client_as, "en"))
    assert len(pages) > 10
    for page in pages:
        assert ROW_ID.search(page) is None, ROW_ID.search(page)


def test_no_public_page_names_a_record_by_its_row_id(
    client_as: Any, case: Any, tmp_path: Path
) -> None:
    # A public victim whose names only a confidential testimony gives (a name is as protected
    # as its citation): the public may read of her, but no name.
    victim = access.participants_visible_to(None).filter(role="victim").first()
    assert victim is not None
    person = victim.person
    testimony = make_source(
        tmp_path, "Her name was given in confidence.", name="t.txt", confidentiality="confidential"
    )
    Name.excerpts.through.objects.filter(name__person=person).update(
        excerpt=make_excerpt(testimony)
    )
    pages = _public_pages(public_reader(client_as, "en"))
    text = "".join(pages)
    assert ROW_ID_TEXT.search(text) is None, ROW_ID_TEXT.search(text)
    unnamed = f"Person {public_id('person', person.pk)[:6]}"
    person_page = page_at(client_as(None), f"/public/people/{public_id('person', person.pk)}/")
    assert f"<h1>{unnamed}" in person_page or f">{unnamed}<" in person_page
    assert unnamed in page_at(client_as(None), "/public/victims/")


def test_public_pages_link_people_incidents_claims_and_sources_by_public_id(
    client_as: Any, case: Any
) -> None:
    text = "".join(_public_pages(public_reader(client_as, "en")))
    for model, where, kind in (
        (Person, "people", "person"),
        (Incident, "incidents", "incident"),
        (Claim, "claims", "claim"),
        (Source, "sources", "source"),
    ):
        public = model.objects.filter(confidentiality="public").first()
        assert public is not None
        assert f"/public/{where}/{public_id(kind, public.pk)}/" in text, kind


def test_a_record_by_its_row_id_is_not_found_public_or_hidden(client_as: Any, case: Any) -> None:
    client = public_reader(client_as, "en")
    public, hidden = case["english"], case["testimony"]
    answers = [client.get(f"/public/sources/{s.pk}/") for s in (public, hidden)]
    # Never a redirect, which would confirm that the row exists.
    assert [a.status_code for a in answers] == [404, 404]
    assert not any(a.has_header("Location") for a in answers)
    assert client.get(f"/public/sources/{public_id('source', public.pk)}/").status_code == 200


def test_a_hidden_records_public_id_is_not_found(client_as: Any, case: Any) -> None:
    client = public_reader(client_as, "en")
    hidden = case["testimony"]
    assert client.get(f"/public/sources/{public_id('source', hidden.pk)}/").status_code == 404
    # Nor is a public record under the id of another kind.
    person = Person.objects.filter(confidentiality="public").first()
    assert person is not None
    assert client.get(f"/public/people/{public_id('source', person.pk)}/").status_code == 404


def test_public_ids_keep_neither_order_nor_kind() -> None:
    ids = [public_id("person", pk) for pk in range(1, 200)]
    assert len(set(ids)) == len(ids) and ids != sorted(ids)
    assert all(len(i) == 16 and not i.isdigit() for i in ids)
    assert [row_of("person", i) for i in ids] == list(range(1, 200))
    assert public_id("source", 5) != public_id("person", 5)
    assert row_of("source", public_id("person", 5)) is None
    assert row_of("person", "AAAAAAAAAAAAAAAA") is None and row_of("person", "12") is None


def test_an_old_secret_key_kept_as_a_fallback_keeps_shared_links_working() -> None:
    with override_settings(SECRET_KEY="old key"):
        shared = public_id("person", 12)
    with override_settings(SECRET_KEY="new key"):
        assert public_id("person", 12) != shared
        assert row_of("person", shared) is None
    with override_settings(SECRET_KEY="new key", SECRET_KEY_FALLBACKS=["old key"]):
        assert row_of("person", shared) == 12


def test_a_source_page_marks_the_excerpt_its_public_id_names(client_as: Any, case: Any) -> None:
    source = case["english"]
    excerpt = Excerpt.objects.filter(source=source).first()
    assert excerpt is not None
    url = f"/public/sources/{public_id('source', source.pk)}/"
    marked = page_at(
        public_reader(client_as, "en"), f"{url}?excerpt={public_id('excerpt', excerpt.pk)}"
    )
    assert f'id="excerpt-{public_id("excerpt", excerpt.pk)}"' in marked
    assert 'class="excerpt focus"' in marked
    # The row id marks nothing.
    assert 'class="excerpt focus"' not in page_at(
        public_reader(client_as, "en"), f"{url}?excerpt={excerpt.pk}"
    )


def test_a_web_page_is_downloaded_cleaned_as_an_attachment_that_runs_nothing(
    client_as: Any, tmp_path: Path
) -> None:
    page = tmp_path / "saved.html"
    page.write_bytes(
        b"<!-- saved from url=(0030)https://forum.example/u/w -->\n<html><head>"
        b'<meta charset="utf-8"><meta name="author" content="Witness A"><title>Letter</title>'
        b"<script>alert(document.cookie)</script></head><body><p>The letter.</p></body></html>"
    )
    source = _published(client_as, page)
    token = public_id("source", source.pk)
    assert "Download (without the file" in page_at(client_as(None), f"/public/sources/{token}/")
    response = client_as(None).get(f"/public/sources/{token}/original/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="source-{token}.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    served = b"".join(response.streaming_content)
    assert b"<p>The letter.</p>" in served and b'<meta charset="utf-8">' in served
    for hidden in (b"Witness", b"saved from", b"<script", b"forum.example"):
        assert hidden not in served
