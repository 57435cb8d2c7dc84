"""A source's file-derived title is hidden from the public and viewers; searching for it must
not confirm it either (a hit on "Maryam Ahmadi" would tell who the witness is)."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.evidence.access import untitled_title
from khavaran.public_ids import public_id
from tests.web.test_web_sources import _published

pytestmark = pytest.mark.django_db

TEXT = "Statement about Gohardasht in August 1988."


@pytest.fixture
def witness_file(client_as: Any, tmp_path: Any) -> Any:
    path = tmp_path / "witness-Maryam-Ahmadi.txt"
    path.write_text(TEXT, encoding="utf-8")
    return _published(client_as, path)


def test_the_public_search_does_not_match_a_hidden_title(client_as: Any, witness_file) -> None:
    public = client_as(None)
    assert (
        untitled_title(witness_file.pk)
        in public.get("/public/search/?q=Gohardasht").content.decode()
    )
    for guess in ("Maryam Ahmadi", "Ahmadi"):
        page = public.get("/public/search/", {"q": guess}).content.decode()
        assert untitled_title(witness_file.pk) not in page, guess


def hits_of(page: str) -> str:
    """The hits of a search page (the sources page lists every source below them)."""
    start = page.find('class="hits"')
    return page[start : page.find("</ol>", start)] if start >= 0 else ""


def test_a_viewer_search_does_not_match_a_hidden_title(client_as: Any, witness_file) -> None:
    viewer = client_as("viewer")
    for url in ("/search/", "/sources/"):
        found = viewer.get(url, {"q": "Gohardasht"}).content.decode()
        guessed = viewer.get(url, {"q": "Ahmadi"}).content.decode()
        assert untitled_title(witness_file.pk) in hits_of(found)
        assert untitled_title(witness_file.pk) not in hits_of(guessed)
    # Staff read the file's title, and find the source by it.
    assert "witness-Maryam-Ahmadi" in client_as("analyst").get("/search/?q=Ahmadi").content.decode()


def test_a_given_title_is_still_found_by_the_text_it_shares(client_as: Any, tmp_path) -> None:
    from khavaran.evidence.models import Source
    from khavaran.ingest.pipeline import IngestOptions, ingest_file

    path = tmp_path / "scan-7.txt"
    path.write_text("The commission met in Evin.", encoding="utf-8")
    options = IngestOptions(actor="tester", confidentiality="public", title="Commission report")
    source = Source.objects.get(pk=ingest_file(path, options).source_id)
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    page = client_as(None).get("/public/search/?q=commission").content.decode()
    assert (
        "Commission report" in page and f"/public/sources/{public_id('source', source.pk)}/" in page
    )
