"""A visitor of the public site in a language, and the pages it reads: for the tests of what
the public site shows."""

from __future__ import annotations

from typing import Any

from django.test import Client


def public_reader(client_as: Any, language: str) -> Client:
    """An anonymous visitor reading in `language`, the public site opened by an admin."""
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    client: Client = client_as(None)
    client.post("/language/", {"language": language, "next": "/public/"})
    return client


def page_at(client: Client, url: str) -> str:
    """The page's HTML, which must be there (200)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
