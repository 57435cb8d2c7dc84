"""The lists page says which lists the latest run does not count yet."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_linkage_run, make_victim_list

pytestmark = pytest.mark.django_db


def test_a_list_imported_after_the_run_is_named_as_not_counted_yet(
    client_as: Any, tmp_path: Any
) -> None:
    lists = [make_victim_list(tmp_path, "families", range(1, 12))]
    lists.append(make_victim_list(tmp_path, "memorial", range(5, 15)))
    make_linkage_run(lists)
    assert "Not counted yet" not in client_as("admin").get("/lists/").content.decode()
    make_victim_list(tmp_path, "tribunal", range(20, 25))
    page = client_as("admin").get("/lists/").content.decode()
    assert "Not counted yet: tribunal, imported after this run." in page
