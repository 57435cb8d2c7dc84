"""The workspace's review and lists pages as a reviewer reads them: a column the linkage does
not use is one row with each record's cell in its own column, marked only where the cells
differ; the documented count says what it is and how many pairs may still move it."""

from __future__ import annotations

from typing import Any

import pytest

from khavaran.analysis.models import LinkPair
from tests.cli.test_link_review_display import memoir_pair


@pytest.fixture(scope="module")
def pair_id(
    shipped_case: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> int:
    """The memoir pair of the CLI's tests, undecided, once per module (rolled back after)."""
    with django_db_blocker.unblock():
        return memoir_pair(tmp_path_factory.mktemp("lists")).pk


def test_an_unused_column_is_one_row_marked_only_where_the_cells_differ(
    client_as: Any, pair_id: int
) -> None:
    page = client_as("reviewer").get("/lists/review/").content.decode()
    assert f'id="pair-{pair_id}"' in page
    assert page.count("<th>Age</th>") == 1 and page.count("<th>Ward</th>") == 1
    assert '<th>Age</th><td dir="auto">31</td><td dir="auto">31</td>' in page
    assert (
        '<th>Ward</th><td dir="auto" class="differs">3</td><td dir="auto" class="differs">1</td>'
        in page
    )


def test_the_count_is_not_called_unique_and_names_the_undecided_pairs(
    client_as: Any, pair_id: int
) -> None:
    page = client_as("reviewer").get("/lists/").content.decode()
    assert "unique victims" not in page
    assert '<strong id="documented-victims">2</strong> victims documented' in page
    assert "neither a minimum nor a maximum" in page
    assert (
        '<p class="warning" id="undecided-pairs">1 pair undecided: the count may move by about '
        "that many.</p>"
    ) in page


def test_once_the_pair_is_decided_no_pair_is_said_to_be_undecided(
    client_as: Any, pair_id: int
) -> None:
    client = client_as("reviewer")
    response = client.post(f"/lists/pairs/{pair_id}/decide/", {"decision": "split"})
    assert response.status_code in (200, 302)
    assert LinkPair.objects.filter(pk=pair_id).exists()
    page = client.get("/lists/").content.decode()
    assert "No pairs undecided in the review band." in page
