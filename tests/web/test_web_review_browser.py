"""The review queue in a real browser: `khavaran demo`, then `khavaran extract --all`, then an
investigator accepts a proposed name on the source's review page (an htmx post under the CSP)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_web_browser import (
    _page,
    browser,  # noqa: F401  (the fixture)
    demo_server,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("review-browser") / "data"
    with demo_server(data, {"ines": "investigator"}, then=(("extract", "--all"),)) as url:
        yield url


def test_an_investigator_accepts_a_proposed_name_in_place(
    browser: Any,  # noqa: F811  (the imported fixture)
    review_server: str,
    shots: Path,
) -> None:
    page = _page(browser, review_server, "ines")
    page.goto("/review/")
    page.click("a:has-text('Tehran')")
    page.wait_for_selector("#source-text mark.proposal.mention")
    proposal = page.locator("li.proposal-item", has_text="“Nayyeri”")
    proposal_id = proposal.get_attribute("id")
    marks_before = page.locator("#source-text mark").count()
    page.screenshot(path=str(shots / "review-queue.png"))
    proposal.locator("button.accept-button").click()
    status = page.wait_for_selector("#review-status")
    assert "new person" in status.inner_text()
    assert page.locator(f"#{proposal_id}").count() == 0
    assert page.locator("#source-text mark").count() < marks_before
    page.click("#review-status a")
    page.wait_for_url("**/people/*/")
    assert "Nayyeri" in page.inner_text("main")
    assert page.errors == []
