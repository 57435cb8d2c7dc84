"""The public search pages through every public hit, as the workspace's does, and never counts
a hidden one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_source

pytestmark = pytest.mark.django_db


def test_the_public_search_pages_its_hits_and_counts_only_public_ones(
    client_as: Any, tmp_path: Any
) -> None:
    for i in range(35):
        make_source(tmp_path, f"Zarrinabad prison held them, report {i}.", name=f"p{i}.txt")
    make_source(tmp_path, "Zarrinabad witness.", name="w.txt", confidentiality="confidential")
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    public = client_as(None)
    first = public.get("/public/search/", {"q": "Zarrinabad"})
    assert first.status_code == 200
    page = first.content.decode()
    assert "35 hits" in page
    second = public.get("/public/search/", {"q": "Zarrinabad", "page": "2"}).content.decode()
    assert second.count("prison held them, report") == 5
    assert "witness" not in page + second
