"""Permissions on every URL: walk the URL conf, open each URL as the anonymous public (public
site on and off) and as a viewer, with the ids of restricted and confidential records, by GET
and by POST, and prove that no restricted or confidential data comes back from any of them."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from khavaran.evidence.actions import cite_quote
from khavaran.ingest.pipeline import IngestOptions, ingest_file
from khavaran.public_ids import public_id
from khavaran.records.actions import ClaimSpec, NameSpec, create_person, record_claim
from khavaran.web.actions import set_public_site
from khavaran.web.views.history import KINDS

pytestmark = pytest.mark.django_db

# Words that occur only in restricted or confidential records.
SECRET_MARKERS = (
    "Invented sample testimony",
    "Witness A",
    "no stones, no names",
    "burial-site:khavaran",
    "Zeta Secretperson",
    "restricted-marker-7731",
    "restricted-claim-marker",
)


def walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found += walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.callback))
    return found


ROUTES = walk(get_resolver().url_patterns)


@pytest.fixture
def secrets(case: dict[str, Any], tmp_path: Path) -> dict[str, list[str]]:
    """Restricted and confidential records beside the case's confidential testimony."""
    path = tmp_path / "restricted.txt"
    path.write_text("An internal note: restricted-marker-7731 about Evin.", encoding="utf-8")
    outcome = ingest_file(path, IngestOptions(actor="test", confidentiality="restricted"))
    from khavaran.evidence.models import Source

    restricted = Source.objects.get(pk=outcome.source_id)
    note = cite_quote(restricted, "restricted-marker-7731", actor="test")
    claim = record_claim(
        ClaimSpec(
            question="restricted-claim-marker", predicate="note", value_text="x", excerpts=[note]
        ),
        actor="test",
    )
    said = cite_quote(case["testimony"], "Witness A", actor="test")
    person = create_person(
        [NameSpec("Zeta Secretperson", "latin", [said])],
        actor="test",
        confidentiality="confidential",
    )
    secret_claim = case["secret_claim"]
    ids = {str(x.pk) for x in (restricted, claim, person, case["testimony"], secret_claim)}
    from khavaran.audit.models import AuditEvent

    seqs = [
        str(e.seq)
        for e in AuditEvent.objects.filter(model="records.Claim", object_id=str(secret_claim.pk))
    ]
    return {
        "pk": sorted(ids),
        # The public site names records by public id: the hidden ones', tried on every page.
        "token": sorted(
            {
                public_id(kind, x.pk)
                for kind, x in (
                    ("source", restricted),
                    ("source", case["testimony"]),
                    ("claim", claim),
                    ("claim", secret_claim),
                    ("person", person),
                )
            }
        ),
        "seq": seqs or ["1"],
        "slug": [*KINDS, "source"],
        "question": [secret_claim.question, "restricted-claim-marker"],
        "path": ["khavaran/khavaran.js"],
    }


def urls_for(route: str, values: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    urls = []
    for combo in itertools.product(*(values[n] for n in names)):
        url = route
        for name, value in zip(names, combo, strict=True):
            url = re.sub(r"<(?:\w+:)?" + name + ">", value, url)
        urls.append("/" + url)
    return urls


def test_it_guards_every_view_with_an_access_rule() -> None:
    unguarded = [route for route, view in ROUTES if not hasattr(view, "khavaran_access")]
    assert unguarded == []


@pytest.mark.parametrize(
    "reader", ["anonymous, public site off", "anonymous, public site on", "viewer"]
)
def test_it_shows_no_restricted_or_confidential_data(
    reader: str, client_as: Any, secrets: dict[str, list[str]]
) -> None:
    set_public_site(reader.endswith("on") or reader == "viewer", actor="test")
    client = client_as("viewer" if reader == "viewer" else None)
    checked = 0
    for route, _view in ROUTES:
        for url in urls_for(route, secrets):
            for response in (client.get(url), client.post(url, {"reason": "x"})):
                assert response.status_code in {200, 302, 400, 403, 404, 405}, url
                body = (
                    b"".join(response.streaming_content)
                    if response.streaming
                    else (response.content)
                )
                leaked = [m for m in SECRET_MARKERS if m.encode() in body]
                assert leaked == [], f"{url} shows {leaked} to {reader}"
                checked += 1
    assert checked > 200


def test_it_shows_the_markers_to_an_investigator(
    client_as: Any, case: dict[str, Any], secrets: dict[str, list[str]]
) -> None:
    """The positive control: the markers above really are on the pages readers were denied."""
    page = client_as("investigator").get(f"/sources/{case['testimony'].pk}/").content
    assert b"Witness A" in page


def test_it_hides_confidential_data_from_analysts_and_reviewers(
    client_as: Any, case: dict[str, Any], secrets: dict[str, list[str]]
) -> None:
    for role in ("analyst", "reviewer"):
        client = client_as(role)
        assert client.get(f"/sources/{case['testimony'].pk}/").status_code == 404
        claims = client.get("/claims/").content
        assert b"burial-site:khavaran" not in claims
        assert b"restricted-claim-marker" in claims


def test_it_lets_a_viewer_open_no_confidential_source_by_url(
    client_as: Any, case: dict[str, Any]
) -> None:
    pk = case["testimony"].pk
    client = client_as("viewer")
    assert client.get(f"/sources/{pk}/").status_code == 404
    assert client.get(f"/sources/{pk}/original/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/people/9223372036854775808/",
        "/sources/99999999999999999999/",
        "/new/claim/?excerpts=9223372036854775808",
        "/new/name/?excerpts=9223372036854775808",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found_not_a_server_error(
    client_as: Any, url: str
) -> None:
    assert client_as("investigator").get(url).status_code in (200, 404)


def test_a_form_given_an_id_too_large_for_the_database_refuses_it(
    client_as: Any, case: dict[str, Any]
) -> None:
    response = client_as("investigator").post(
        "/new/claim/", {"excerpts": ["9223372036854775808"], "question": "q", "predicate": "p"}
    )
    assert response.status_code == 400


def test_assessing_a_claim_never_sends_the_reviewer_to_another_site(
    client_as: Any, case: dict[str, Any]
) -> None:
    from khavaran.records.models import Claim

    claim = Claim.objects.filter(confidentiality="public").first()
    assert claim is not None
    response = client_as("reviewer").post(
        f"/claims/{claim.pk}/assess/",
        {"assessment": "uncorroborated", "reason": "check", "next": "https://evil.example/x"},
    )
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
