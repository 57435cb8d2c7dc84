"""The estimates page: stored estimates, read-only, each reader seeing only what their clearance
allows (an estimate is as protected as the most protected list it counts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from khavaran.analysis.models import Estimate, LinkageRun
from tests.factories import make_estimate, make_linkage_run, make_victim_list

pytestmark = pytest.mark.django_db


def three_lists(tmp_path: Path, level: str, first: int) -> LinkageRun:
    """Three overlapping lists of 60 people numbered from ``first``, the third at ``level``."""
    people = range(60)
    on_a = [first + i for i in people if i % 2 == 0 or i < 20]
    on_b = [first + i for i in people if i % 3 == 0 or i > 30]
    on_c = [first + i for i in people if i % 5 == 0 or i >= 45]
    a = make_victim_list(tmp_path, f"{level}-a", on_a, confidentiality="public")
    b = make_victim_list(tmp_path, f"{level}-b", on_b, confidentiality="public")
    c = make_victim_list(tmp_path, f"{level}-c", on_c, confidentiality=level)
    return make_linkage_run([a, b, c])


@pytest.fixture
def estimates(cast: dict[str, Any], tmp_path: Path) -> dict[str, Estimate]:
    """One estimate per confidentiality level."""
    levels = ("public", "restricted", "confidential")
    return {
        level: make_estimate(three_lists(tmp_path, level, 100 * n))
        for n, level in enumerate(levels)
    }


def shown(client: Any) -> str:
    response = client.get("/estimates/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_viewer_sees_only_the_estimates_of_public_lists(client_as, estimates):
    page = shown(client_as("viewer"))
    assert f'id="estimate-{estimates["public"].pk}"' in page
    assert f'id="estimate-{estimates["restricted"].pk}"' not in page
    assert f'id="estimate-{estimates["confidential"].pk}"' not in page


def test_an_analyst_sees_restricted_estimates_but_not_confidential_ones(client_as, estimates):
    page = shown(client_as("analyst"))
    assert f'id="estimate-{estimates["restricted"].pk}"' in page
    assert f'id="estimate-{estimates["confidential"].pk}"' not in page
    assert f'id="estimate-{estimates["confidential"].pk}"' in shown(client_as("investigator"))


def test_each_estimate_says_how_it_was_made(client_as, estimates):
    public = estimates["public"]
    page = shown(client_as("viewer"))
    assert public.input_sha256 in page and f"Linkage run {public.linkage_run_id}" in page
    assert f"{public.total:,.0f}" in page and "criterion=bic" in page
    assert f"khavaran estimate reproduce {public.pk}" in page


def test_the_anonymous_are_sent_to_sign_in(client_as, estimates):
    assert client_as(None).get("/estimates/").status_code == 302


def test_the_page_is_translated_to_persian(client_as, estimates):
    client = client_as("viewer")
    client.post("/language/", {"language": "fa", "next": "/estimates/"})
    assert "برآوردها" in shown(client)


def test_figures_are_grouped_in_the_readers_digits_and_an_open_end_is_said_in_words(
    client_as: Any, estimates: dict[str, Estimate]
) -> None:
    estimate = estimates["public"]
    Estimate.objects.filter(pk=estimate.pk).update(
        total=450_060_001, interval_low=204_435_401, interval_high=float("inf"), observed=60_001
    )
    row = shown(client_as("admin")).split(f'id="estimate-{estimate.pk}"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert "<strong>450,060,001</strong>" in row
    assert "204,435,401 – no upper bound" in row and "inf" not in row
    assert "<td>60,001</td>" in row
    persian = client_as("admin")
    persian.post("/language/", {"language": "fa", "next": "/estimates/"})
    fa_row = shown(persian).split(f'id="estimate-{estimate.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "<strong>۴۵۰٬۰۶۰٬۰۰۱</strong>" in fa_row


def test_the_settings_shown_are_the_methods_own(
    client_as: Any, estimates: dict[str, Estimate]
) -> None:
    # A log-linear estimate is not shown with LCMCR's chains, which it never used.
    estimate = estimates["public"]
    assert estimate.method == "loglinear"
    details = shown(client_as("admin")).split(f'id="estimate-{estimate.pk}"', 1)[1]
    details = details.split("</details>", 1)[0]
    assert "criterion=" in details and "burn_in" not in details and "chains" not in details
    assert "public-a, public-b, public-c" in details
